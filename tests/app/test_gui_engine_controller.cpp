// EngineController against the real stories260K model: loading, a greedy run whose continuation
// matches llama2.c's reference, failures that name the file, and cancellation.
#include "engine_controller.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using spectro::gui::EngineController;
using spectro::gui::ModelSnapshotPtr;
using spectro::gui::PromptResultPtr;

namespace {

constexpr int kTimeoutMs = 60000;

QString stories260K()
{
    return QDir(QStringLiteral(SPECTRO_SHARED_DIR)).filePath(QStringLiteral("models/stories260K/stories260K.bin"));
}

} // namespace

class TestEngineController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void loadsModel();
    void runsPromptGreedily();
    void badPathFailsNamingIt();
    void promptWithoutModelFails();
    void newestRunWins();
    void cancelStopsRun();
    void destructorDoesNotHang();
};

void TestEngineController::init()
{
    if (!QFileInfo::exists(stories260K())) QSKIP("shared model stories260K.bin not found");
}

void TestEngineController::loadsModel()
{
    EngineController engine;
    QSignalSpy loaded(&engine, &EngineController::modelLoaded);
    QSignalSpy failed(&engine, &EngineController::failed);
    QSignalSpy finished(&engine, &EngineController::taskFinished);
    engine.loadModel(stories260K());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(loaded.count(), 1);
    const auto model = loaded.at(0).at(0).value<ModelSnapshotPtr>();
    QVERIFY(model);
    QCOMPARE(model->config.dim, 64);
    QCOMPARE(model->config.nLayers, 5);
    QCOMPARE(model->config.vocabSize, 512);
    QCOMPARE(model->path, stories260K());
    QVERIFY(!model->tokenizerSource.isEmpty());
}

void TestEngineController::runsPromptGreedily()
{
    EngineController engine;
    QSignalSpy result(&engine, &EngineController::promptFinished);
    QSignalSpy failed(&engine, &EngineController::failed);
    QSignalSpy progress(&engine, &EngineController::progress);
    // Queued behind the load: the run must wait for it, not fail for want of a model.
    engine.loadModel(stories260K());
    engine.runPrompt(QStringLiteral("Once upon a time"), 8);
    QTRY_COMPARE_WITH_TIMEOUT(result.count() + failed.count(), 1, kTimeoutMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
    const auto run = result.at(0).at(0).value<PromptResultPtr>();
    QVERIFY(run);
    QCOMPARE(run->tokens.size(), std::size_t(5)); // BoS + "Once upon a time"
    QCOMPARE(run->pieces.size(), qsizetype(5));
    QCOMPARE(run->continuationTokens.size(), std::size_t(8));
    // llama2.c's greedy reference after BoS + "Once upon a time".
    QVERIFY2(QStringLiteral(", there was a little girl named Lily").startsWith(run->continuation) ||
                 run->continuation.startsWith(QStringLiteral(", there was a little girl named Lily")),
             qPrintable(run->continuation));
    QVERIFY(run->continuation.startsWith(QStringLiteral(", there was")));
    QCOMPARE(run->topNext.size(), std::size_t(EngineController::kTopK));
    QCOMPARE(run->topNext[0].first, QStringLiteral(","));
    double previous = 1.0, sum = 0.0;
    for (const auto& [piece, p] : run->topNext) {
        QVERIFY(p <= previous);
        previous = p;
        sum += p;
    }
    QVERIFY(sum > 0.5 && sum <= 1.0 + 1e-9);
    QVERIFY(progress.count() >= 1);
}

void TestEngineController::badPathFailsNamingIt()
{
    EngineController engine;
    QSignalSpy loaded(&engine, &EngineController::modelLoaded);
    QSignalSpy failed(&engine, &EngineController::failed);
    const QString path = QStringLiteral("/nonexistent/folder/model.bin");
    engine.loadModel(path);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QVERIFY2(failed.at(0).at(0).toString().contains(path), qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(loaded.count(), 0);
}

void TestEngineController::promptWithoutModelFails()
{
    EngineController engine;
    QSignalSpy failed(&engine, &EngineController::failed);
    engine.runPrompt(QStringLiteral("Once"), 2);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QVERIFY(!failed.at(0).at(0).toString().isEmpty());
}

void TestEngineController::newestRunWins()
{
    EngineController engine;
    QSignalSpy loaded(&engine, &EngineController::modelLoaded);
    engine.loadModel(stories260K());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
    QSignalSpy result(&engine, &EngineController::promptFinished);
    QSignalSpy finished(&engine, &EngineController::taskFinished);
    // A long run superseded at once by a short one: whatever the first one managed, the last
    // result must be the newest request's.
    engine.runPrompt(QStringLiteral("Once upon a time"), 400);
    engine.runPrompt(QStringLiteral("Lily"), 3);
    QTRY_VERIFY_WITH_TIMEOUT(!result.isEmpty() &&
                                 result.last().at(0).value<PromptResultPtr>()->prompt == QStringLiteral("Lily"),
                             kTimeoutMs);
    QCOMPARE(result.last().at(0).value<PromptResultPtr>()->continuationTokens.size(), std::size_t(3));
}

void TestEngineController::cancelStopsRun()
{
    EngineController engine;
    QSignalSpy loaded(&engine, &EngineController::modelLoaded);
    engine.loadModel(stories260K());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
    QSignalSpy started(&engine, &EngineController::taskStarted);
    QSignalSpy result(&engine, &EngineController::promptFinished);
    QSignalSpy cancelled(&engine, &EngineController::cancelled);
    QSignalSpy finished(&engine, &EngineController::taskFinished);
    // 500 steps re-run a growing sequence each step: seconds of work, cancelled at its start.
    engine.runPrompt(QStringLiteral("Once upon a time"), 500);
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, kTimeoutMs);
    engine.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(result.count(), 0);
}

void TestEngineController::destructorDoesNotHang()
{
    QElapsedTimer timer;
    timer.start();
    {
        EngineController engine;
        engine.loadModel(stories260K());
        engine.runPrompt(QStringLiteral("Once upon a time"), 400);
    }
    QVERIFY(timer.elapsed() < 20000);
}

QTEST_MAIN(TestEngineController)
#include "test_gui_engine_controller.moc"
