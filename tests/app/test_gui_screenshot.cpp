// `spectroscope FILE --screenshot OUT.png`, as the README's screenshots are made: a cache opens
// without its model and the window is saved once every view has its data; a bad model, cache or
// session goes to stderr with the file's name and a non-zero exit code, without waiting on a
// dialog.
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int kTimeoutMs = 120000;

struct Result {
    int code = -1;
    QString err;
    bool finished = false;
};

Result run(const QString& program, const QStringList& args, const QString& cacheDir)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("SPECTRO_CACHE_DIR"), cacheDir);
    p.setProcessEnvironment(env);
    p.start(program, args);
    Result r;
    r.finished = p.waitForFinished(kTimeoutMs);
    if (!r.finished) p.kill();
    r.code = p.exitCode();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

Result gui(const QStringList& args, const QString& cacheDir)
{
    return run(QStringLiteral(SPECTRO_GUI_PATH), args, cacheDir);
}

} // namespace

class TestScreenshot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void badFilesExitNonZeroNamingTheFile_data();
    void badFilesExitNonZeroNamingTheFile();
    void cacheAloneIsCapturedWhenEveryViewHasData();

private:
    QTemporaryDir tmp_;
};

void TestScreenshot::initTestCase()
{
    QVERIFY(tmp_.isValid());
}

void TestScreenshot::badFilesExitNonZeroNamingTheFile_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("model") << QStringLiteral("broken.bin") << QByteArray("not a checkpoint at all");
    QTest::newRow("cache") << QStringLiteral("broken.h5") << QByteArray("\x89HDF\r\n\x1a\n garbage", 18);
    QTest::newRow("session") << QStringLiteral("broken.spectro")
                             << QByteArray("{\"format\": \"spectroscope-session\",");
    QTest::newRow("missing") << QStringLiteral("absent.h5") << QByteArray();
}

void TestScreenshot::badFilesExitNonZeroNamingTheFile()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    const QString path = tmp_.filePath(name);
    if (!bytes.isEmpty()) spectro::test::writeAll(path, bytes);
    const QString out = tmp_.filePath(name + QStringLiteral(".png"));
    const Result r = gui({path, QStringLiteral("--screenshot"), out}, tmp_.path());
    QVERIFY2(r.finished, "the app did not exit: it waits on something");
    QVERIFY2(r.code != 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(name), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

void TestScreenshot::cacheAloneIsCapturedWhenEveryViewHasData()
{
    SPECTRO_REQUIRE_SHARED();
    const QString cache = tmp_.filePath(QStringLiteral("c.h5"));
    const Result made =
        run(QStringLiteral(SPECTRO_CLI_PATH),
            {QStringLiteral("run"), QString::fromStdString(spectro::test::modelPath("stories260K/stories260K.bin")),
             QStringLiteral("--text"),
             QString::fromStdString(spectro::test::sharedPath("corpora/tinystories_validation_first_stories.txt")),
             QStringLiteral("--samples"), QStringLiteral("2"), QStringLiteral("--max-tokens"), QStringLiteral("48"),
             QStringLiteral("--taps"), QStringLiteral("resid,attn_out,mlp_out,attn"), QStringLiteral("--out"), cache},
            tmp_.path());
    QVERIFY2(made.code == 0, qPrintable(made.err));
    const QString out = tmp_.filePath(QStringLiteral("cache.png"));
    const Result r = gui({cache, QStringLiteral("--screenshot"), out}, tmp_.path());
    QVERIFY2(r.finished && r.code == 0, qPrintable(r.err));
    const QImage image(out);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1920, 1200));
}

QTEST_GUILESS_MAIN(TestScreenshot)
#include "test_gui_screenshot.moc"
