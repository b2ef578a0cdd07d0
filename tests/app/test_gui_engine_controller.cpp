// EngineController against the real stories260K model: loading, a greedy run whose continuation
// matches llama2.c's reference, failures that name the file, cancellation, and the hostile files
// of tests/hostile_files.h, each of which must fail with the core's own one-line message and
// leave the engine usable.
#include "engine_controller.h"
#include "hostile_files.h"
#include "model/checkpoint_loader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

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
    void hostileFilesFailWithOneLineAndTheEngineGoesOn();
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

void TestEngineController::hostileFilesFailWithOneLineAndTheEngineGoesOn()
{
    namespace h = spectro::hostile;
    QTemporaryDir dir;
    const auto file = [&](const char* name, const std::string& bytes) {
        const std::string path = dir.filePath(name).toStdString();
        h::writeFile(path, bytes);
        return QString::fromStdString(path);
    };
    const auto folder = [&](const char* name, const std::string& config, const h::SafetensorsOptions& options = {},
                            const std::string& shard = "") {
        const std::string path = dir.filePath(name).toStdString();
        h::writeHfModel(path, config, options, shard);
        return QString::fromStdString(path);
    };
    const QString fifo = dir.filePath("fifo.gguf");
    QCOMPARE(::mkfifo(fifo.toUtf8().constData(), 0600), 0);
    h::Llama2cOptions minVocab;
    minVocab.header[5] = INT32_MIN;
    // One file per class that the GUI can open (a model file or folder); the expected text is
    // part of the core's message, which the GUI must pass on unchanged.
    const QList<QPair<QString, QString>> cases = {
        {file("overlap.gguf", h::gguf([](auto& o) { o.overlap = true; })), "overlap"},
        {file("dupkey.gguf", h::gguf([](auto& o) { o.duplicateKey = true; })), "appears twice"},
        {file("wrap.gguf", h::gguf([](auto& o) { o.embeddingLength = (1ull << 32) + 8; o.embeddingLengthU64 = true; })),
         "does not fit a 32-bit integer"},
        {file("longname.gguf", h::gguf([](auto& o) { o.renameQ = std::string(30000, 'q'); })), "30000 bytes long"},
        {file("keylength.gguf", h::gguf([](auto& o) { o.firstKeyLength = ~0ull; })), "metadata key 0"},
        {file("bos.gguf", h::gguf([](auto& o) { o.bosId = 8; })), "lies outside the vocabulary"},
        {file("minvocab.bin", h::llama2c(minVocab)), "vocab_size"},
        {folder("deep", h::tinyConfigJson({{"nested", h::deepJson(100000)}})), "nested deeper than 64 levels"},
        {folder("overlap-st", h::tinyConfigJson(), h::safetensorsOptions([](auto& o) { o.overlap = true; })), "overlap"},
        {folder("escape", h::tinyConfigJson(), {}, "../outside.safetensors"), "not a file inside the model folder"},
        {fifo, "is a FIFO, not a regular file"},
    };
    EngineController engine;
    QSignalSpy loaded(&engine, &EngineController::modelLoaded);
    QSignalSpy failed(&engine, &EngineController::failed);
    for (const auto& [path, expected] : cases) {
        QString core;
        try {
            spectro::loadCheckpoint(path.toStdString());
        } catch (const std::exception& e) {
            core = QString::fromStdString(e.what());
        }
        QVERIFY2(core.contains(expected), qPrintable(path + ": " + core));
        const qsizetype before = failed.count();
        engine.loadModel(path);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), before + 1, kTimeoutMs);
        const QString message = failed.last().at(0).toString();
        QCOMPARE(message, core);  // the same line the CLI prints after "error: "
        QVERIFY2(message.contains(path) && !message.contains('\n'), qPrintable(message));
    }
    QCOMPARE(loaded.count(), 0);
    // Still usable: a good model loads and runs.
    QSignalSpy result(&engine, &EngineController::promptFinished);
    engine.loadModel(stories260K());
    engine.runPrompt(QStringLiteral("Once upon a time"), 3);
    QTRY_COMPARE_WITH_TIMEOUT(result.count(), 1, kTimeoutMs);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(result.last().at(0).value<PromptResultPtr>()->continuationTokens.size(), std::size_t(3));
}

QTEST_MAIN(TestEngineController)
#include "test_gui_engine_controller.moc"
