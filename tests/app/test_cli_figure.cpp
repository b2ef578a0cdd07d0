// spectroscope-cli figure: every KIND written as PDF, SVG and PNG by the workbench's own views,
// each file valid (checked with a parser) and naming in its metadata the SHA-256 of the CSV the
// same view writes; that CSV equals the one the app's view shows for the same session; a session
// re-rendered twice gives byte-identical CSV; bad input fails with one line.
#include "cli_support.h"
#include "engine_jobs.h"
#include "figure_view.h"
#include "publication_pdf_info.h"
#include "test_support.h"
#include "view_registry.h"
#include "workbench/session.h"
#include "workbench_source.h"

#include <QCryptographicHash>
#include <QDir>
#include <QImage>
#include <QPointer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <cmath>
#include <cstdlib>

using namespace spectro;
using spectro::test::cli;
using spectro::test::CliResult;

namespace {

// The kinds --all renders from a session with every view open, and their view ids.
const std::pair<const char*, const char*> kViewKinds[] = {
    {"spectrum", "spectrum"},           {"aptitude", "aptitude"}, {"sinks", "attention_received"},
    {"attention", "attention_pattern"}, {"udr", "dark_ratio"},    {"hmlv", "hmlv"},
    {"spectrogram", "spectrogram"},     {"bos", "bos_story"},     {"sink-grid", "sink_grid"},
    {"tokens", "token_strip"},          {"sink-rate", "sink_rate"}, {"massive", "massive_activations"},
    {"triad", "triad"},
};
const char* const kLabKinds[] = {"filter", "sweep", "generation"};

// One-column figure, 150 dpi: 8.5 x 5.5 cm is 502 x 325 pixels.
constexpr double kWidthCm = 8.5, kHeightCm = 5.5;
constexpr int kDpi = 150;
const QStringList kSizeArgs = {QStringLiteral("--width-cm"), QStringLiteral("8.5"),   QStringLiteral("--height-cm"),
                               QStringLiteral("5.5"),        QStringLiteral("--dpi"), QStringLiteral("150"),
                               QStringLiteral("--font-pt"),  QStringLiteral("8")};

QByteArray bytesOf(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString sha256Of(const QString& path)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytesOf(path), QCryptographicHash::Sha256).toHex());
}

// PDF: the header, an xref whose startxref points at it, an Info dictionary with the provenance.
void verifyPdf(const QString& path, const QString& dataSha)
{
    const QByteArray pdf = bytesOf(path);
    QVERIFY2(pdf.startsWith("%PDF-"), qPrintable(path));
    QVERIFY2(pdf.trimmed().endsWith("%%EOF"), qPrintable(path));
    const qsizetype startxref = pdf.lastIndexOf("startxref");
    QVERIFY(startxref > 0);
    const qsizetype xref = pdf.mid(startxref + 9).trimmed().split('\n').front().toLongLong();
    QVERIFY2(pdf.mid(xref, 4) == "xref", qPrintable(path + ": startxref does not point at an xref table"));
    const qsizetype trailer = pdf.lastIndexOf("trailer");
    QVERIFY2(pdf.mid(trailer, startxref - trailer).contains("/Info"), qPrintable(path + ": no /Info in the trailer"));
    QCOMPARE(widgets::pdfInfoEntry(pdf, QStringLiteral("data_sha256")), dataSha);
    QVERIFY2(widgets::pdfInfoEntry(pdf, QStringLiteral("Subject")).contains(QStringLiteral("model_fingerprint")),
             qPrintable(path + ": the Info's Subject lacks the provenance"));
    QVERIFY2(!widgets::pdfInfoEntry(pdf, QStringLiteral("app_version")).isEmpty(), qPrintable(path));
    // Text is embedded as fonts, not left to the reader's system.
    QVERIFY2(pdf.contains("/FontFile"), qPrintable(path + ": no embedded font"));
    // 8.5 x 5.5 cm = 241 x 156 pt.
    const QRegularExpression mediaBox(QStringLiteral("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]"));
    const auto box = mediaBox.match(QString::fromLatin1(pdf));
    QVERIFY(box.hasMatch());
    QVERIFY(std::abs(box.captured(1).toDouble() - kWidthCm / 2.54 * 72) < 1.0);
    QVERIFY(std::abs(box.captured(2).toDouble() - kHeightCm / 2.54 * 72) < 1.0);
}

void verifySvg(const QString& path, const QString& dataSha)
{
    QXmlStreamReader xml(bytesOf(path));
    bool sawSvg = false, sawSha = false, sawText = false;
    QString element;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            element = xml.name().toString();
            sawSvg = sawSvg || element == QLatin1String("svg");
            sawText = sawText || element == QLatin1String("text");
        }
        if (xml.isCharacters() && element == QLatin1String("desc") &&
            xml.text().contains(QStringLiteral("data_sha256: ") + dataSha))
            sawSha = true;
    }
    QVERIFY2(!xml.hasError(), qPrintable(path + ": " + xml.errorString()));
    QVERIFY2(sawSvg, qPrintable(path));
    QVERIFY2(sawSha, qPrintable(path + ": the <desc> lacks the data's SHA-256"));
    QVERIFY2(sawText, qPrintable(path + ": no <text>: labels should stay text"));
}

