// Running a corpus into a cache through core (experiments/corpus_run), as the CLI's `run` and the
// GUI's run job do: the plan states the size before any compute, a cancelled run leaves no cache
// (or the last checkpoint) and resumes to the same bytes as an uninterrupted run, progress is
// monotone, and the analysis of the cache (experiments/cache_analyze) can be cancelled without
// touching the cache.
#include "corpus/samples.h"
#include "engine/transformer.h"
#include "experiments/cache_analyze.h"
#include "experiments/corpus_run.h"
#include "model/checkpoint.h"
#include "model/checkpoint_loader.h"
#include "store/cache_reader.h"
#include "store/cache_size.h"
#include "test_support.h"
#include "tokenizer/tokenizer.h"

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

using namespace spectro;
using spectro::test::modelPath;
using spectro::test::sharedPath;

namespace {

struct Model {
    std::shared_ptr<const Checkpoint> checkpoint;
    std::shared_ptr<const Tokenizer> tokenizer;
    std::unique_ptr<Transformer> transformer;
};

Model stories260K()
{
    Model m;
    m.checkpoint = std::make_shared<const Checkpoint>(loadCheckpoint(modelPath("stories260K/stories260K.bin")));
    m.tokenizer = findTokenizer(*m.checkpoint);
    m.transformer = std::make_unique<Transformer>(m.checkpoint);
    return m;
}

CorpusRunRequest storiesRequest(const Model& m, const std::string& out, int samples)
{
    CorpusRunRequest r;
    r.out = out;
    r.input.text = sharedPath("corpora/tinystories_validation_first_stories.txt");
    r.input.maxTokens = 48;
    r.input.maxSamples = samples;
    r.samples = samplesFromTextFile(r.input.text, *m.tokenizer, r.input.maxTokens, samples);
    r.taps = TapSet::parse("resid,attn");
    r.batch = 2;
    return r;
}

} // namespace

class TestCorpusRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { SPECTRO_REQUIRE_SHARED(); }
    void planStatesSizeBeforeCompute();
    void runWritesEverySampleAndReportsProgress();
    void cancelledRunLeavesNoCacheAndResumesIdentically();
    void mismatchedCacheIsRefusedNamingTheOption();
    void analysisCancelLeavesCacheUnchanged();
    void analysisExtensionSeesWholeSamplesAndStoresItsDatasets();
};

void TestCorpusRun::planStatesSizeBeforeCompute()
{
    const Model m = stories260K();
    QTemporaryDir tmp;
    const auto request = storiesRequest(m, tmp.filePath("c.h5").toStdString(), 3);
    const CorpusRunPlan plan = planCorpusRun(*m.checkpoint, *m.tokenizer, request);
    QVERIFY(!plan.extend);
    QCOMPARE(plan.missing, std::size_t(3));
    // resid [L+1, T, d] + attn [L, H, T, T] float32 + nll, per sample: the independent formula.
    const ModelConfig& c = m.checkpoint->config;
    std::uint64_t expected = 0;
    for (const auto& s : request.samples) {
        const std::uint64_t T = s.tokens.size();
        expected += 4 * ((c.nLayers + 1) * T * c.dim + std::uint64_t(c.nLayers) * c.nHeads * T * T);
    }
    QVERIFY2(plan.bytesNeeded >= expected && plan.bytesNeeded <= expected + 3 * 4 * 64 + 3 * 4096,
             qPrintable(QString("estimated %1, taps alone %2").arg(plan.bytesNeeded).arg(expected)));
    QVERIFY(!std::filesystem::exists(request.out)); // planning writes nothing
    CorpusRunRequest none = request;
    none.input.text.clear();
    SPECTRO_VERIFY_ERROR(planCorpusRun(*m.checkpoint, *m.tokenizer, none), "exactly one of");
}

