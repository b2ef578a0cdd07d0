// EngineController against the real stories260K model: loading, a greedy run whose continuation
// matches llama2.c's reference, failures that name the file, cancellation, and the hostile files
// of tests/hostile_files.h and the hostile caches of test_hostile_caches, each of which must fail
// with the core's own one-line message (the line the CLI prints after "error: ") and leave the
// engine usable.
#include "core/test_cache_support.h"
#include "engine_controller.h"
#include "hostile_files.h"
#include "model/checkpoint_loader.h"
#include "store/cache_writer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <hdf5.h>
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

// A cache of two samples (T = 5) with resid, attn and both stored spectra, so that analysing it
// needs no model (as test_hostile_caches writes it, plus W_e's spectrum, which the GUI analyses).
void writeGoodCache(const std::string& path)
{
    namespace t = spectro::test;
    spectro::CacheWriter w(path, t::smallConfig(), t::smallIdentity());
    for (int i = 0; i < 2; ++i) w.addSample(i, t::fakeTaps(i, 5), "text", t::fakeNll(i, 5));
    std::vector<double> identity(16, 0.0);
    for (int i = 0; i < 4; ++i) identity[static_cast<std::size_t>(i * 5)] = 1.0;
    w.setSpectrum("unembed", {4, 3, 2, 1}, identity, {0, 2, 4}, false);
    w.setSpectrum("embed", {4, 3, 2, 1}, identity, {0, 2, 4}, false);
    w.commit();
}

// Replaces dataset `name` of the cache by zeros of another shape, with the plain HDF5 API, as
// another tool (or an attacker) would.
void replaceDataset(const std::string& path, const char* name, hid_t type, const std::vector<hsize_t>& dims)
{
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    QVERIFY(file >= 0);
    H5Ldelete(file, name, H5P_DEFAULT);
    const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
    const hid_t ds = H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t n = 1;
    for (auto d : dims) n *= d;
    std::vector<char> zeros(static_cast<std::size_t>(n * H5Tget_size(type)), 0);
    if (n) H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data());
    H5Dclose(ds);
    H5Sclose(space);
    H5Fclose(file);
}

// The line `spectroscope-cli analyze CACHE` ends with, after "error: " (empty when it succeeded).
QString cliAnalyzeError(const QString& cache)
{
    QProcess p;
    p.start(QStringLiteral(SPECTRO_CLI_PATH), {QStringLiteral("analyze"), cache});
    if (!p.waitForFinished(kTimeoutMs)) return QStringLiteral("(analyze did not finish)");
    const QStringList lines = QString::fromUtf8(p.readAllStandardError()).split('\n', Qt::SkipEmptyParts);
    if (lines.isEmpty() || !lines.last().startsWith(QStringLiteral("error: "))) return {};
    return lines.last().mid(7);
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
    void hostileCachesFailWithOneLineAndTheEngineGoesOn();
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

void TestEngineController::hostileCachesFailWithOneLineAndTheEngineGoesOn()
{
    QTemporaryDir dir;
    const auto good = [&](const char* name) {
        const std::string path = dir.filePath(name).toStdString();
        writeGoodCache(path);
        return path;
    };
    // The classes that crashed `analyze` (shapes that disagree with /model/config, empty tokens),
    // a truncated cache, a file that is no HDF5 at all and a FIFO (which hung).
    const std::string shape = good("shape.h5");
    replaceDataset(shape, "/samples/000001/attn", H5T_IEEE_F32LE, {2, 2, 6, 6});
    const std::string resid = good("resid.h5");
    replaceDataset(resid, "/samples/000001/resid", H5T_IEEE_F32LE, {3, 5, 8});
    const std::string empty = good("empty-tokens.h5");
    replaceDataset(empty, "/samples/000001/tokens", H5T_STD_I32LE, {0});
    const std::string truncated = good("truncated.h5");
    std::filesystem::resize_file(truncated, std::filesystem::file_size(truncated) / 2);
    const std::string text = dir.filePath("text.h5").toStdString();
    spectro::hostile::writeFile(text, "this is a text file, not a cache\n");
    const QString fifo = dir.filePath("fifo.h5");
    QCOMPARE(::mkfifo(fifo.toUtf8().constData(), 0600), 0);
    const QList<QPair<QString, QString>> cases = {
        {QString::fromStdString(shape), "/model/config and its 5 tokens give [2, 2, 5, 5]"},
        {QString::fromStdString(resid), "give [3, 5, 4]"},
        {QString::fromStdString(empty), "has shape [0]"},
        {QString::fromStdString(truncated), "truncated.h5"},
        {QString::fromStdString(text), "text.h5"},
        {fifo, "is a FIFO, not a regular file"},
    };
    EngineController engine;
    QSignalSpy failed(&engine, &EngineController::failed);
    QSignalSpy analysed(&engine, &EngineController::analysisFinished);
    for (const auto& [path, expected] : cases) {
        const QString cli = cliAnalyzeError(path);
        QVERIFY2(cli.contains(expected), qPrintable(path + ": " + cli));
        const qsizetype before = failed.count();
        engine.analyzeCache(path);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), before + 1, kTimeoutMs);
        const QString message = failed.last().at(0).toString();
        QCOMPARE(message, cli);
        QVERIFY2(message.contains(path) && !message.contains('\n'), qPrintable(message));
    }
    QCOMPARE(analysed.count(), 0);
    // Still usable: a good cache is analysed by the same controller.
    const QString fine = QString::fromStdString(good("good.h5"));
    engine.analyzeCache(fine);
    QTRY_COMPARE_WITH_TIMEOUT(analysed.count(), 1, kTimeoutMs);
    QCOMPARE(analysed.last().at(0).toString(), fine);
    QCOMPARE(failed.count(), cases.size());
}

QTEST_MAIN(TestEngineController)
#include "test_gui_engine_controller.moc"