void verifyPng(const QString& path, const QString& dataSha)
{
    const QImage image(path);
    QVERIFY2(!image.isNull(), qPrintable(path));
    QCOMPARE(image.width(), static_cast<int>(std::lround(kWidthCm / 2.54 * kDpi)));
    QCOMPARE(image.height(), static_cast<int>(std::lround(kHeightCm / 2.54 * kDpi)));
    QCOMPARE(image.text(QStringLiteral("data_sha256")), dataSha);
    QVERIFY(image.text(QStringLiteral("Description")).contains(QStringLiteral("model_fingerprint")));
}

void verifyFigure(const QString& path, const QString& csvPath)
{
    const QString sha = sha256Of(csvPath);
    QVERIFY2(bytesOf(csvPath).startsWith("# "), qPrintable(csvPath + ": no provenance header"));
    if (path.endsWith(QLatin1String(".pdf"))) verifyPdf(path, sha);
    if (path.endsWith(QLatin1String(".svg"))) verifySvg(path, sha);
    if (path.endsWith(QLatin1String(".png"))) verifyPng(path, sha);
}

} // namespace

class TestCliFigure : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyViewKindInEveryFormat();
    void filterLabKindsInEveryFormat();
    void csvEqualsTheAppsView();
    void sessionRerenderIsByteIdentical();
    void badInputFailsInOneLine();

private:
    QString allInto(const QString& format);
    QTemporaryDir tmp_;
    QString model_, cache_, session_;
    QString svgDir_;
};