void TestCorpusRun::runWritesEverySampleAndReportsProgress()
{
    const Model m = stories260K();
    QTemporaryDir tmp;
    const auto request = storiesRequest(m, tmp.filePath("c.h5").toStdString(), 3);
    const CorpusRunPlan plan = planCorpusRun(*m.checkpoint, *m.tokenizer, request);
    std::vector<double> fractions;
    std::vector<std::size_t> published;
    CorpusRunCallbacks callbacks;
    callbacks.progress = [&](double f, std::string_view) {
        fractions.push_back(f);
        return true;
    };
    callbacks.published = [&](std::size_t done, std::size_t total) {
        QCOMPARE(total, std::size_t(3));
        published.push_back(done);
    };
    const CorpusRunResult result = runCorpus(*m.transformer, *m.checkpoint, *m.tokenizer, request, plan, callbacks);
    QCOMPARE(result.computed, std::size_t(3));
    QVERIFY(!fractions.empty());
    for (std::size_t i = 1; i < fractions.size(); ++i) QVERIFY(fractions[i] >= fractions[i - 1] - 1e-12);
    QCOMPARE(fractions.back(), 1.0);
    QCOMPARE(published.back(), std::size_t(3));
    const CacheReader cache(request.out);
    QCOMPARE(cache.sampleIndices(), (std::vector<int>{0, 1, 2}));
    QVERIFY(cache.hasSpectrum("unembed") && cache.hasSpectrum("embed"));
    for (int i = 0; i < 3; ++i) QCOMPARE(cache.tokens(i), request.samples[static_cast<std::size_t>(i)].tokens);
    // The mean NLL is the token-weighted mean of the stored NLLs.
    double sum = 0;
    long long n = 0;
    for (int i = 0; i < 3; ++i) {
        for (float v : cache.read(i, "nll").values()) sum += v, ++n;
    }
    QVERIFY(std::abs(result.meanNll - sum / double(n)) < 1e-9);
}

void TestCorpusRun::cancelledRunLeavesNoCacheAndResumesIdentically()
{
    const Model m = stories260K();
    QTemporaryDir tmp;
    const auto reference = storiesRequest(m, tmp.filePath("ref.h5").toStdString(), 4);
    runCorpus(*m.transformer, *m.checkpoint, *m.tokenizer, reference,
              planCorpusRun(*m.checkpoint, *m.tokenizer, reference));

    auto request = storiesRequest(m, tmp.filePath("c.h5").toStdString(), 4);
    request.checkpointEverySeconds = 0; // a checkpoint after every batch
    CorpusRunCallbacks stopEarly;
    int calls = 0;
    stopEarly.progress = [&](double, std::string_view) { return ++calls < 2; };
    QVERIFY_THROWS_EXCEPTION(Cancelled, runCorpus(*m.transformer, *m.checkpoint, *m.tokenizer, request,
                                                  planCorpusRun(*m.checkpoint, *m.tokenizer, request), stopEarly));
    // Cancelled before the first checkpoint: no cache, and no temporary left beside it.
    QVERIFY(!std::filesystem::exists(request.out));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files).size(), qsizetype(1));

    // Cancelled after the first checkpoint (batch 0..1): the cache holds those two samples.
    CorpusRunCallbacks afterCheckpoint;
    bool published = false;
    afterCheckpoint.published = [&](std::size_t, std::size_t) { published = true; };
    afterCheckpoint.progress = [&](double, std::string_view) { return !published; };
    QVERIFY_THROWS_EXCEPTION(Cancelled,
                             runCorpus(*m.transformer, *m.checkpoint, *m.tokenizer, request,
                                       planCorpusRun(*m.checkpoint, *m.tokenizer, request), afterCheckpoint));
    QCOMPARE(CacheReader(request.out).sampleIndices(), (std::vector<int>{0, 1}));

    const CorpusRunPlan resume = planCorpusRun(*m.checkpoint, *m.tokenizer, request);
    QVERIFY(resume.extend);
    QCOMPARE(resume.missing, std::size_t(2));
    QCOMPARE(resume.existingBytes, std::uint64_t(std::filesystem::file_size(request.out)));
    const CorpusRunResult result = runCorpus(*m.transformer, *m.checkpoint, *m.tokenizer, request, resume);
    QCOMPARE(result.reused, std::size_t(2));
    const CacheReader a(reference.out), b(request.out);
    QCOMPARE(b.sampleIndices(), a.sampleIndices());
    for (int i : a.sampleIndices()) {
        for (const char* ds : {"resid", "attn", "nll"}) QCOMPARE(b.read(i, ds).values(), a.read(i, ds).values());
    }
}

void TestCorpusRun::mismatchedCacheIsRefusedNamingTheOption()
{
    const Model m = stories260K();
    QTemporaryDir tmp;
    auto request = storiesRequest(m, tmp.filePath("c.h5").toStdString(), 2);
    runCorpus(*m.transformer, *m.checkpoint, *m.tokenizer, request,
              planCorpusRun(*m.checkpoint, *m.tokenizer, request));
    request.input.maxTokens = 32;
    request.samples = samplesFromTextFile(request.input.text, *m.tokenizer, 32, 2);
    SPECTRO_VERIFY_ERROR(planCorpusRun(*m.checkpoint, *m.tokenizer, request), "max_tokens");
    request.force = true;
    QVERIFY(!planCorpusRun(*m.checkpoint, *m.tokenizer, request).extend);
}

