#pragma once
// The run job of the workbench, as plain functions for the engine thread (like engine_jobs.h):
// a corpus (text, or JSON lines with a field) cut into samples, run into a cache through core's
// corpus_run (the CLI's `run`: resume, checkpoints, size and free disk checked before starting),
// then analysed through core's cache_analyze (the CLI's `analyze`), so that every view has its
// data. Errors are thrown, Cancelled when `progress` says stop.
#include "engine_snapshots.h"
#include "util/progress.h"

#include <QMetaType>
#include <QString>
#include <cstdint>
#include <functional>
#include <memory>

namespace spectro::gui {

struct LoadedModel;

// What the Run Corpus dialog chose.
struct CorpusRunSettings {
    QString corpusPath; // .txt (plain text) or .jsonl
    QString jsonlField; // empty: plain text
    int samples = 8;
    int maxTokens = 128; // BoS included; clamped to the model's context
    QString taps = QStringLiteral("resid,attn_out,mlp_out,attn");
    QString dtype = QStringLiteral("f32");
    QString cachePath;    // the cache to write or extend
    bool replace = false; // replace an existing cache of other options instead of refusing
    bool analyze = true;  // analyse the cache after the run (U-dark ratios, spectrograms, HMLV)
    // Finished samples are published (and the views fill) at most this often.
    double checkpointEverySeconds = 30;
};

// What the run will do, stated before any compute.
struct CorpusRunPlanSummary {
    QString cachePath;
    int samples = 0, present = 0, missing = 0;
    std::uint64_t bytesNeeded = 0, diskNeeded = 0, diskFree = 0;
    int maxTokens = 0; // after clamping to the context
};

struct CorpusRunOutcome {
    QString cachePath;
    int samples = 0, computed = 0, reused = 0;
    long long tokens = 0;
    double meanNll = 0;
    double seconds = 0;
    bool analysed = false;
};
using CorpusRunOutcomePtr = std::shared_ptr<const CorpusRunOutcome>;

struct CorpusRunCallbacksQt {
    ProgressFn progress;
    std::function<void(const CorpusRunPlanSummary&)> planned;
    // Samples now readable in the cache (a checkpoint, or the commit).
    std::function<void(const QString& cachePath, int done, int total)> published;
};

CorpusRunOutcomePtr runCorpusJob(const LoadedModel& model, const CorpusRunSettings& settings,
                                 const CorpusRunCallbacksQt& callbacks);

// Analyses a committed cache alone (its stored spectra; the model's when it has none and
// `model` made it). Throws Error naming the cache when it holds no spectrum and no model can
// stand in.
void analyzeCacheJob(const QString& cachePath, const LoadedModel* model, const ProgressFn& progress);

// The band count the workbench stores and analyses with: the paper's 20 (fewer when d < 20).
int workbenchBands(int dim);
// The first layer eligible for HMLV in the workbench's analysis: the paper's 4 (of LLaMa-2's 32
// or 40) for models of 16 layers and more, a quarter of the layers for smaller ones, whose every
// layer the paper's 4 would exclude (the CLI's analyze keeps 4 unless --hmlv-first-layer).
int workbenchHmlvFirstLayer(int layers);

} // namespace spectro::gui

Q_DECLARE_METATYPE(spectro::gui::CorpusRunOutcomePtr)
Q_DECLARE_METATYPE(spectro::gui::CorpusRunPlanSummary)