void TestCliFigure::initTestCase()
{
    SPECTRO_REQUIRE_SHARED();
    QVERIFY(tmp_.isValid());
    qputenv("SPECTRO_CACHE_DIR", tmp_.filePath(QStringLiteral("spectra")).toUtf8());
    model_ = QString::fromStdString(test::modelPath("stories260K/stories260K.bin"));
    cache_ = tmp_.filePath(QStringLiteral("figures.h5"));
    CliResult r =
        cli({QStringLiteral("run"), model_, QStringLiteral("--text"),
             QString::fromStdString(test::sharedPath("corpora/tinystories_validation_first_stories.txt")),
             QStringLiteral("--samples"), QStringLiteral("2"), QStringLiteral("--max-tokens"), QStringLiteral("24"),
             QStringLiteral("--taps"), QStringLiteral("resid,attn_out,mlp_out,attn"), QStringLiteral("--out"), cache_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = cli({QStringLiteral("analyze"), cache_, QStringLiteral("--summary"), tmp_.filePath(QStringLiteral("s.csv"))});
    QVERIFY2(r.code == 0, qPrintable(r.err));

    workbench::Session session;
    session.modelPath = model_.toStdString();
    session.cachePath = cache_.toStdString();
    session.selection.sample = 1;
    session.selection.token = 3;
    session.selection.layer = 2;
    session.selection.head = 1;
    for (const auto& [kind, id] : kViewKinds) session.openViews.emplace_back(id);
    session.viewSettings["spectrum"] = R"({"logY":false})";
    session.viewSettings["token_strip"] = R"({"measure":"attention_received"})";
    session_ = tmp_.filePath(QStringLiteral("paper.spectro"));
    workbench::saveSession(session, session_.toStdString());
}

QString TestCliFigure::allInto(const QString& format)
{
    const QString dir = tmp_.filePath(QStringLiteral("all-") + format + QString::number(std::rand()));
    const CliResult r =
        cli(QStringList{QStringLiteral("figure"), QStringLiteral("--session"), session_, QStringLiteral("--all"),
                        QStringLiteral("--out-dir"), dir, QStringLiteral("--format"), format} +
            kSizeArgs);
    if (r.code != 0) qWarning("%s", qPrintable(r.err));
    return r.code == 0 ? dir : QString();
}

void TestCliFigure::everyViewKindInEveryFormat()
{
    for (const QString& format : {QStringLiteral("pdf"), QStringLiteral("svg"), QStringLiteral("png")}) {
        const QString dir = allInto(format);
        QVERIFY2(!dir.isEmpty(), qPrintable("figure --all --format " + format + " failed"));
        if (format == QLatin1String("svg")) svgDir_ = dir;
        for (const auto& [kind, id] : kViewKinds) {
            const QString base = QDir(dir).filePath(QString::fromLatin1(kind));
            verifyFigure(base + QLatin1Char('.') + format, base + QStringLiteral(".csv"));
            if (QTest::currentTestFailed()) return;
        }
    }
}

void TestCliFigure::filterLabKindsInEveryFormat()
{
    for (const char* kind : kLabKinds) {
        QStringList args{QStringLiteral("figure"), QString::fromLatin1(kind), QStringLiteral("--session"), session_};
        if (QLatin1String(kind) == QLatin1String("generation")) {
            args << QStringLiteral("--prompt") << QStringLiteral("Once upon a time") << QStringLiteral("--steps")
                 << QStringLiteral("8");
        }
        // The sweep takes the default (Phi_u: every layer, k = 1..N, a small grid on this model);
        // the others a filter as the lab's session stores it.
        if (QLatin1String(kind) != QLatin1String("sweep")) {
            args << QStringLiteral("--filter") << QStringLiteral(R"({"kind":"omega-u","k":19,"layers":[1]})");
        }
        args += kSizeArgs;
        const QString base = tmp_.filePath(QString::fromLatin1(kind));
        const CliResult csv = cli(args + QStringList{QStringLiteral("--out"), base + QStringLiteral(".csv")});
        QVERIFY2(csv.code == 0, qPrintable(csv.err));
        for (const QString& format : {QStringLiteral("pdf"), QStringLiteral("svg"), QStringLiteral("png")}) {
            const QString path = base + QLatin1Char('.') + format;
            const CliResult r = cli(args + QStringList{QStringLiteral("--out"), path});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            verifyFigure(path, base + QStringLiteral(".csv"));
            if (QTest::currentTestFailed()) return;
        }
    }
}

void TestCliFigure::csvEqualsTheAppsView()
{
    // The app's way: the same registry entry builds the figure from the same session state, on
    // this thread, into the app's widget; its table must be the CLI's CSV byte for byte.
    QVERIFY(!svgDir_.isEmpty());
    const auto model = gui::loadModelJob(model_, {});
    const auto source = std::make_shared<const gui::WorkbenchSource>(cache_.toStdString(), model->snapshot);
    const workbench::Session session = workbench::loadSession(session_.toStdString()).session;
    for (const auto& [kind, id] : kViewKinds) {
        const gui::ViewDescriptor* d = gui::findView(QString::fromLatin1(id));
        QVERIFY(d);
        std::unique_ptr<widgets::FigureView> view(d->create(nullptr));
        const auto stored = session.viewSettings.find(id);
        const QString settings =
            stored == session.viewSettings.end() ? QStringLiteral("{}") : QString::fromStdString(stored->second);
        d->build({source, session.selection, settings}, QPointer<widgets::FigureView>(view.get()))();
        QVERIFY2(view->hasFigure(), id);
        const QByteArray cliCsv = bytesOf(QDir(svgDir_).filePath(QString::fromLatin1(kind) + QStringLiteral(".csv")));
        QCOMPARE(QByteArray::fromStdString(view->table().csv()), cliCsv);
    }
}

void TestCliFigure::sessionRerenderIsByteIdentical()
{
    QVERIFY(!svgDir_.isEmpty());
    const QString again = allInto(QStringLiteral("svg"));
    QVERIFY(!again.isEmpty());
    for (const auto& [kind, id] : kViewKinds) {
        const QString name = QString::fromLatin1(kind) + QStringLiteral(".csv");
        const QByteArray first = bytesOf(QDir(svgDir_).filePath(name));
        QVERIFY(!first.isEmpty());
        QVERIFY2(first == bytesOf(QDir(again).filePath(name)), qPrintable(name + " differs between two re-renders"));
    }
}

void TestCliFigure::badInputFailsInOneLine()
{
    const QString out = tmp_.filePath(QStringLiteral("bad.pdf"));
    test::expectFailure({QStringLiteral("figure"), QStringLiteral("waterfall"), QStringLiteral("--cache"), cache_,
                         QStringLiteral("--out"), out},
                        QStringLiteral("unknown KIND 'waterfall'"));
    test::expectFailure({QStringLiteral("figure"), QStringLiteral("spectrum"), QStringLiteral("--cache"), cache_,
                         QStringLiteral("--palette"), QStringLiteral("rainbow"), QStringLiteral("--out"), out},
                        QStringLiteral("--palette rainbow"));
    test::expectFailure({QStringLiteral("figure"), QStringLiteral("aptitude"), QStringLiteral("--cache"), cache_,
                         QStringLiteral("--out"), out},
                        QStringLiteral("needs the model's weights"));
    test::expectFailure({QStringLiteral("figure"), QStringLiteral("spectrum"), QStringLiteral("--cache"), cache_,
                         QStringLiteral("--out"), tmp_.filePath(QStringLiteral("bad.gif"))},
                        QStringLiteral("bad.gif"));
    test::expectFailure({QStringLiteral("figure"), QStringLiteral("--all"), QStringLiteral("--cache"), cache_,
                         QStringLiteral("--out-dir"), tmp_.filePath(QStringLiteral("x"))},
                        QStringLiteral("--session"));
    QVERIFY(!QFile::exists(out));
}

QTEST_MAIN(TestCliFigure)
#include "test_cli_figure.moc"
