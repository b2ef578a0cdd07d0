#include "corpus_jobs.h"

#include "corpus/samples.h"
#include "engine_jobs.h"
#include "experiments/cache_analyze.h"
#include "experiments/cache_sink_analysis.h"
#include "experiments/corpus_run.h"
#include "model/checkpoint.h"
#include "sinks/massive_activations.h"
#include "sinks/value_states.h"
#include "spectral/bands.h"
#include "spectral/spectrum_store.h"
#include "store/cache_reader.h"
#include "store/cache_size.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/log.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <algorithm>
#include <chrono>
#include <map>

namespace spectro::gui {
namespace {

// The run takes this share of the job's progress bar, the analysis the rest: on the demo model
// and the test models the analysis of a sample costs about a fifth of its forward pass.
constexpr double kRunShare = 0.8;

ProgressFn subRange(const ProgressFn& progress, double from, double to)
{
    if (!progress) return {};
    return [progress, from, to](double f, std::string_view stage) { return progress(from + (to - from) * f, stage); };
}

CorpusRunRequest requestFor(const LoadedModel& model, const CorpusRunSettings& s)
{
    if (!model.tokenizer) {
        throw Error(model.checkpoint->path + ": no tokenizer found beside the model; a corpus run needs one");
    }
    const Tokenizer& tokenizer = *model.tokenizer;
    const ModelConfig& c = model.checkpoint->config;
    CorpusRunRequest r;
    r.out = s.cachePath.toStdString();
    if (r.out.empty()) throw Error(QCoreApplication::translate("CorpusJobs", "no cache file chosen").toStdString());
    const QString folder = QFileInfo(s.cachePath).absolutePath();
    if (!QDir().mkpath(folder)) throw Error(folder.toStdString() + ": cannot create the cache's folder");
    r.force = s.replace;
    r.input.maxTokens = std::clamp(s.maxTokens, 2, c.maxSeqLen);
    r.input.maxSamples = std::max(1, s.samples);
    const std::string corpus = s.corpusPath.toStdString();
    if (s.jsonlField.isEmpty()) {
        r.input.text = corpus;
        r.samples = samplesFromTextFile(corpus, tokenizer, r.input.maxTokens, r.input.maxSamples);
    } else {
        r.input.jsonl = corpus;
        r.input.field = s.jsonlField.toStdString();
        r.samples = samplesFromJsonl(corpus, r.input.field, tokenizer, r.input.maxTokens, r.input.maxSamples);
    }
    if (r.samples.empty()) throw Error(corpus + ": no samples: the corpus holds no text");
    r.taps = TapSet::parse(s.taps.toStdString());
    r.taps.nll = false;
    if (!r.taps.resid)
        throw Error(QCoreApplication::translate("CorpusJobs", "the resid tap is needed by every view").toStdString());
    r.storage.dtype = parseTapDType(s.dtype.toStdString());
    r.bands = workbenchBands(c.dim);
    // The views fill as results arrive: finished samples are published every so often (core keeps
    // the copies under 5% of the run however large the cache grows).
    r.checkpointEverySeconds = s.checkpointEverySeconds;
    return r;
}

} // namespace

int workbenchBands(int dim)
{
    return std::min(20, dim);
}

int workbenchHmlvFirstLayer(int layers)
{
    return std::min(HmlvOptions{}.firstLayer, layers / 4);
}

CorpusRunOutcomePtr runCorpusJob(const LoadedModel& model, const CorpusRunSettings& settings,
                                 const CorpusRunCallbacksQt& callbacks)
{
    const auto start = std::chrono::steady_clock::now();
    reportProgress(callbacks.progress, 0.0, "reading the corpus");
    const CorpusRunRequest request = requestFor(model, settings);
    CorpusRunPlan plan;
    try {
        plan = planCorpusRun(*model.checkpoint, *model.tokenizer, request);
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        // Core words it for the CLI ("pass --force"); the dialog's option is "Replace".
        std::string message = e.what();
        const auto at = message.find("; pass --force");
        if (at != std::string::npos) message = message.substr(0, at) + "; choose Replace in the Run Corpus dialog";
        throw Error(message);
    }
    CorpusRunPlanSummary summary;
    summary.cachePath = settings.cachePath;
    summary.samples = static_cast<int>(request.samples.size());
    summary.missing = static_cast<int>(plan.missing);
    summary.present = summary.samples - summary.missing;
    summary.bytesNeeded = plan.bytesNeeded;
    summary.diskNeeded = plan.diskNeeded();
    summary.diskFree = freeBytesBeside(request.out);
    summary.maxTokens = request.input.maxTokens;
    if (callbacks.planned) callbacks.planned(summary);
    if (plan.missing > 0) requireDiskForRun(request, plan);

    CorpusRunCallbacks run;
    run.progress = subRange(callbacks.progress, 0.0, settings.analyze ? kRunShare : 1.0);
    if (callbacks.published) {
        run.published = [&](std::size_t done, std::size_t total) {
            callbacks.published(settings.cachePath, static_cast<int>(done), static_cast<int>(total));
        };
    }
    const CorpusRunResult result =
        runCorpus(*model.transformer, *model.checkpoint, *model.tokenizer, request, plan, run);

    auto outcome = std::make_shared<CorpusRunOutcome>();
    outcome->cachePath = settings.cachePath;
    outcome->samples = static_cast<int>(result.samples);
    outcome->computed = static_cast<int>(result.computed);
    outcome->reused = static_cast<int>(result.reused);
    outcome->tokens = result.tokens;
    outcome->meanNll = result.meanNll;
    if (settings.analyze) {
        analyzeCacheJob(settings.cachePath, &model, subRange(callbacks.progress, kRunShare, 1.0));
        outcome->analysed = true;
    }
    outcome->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
}

void analyzeCacheJob(const QString& cachePath, const LoadedModel* model, const ProgressFn& progress)
{
    const std::string path = cachePath.toStdString();
    CacheAnalysisOptions options;
    std::shared_ptr<const CacheReader> cache = std::make_shared<const CacheReader>(path);
    options.bands = workbenchBands(cache->config().dim);
    options.hmlv.firstLayer = workbenchHmlvFirstLayer(cache->config().nLayers);
    const bool modelMadeIt =
        model && model->snapshot && cache->attribute("model_fingerprint") == model->snapshot->fingerprint.toStdString();
    // Each spectrum once: the sink measurements ask for W_u's too.
    std::map<SpectralMatrix, std::shared_ptr<const Spectrum>> known;
    const SpectrumProvider spectra = [cache, model, modelMadeIt, &path, &known](SpectralMatrix matrix) {
        auto& s = known[matrix];
        if (!s) s = spectrumFromCache(*cache, matrix);
        if (!s && modelMadeIt) s = loadOrComputeSpectrum(*model->checkpoint, matrix);
        if (!s)
            throw Error(path + ": holds no " + matrixName(matrix) +
                        " spectrum; open the model that made it to analyse the cache");
        return s;
    };
    // The attention-sink measurements with the CLI's defaults, the value-state norms when the
    // model that made the cache is loaded (the same datasets `spectroscope-cli analyze` stores).
    std::shared_ptr<const ValueStates> values;
    if (modelMadeIt) values = std::make_shared<const ValueStates>(*model->checkpoint);
    const auto channelUdr =
        channelDarkRatios(*spectra(SpectralMatrix::Unembed), makeBands(cache->config().dim, options.bands));
    options.extension =
        sinkAnalysisExtension(std::make_shared<SinkAnalysis>(SinkAnalysisOptions{}, values, channelUdr));
    analyzeCache(path, options, spectra, progress);
}

} // namespace spectro::gui