void TestCorpusRun::analysisCancelLeavesCacheUnchanged()
{
    const Model m = stories260K();
    QTemporaryDir tmp;
    const auto request = storiesRequest(m, tmp.filePath("c.h5").toStdString(), 2);
    runCorpus(*m.transformer, *m.checkpoint, *m.tokenizer, request,
              planCorpusRun(*m.checkpoint, *m.tokenizer, request));
    const auto before = spectro::test::readAll(request.out);
    const auto cache = std::make_shared<const CacheReader>(request.out);
    const SpectrumProvider spectra = [cache](SpectralMatrix matrix) { return spectrumFromCache(*cache, matrix); };
    CacheAnalysisOptions options;
    int calls = 0;
    QVERIFY_THROWS_EXCEPTION(
        Cancelled, analyzeCache(request.out, options, spectra, [&](double, std::string_view) { return ++calls < 3; }));
    QCOMPARE(spectro::test::readAll(request.out), before);
    QVERIFY(!CacheReader(request.out).hasAnalysis("udr/000000"));

    const CacheAnalysisResult result = analyzeCache(request.out, options, spectra);
    QVERIFY(result.anyAttention);
    const CacheReader analysed(request.out);
    QVERIFY(analysed.hasAnalysis("udr/000001") && analysed.hasAnalysis("hmlv/000001"));
    // The dark ratio of BoS's embedding (stream 0, token 0) from its band energies, recomputed here.
    const Array udr = analysed.readAnalysis("udr/000000");
    const Array energy = analysed.readAnalysis("spectrogram/000000");
    const auto N = energy.shape[2];
    double dark = energy.data[static_cast<std::size_t>(N - 1)], light = 0;
    for (std::int64_t j = 0; j + 1 < N; ++j) light += energy.data[static_cast<std::size_t>(j)];
    QVERIFY(std::abs(udr.data[0] - std::sqrt(dark / light)) <= 1e-5 * std::sqrt(dark / light));
}

void TestCorpusRun::analysisExtensionSeesWholeSamplesAndStoresItsDatasets()
{
    const Model m = stories260K();
    QTemporaryDir tmp;
    const auto request = storiesRequest(m, tmp.filePath("c.h5").toStdString(), 2);
    runCorpus(*m.transformer, *m.checkpoint, *m.tokenizer, request,
              planCorpusRun(*m.checkpoint, *m.tokenizer, request));
    const auto cache = std::make_shared<const CacheReader>(request.out);
    CacheAnalysisOptions options;
    std::vector<std::string> seen;
    // An extension's measurement: the norm of BoS's embedding, from the whole resid it is handed.
    options.extension.perSample = [&](const std::string& sample, const Array& resid, const Array* attention,
                                      std::vector<AnalysisDataset>& out) {
        QCOMPARE(resid.shape, (std::vector<std::int64_t>{6, 48, 64}));
        QVERIFY(attention && attention->shape == (std::vector<std::int64_t>{5, 8, 48, 48}));
        double norm = 0;
        for (int i = 0; i < 64; ++i) norm += double(resid.data[i]) * resid.data[i];
        out.push_back(
            AnalysisDataset::floats("bos_norm/" + sample, {1}, {float(std::sqrt(norm))}, "norm of resid[0][0]"));
        seen.push_back(sample);
    };
    options.extension.finish = [&](std::vector<AnalysisDataset>&, std::map<std::string, double>& numbers) {
        numbers["extension_samples"] = double(seen.size());
    };
    analyzeCache(request.out, options, [cache](SpectralMatrix matrix) { return spectrumFromCache(*cache, matrix); });
    QCOMPARE(seen, (std::vector<std::string>{"000000", "000001"}));
    const CacheReader analysed(request.out);
    QVERIFY(analysed.hasAnalysis("udr/000001")); // the analysis's own datasets are there too
    const Array resid = analysed.readSlice(1, "resid", 0);
    double norm = 0;
    for (int i = 0; i < 64; ++i) norm += double(resid.data[i]) * resid.data[i];
    QCOMPARE(analysed.readAnalysis("bos_norm/000001").data.at(0), float(std::sqrt(norm)));
    QCOMPARE(analysed.analysisAttributes().at("extension_samples"), std::string("2"));
}

QTEST_GUILESS_MAIN(TestCorpusRun)
#include "test_corpus_run.moc"
