#pragma once
// Owns the model on one long-lived worker thread (the Mandelbrot example's RenderThread).
// Requests only store the newest wish and wake the thread: a new load interrupts whatever runs,
// a new prompt interrupts a running prompt, a new corpus run a running corpus run, so the newest
// request always wins and the GUI thread never waits. Results come back through queued signals
// as immutable snapshots; progress is reported on its own signal, separate from the data-changed
// signals.
#include "corpus_jobs.h"
#include "engine_snapshots.h"

#include <QObject>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace spectro::gui {

struct LoadedModel;

class EngineController : public QObject {
    Q_OBJECT
public:
    static constexpr int kTopK = 10;

    explicit EngineController(QObject* parent = nullptr);
    // Interrupts the running job and waits for the thread: at most one progress step.
    ~EngineController() override;

    // A model file (.bin, .gguf) or a Hugging Face folder. Supersedes any running job and any
    // queued prompt or corpus run (they were meant for the old model). The old model stays until
    // the new one has loaded, so a failed load changes nothing.
    void loadModel(const QString& path);
    // Runs after a pending load, if any; supersedes a running or queued prompt.
    void runPrompt(const QString& text, int steps);
    // Runs a corpus into a cache and analyses it (corpus_jobs.h); after a pending load, if any;
    // supersedes a running or queued corpus run.
    void runCorpus(const CorpusRunSettings& settings);
    // Analyses a cache (no model needed when it stores its spectra); supersedes a running analysis.
    void analyzeCache(const QString& cachePath);
    // Stops the running job (it ends with cancelled()) and drops queued ones.
    void cancel();
    // A job is running or waiting (the screenshot mode waits for this to end).
    bool isBusy() const;
    // How many taskFinished signals the worker has emitted: a receiver that has seen as many has
    // also seen every result signal before them (they are queued in order).
    int finishedCount() const { return finished_.load(); }

Q_SIGNALS:
    void taskStarted(const QString& description);
    void progress(double fraction, const QString& stage);
    // Ends every taskStarted, whatever the outcome, after the outcome's own signal.
    void taskFinished();
    void modelLoaded(spectro::gui::ModelSnapshotPtr model);
    void promptFinished(spectro::gui::PromptResultPtr result);
    // A corpus run's exact plan, before its first forward pass.
    void corpusRunPlanned(const spectro::gui::CorpusRunPlanSummary& plan);
    // `done` of `total` samples are readable in the cache (checkpoint or commit).
    void cachePublished(const QString& cachePath, int done, int total);
    void corpusRunFinished(spectro::gui::CorpusRunOutcomePtr outcome);
    void analysisFinished(const QString& cachePath);
    void failed(const QString& message);
    void cancelled();

private:
    enum class JobKind { None, Load, Corpus, Analyze, Prompt };
    struct Job {
        JobKind kind = JobKind::None;
        QString path;
        QString prompt;
        int steps = 0;
        CorpusRunSettings corpus;
    };

    // Stores `job` as the newest wish of its kind and wakes the worker.
    void queue(std::optional<Job>& slot, Job job, bool supersedesAny);
    void workerLoop();
    std::optional<Job> takeNextJob(); // under mutex_
    void execute(const Job& job);
    void executeJob(const Job& job, const ProgressFn& progressFn);
    QString describe(const Job& job) const;
    bool reportProgress(double fraction, std::string_view stage);

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<Job> pendingLoad_;     // guarded by mutex_
    std::optional<Job> pendingCorpus_;   // guarded by mutex_
    std::optional<Job> pendingAnalyze_;  // guarded by mutex_
    std::optional<Job> pendingPrompt_;   // guarded by mutex_
    JobKind current_ = JobKind::None;    // guarded by mutex_
    std::atomic<bool> abort_{false};     // the controller is going away
    std::atomic<bool> interrupt_{false}; // the running job should stop (superseded or cancelled)
    std::atomic<int> finished_{0};

    // Touched by the worker thread only.
    std::unique_ptr<LoadedModel> model_;
    std::int64_t lastProgressMs_ = 0;

    std::thread worker_; // last member: starts after everything above is constructed
};

} // namespace spectro::gui
