// SessionController: hover previews only while unlocked and ends where it began, a click locks,
// unlock releases; the
// session's file round-trips the selection, paths, layout and view settings, and a file that is not
// a session leaves the session as it was.
#include "session_controller.h"
#include "test_support.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using spectro::gui::SessionController;
using spectro::workbench::Selection;

class TestSessionController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hoverPreviewsUntilLocked();
    void unchangedSelectionSignalsNothing();
    void saveAndOpenRoundTrip();
    void badFileLeavesSessionAsItWas();
};

void TestSessionController::hoverPreviewsUntilLocked()
{
    SessionController session;
    QSignalSpy changed(&session, &SessionController::selectionChanged);
    Selection hover = session.selection();
    hover.token = 5;
    hover.locked = true; // a hover never locks, whatever the view sent
    session.preview(hover);
    QCOMPARE(session.selection().token, 5);
    QVERIFY(!session.selection().locked);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!session.isModified()); // hovering is not an edit

    Selection click = session.selection();
    click.token = 9;
    click.locked = true;
    session.request(click);
    QCOMPARE(session.selection().token, 9);
    QVERIFY(session.selection().locked);
    QVERIFY(session.isModified());

    Selection later = session.selection();
    later.token = 2;
    session.preview(later); // locked: ignored
    QCOMPARE(session.selection().token, 9);
    QCOMPARE(changed.count(), 2);

    session.endPreview(); // locked: nothing to restore
    QCOMPARE(session.selection().token, 9);

    session.unlock();
    QVERIFY(!session.selection().locked);
    QCOMPARE(session.selection().token, 9); // unlocking keeps the selection
    session.preview(later);
    QCOMPARE(session.selection().token, 2);
    QCOMPARE(changed.count(), 4);
    // The mouse leaves: back to the selection before the preview.
    session.endPreview();
    QCOMPARE(session.selection().token, 9);
    QVERIFY(!session.selection().locked);
    QCOMPARE(changed.count(), 5);
}

void TestSessionController::unchangedSelectionSignalsNothing()
{
    SessionController session;
    QSignalSpy changed(&session, &SessionController::selectionChanged);
    session.request(session.selection());
    session.preview(session.selection());
    QCOMPARE(changed.count(), 0);
}

void TestSessionController::saveAndOpenRoundTrip()
{
    QTemporaryDir dir;
    const QString model = dir.filePath(QStringLiteral("model.bin"));
    const QString cache = dir.filePath(QStringLiteral("c.h5"));
    for (const QString& f : {model, cache}) {
        QFile file(f);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    SessionController a;
    a.setModelPath(model);
    a.setCachePath(cache);
    Selection s;
    s.sample = 3;
    s.token = 17;
    s.layer = 2;
    s.head = 1;
    s.band = 20;
    s.matrix = "embed";
    s.locked = true;
    a.request(s);
    const QString path = dir.filePath(QStringLiteral("s.spectro"));
    a.save(path, QStringLiteral("AAEC"), {QStringLiteral("spectrum"), QStringLiteral("hmlv")},
           {{"spectrum", "{\"logY\":false}"}});
    QVERIFY(!a.isModified());
    QCOMPARE(a.sessionPath(), path);

    SessionController b;
    QSignalSpy replaced(&b, &SessionController::sessionReplaced);
    QSignalSpy changed(&b, &SessionController::selectionChanged);
    const QStringList missing = b.open(path);
    QVERIFY(missing.isEmpty());
    QCOMPARE(replaced.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(b.selection(), s);
    QCOMPARE(QString::fromStdString(b.session().modelPath), model);
    QCOMPARE(QString::fromStdString(b.session().cachePath), cache);
    QCOMPARE(QString::fromStdString(b.session().windowLayout), QStringLiteral("AAEC"));
    QCOMPARE(b.session().openViews, (std::vector<std::string>{"spectrum", "hmlv"}));
    QCOMPARE(b.session().viewSettings.at("spectrum"), std::string("{\"logY\":false}"));

    QVERIFY(QFile::remove(model));
    SessionController c;
    QCOMPARE(c.open(path), QStringList{QStringLiteral("model")});
    QCOMPARE(QString::fromStdString(c.session().cachePath), cache); // the rest of the session opens
}

void TestSessionController::badFileLeavesSessionAsItWas()
{
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.spectro"));
    spectro::test::writeAll(bad, "{\"format\": \"spectroscope-session\", \"version\": ");
    SessionController session;
    session.setCachePath(QStringLiteral("/x/c.h5"));
    QSignalSpy replaced(&session, &SessionController::sessionReplaced);
    bool threw = false;
    try {
        session.open(bad);
    } catch (const std::exception& e) {
        threw = true;
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("bad.spectro")), e.what());
    }
    QVERIFY(threw);
    QCOMPARE(replaced.count(), 0);
    QCOMPARE(session.session().cachePath, std::string("/x/c.h5"));
}

QTEST_GUILESS_MAIN(TestSessionController)
#include "test_gui_session_controller.moc"
