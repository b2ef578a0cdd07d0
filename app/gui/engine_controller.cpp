#include "engine_controller.h"

#include "engine/runtime.h"
#include "engine_jobs.h"
#include "util/error.h"

#include <QDateTime>
#include <QFileInfo>
#include <exception>

namespace spectro::gui {

namespace {

// Progress arrives per layer and per generated token; more than ~25 updates a second only
// floods the GUI thread's event queue.
constexpr std::int64_t kProgressIntervalMs = 40;

} // namespace

EngineController::EngineController(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<ModelSnapshotPtr>();
    qRegisterMetaType<PromptResultPtr>();
    qRegisterMetaType<CorpusRunOutcomePtr>();
    qRegisterMetaType<CorpusRunPlanSummary>();
    // Idempotent; must precede the first tensor operation, which happens on the worker.
    initRuntime();
    worker_ = std::thread([this] { workerLoop(); });
}

EngineController::~EngineController()
{
    {
        std::lock_guard lock(mutex_);
        abort_ = true;
        interrupt_ = true;
        pendingLoad_.reset();
        pendingCorpus_.reset();
        pendingAnalyze_.reset();
        pendingPrompt_.reset();
    }
    wake_.notify_one();
    worker_.join();
}

void EngineController::queue(std::optional<Job>& slot, Job job, bool supersedesAny)
{
    {
        std::lock_guard lock(mutex_);
        const JobKind kind = job.kind;
        slot = std::move(job);
        // A load supersedes whatever runs (and what was queued for the old model); any other job
        // only a running job of its own kind.
        if (kind == JobKind::Load) {
            pendingPrompt_.reset();
            pendingCorpus_.reset();
        }
        if (supersedesAny ? current_ != JobKind::None : current_ == kind) interrupt_ = true;
    }
    wake_.notify_one();
}

void EngineController::loadModel(const QString& path)
{
    Job job;
    job.kind = JobKind::Load;
    job.path = path;
    queue(pendingLoad_, std::move(job), true);
}

void EngineController::runPrompt(const QString& text, int steps)
{
    Job job;
    job.kind = JobKind::Prompt;
    job.prompt = text;
    job.steps = steps;
    queue(pendingPrompt_, std::move(job), false);
}

void EngineController::runCorpus(const CorpusRunSettings& settings)
{
    Job job;
    job.kind = JobKind::Corpus;
    job.corpus = settings;
    queue(pendingCorpus_, std::move(job), false);
}

void EngineController::analyzeCache(const QString& cachePath)
{
    Job job;
    job.kind = JobKind::Analyze;
    job.path = cachePath;
    queue(pendingAnalyze_, std::move(job), false);
}

void EngineController::cancel()
{
    std::lock_guard lock(mutex_);
    pendingLoad_.reset();
    pendingCorpus_.reset();
    pendingAnalyze_.reset();
    pendingPrompt_.reset();
    if (current_ != JobKind::None) interrupt_ = true;
}

bool EngineController::isBusy() const
{
    std::lock_guard lock(mutex_);
    return current_ != JobKind::None || pendingLoad_ || pendingCorpus_ || pendingAnalyze_ || pendingPrompt_;
}

std::optional<EngineController::Job> EngineController::takeNextJob()
{
    // A queued load goes first: a prompt or run queued after it is meant for the new model.
    for (std::optional<Job>* queue : {&pendingLoad_, &pendingCorpus_, &pendingAnalyze_, &pendingPrompt_}) {
        if (*queue) {
            std::optional<Job> job = std::move(*queue);
            queue->reset();
            return job;
        }
    }
    return std::nullopt;
}

void EngineController::workerLoop()
{
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(
                lock, [this] { return abort_ || pendingLoad_ || pendingCorpus_ || pendingAnalyze_ || pendingPrompt_; });
            if (abort_) return;
            job = std::move(*takeNextJob());
            current_ = job.kind;
            interrupt_ = false;
        }
        execute(job);
        std::lock_guard lock(mutex_);
        current_ = JobKind::None;
    }
}

bool EngineController::reportProgress(double fraction, std::string_view stage)
{
    if (interrupt_ || abort_) return false;
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    if (now - lastProgressMs_ >= kProgressIntervalMs || fraction >= 1.0) {
        lastProgressMs_ = now;
        Q_EMIT progress(fraction, QString::fromUtf8(stage.data(), static_cast<qsizetype>(stage.size())));
    }
    return true;
}

QString EngineController::describe(const Job& job) const
{
    switch (job.kind) {
    case JobKind::Load: return tr("Loading %1").arg(job.path);
    case JobKind::Corpus: return tr("Running %1").arg(QFileInfo(job.corpus.corpusPath).fileName());
    case JobKind::Analyze: return tr("Analysing %1").arg(QFileInfo(job.path).fileName());
    case JobKind::Prompt:
    case JobKind::None: break;
    }
    return tr("Running prompt");
}

void EngineController::executeJob(const Job& job, const ProgressFn& progressFn)
{
    switch (job.kind) {
    case JobKind::Load: {
        auto loaded = loadModelJob(job.path, progressFn);
        const ModelSnapshotPtr snapshot = loaded->snapshot;
        model_ = std::move(loaded);
        Q_EMIT modelLoaded(snapshot);
        return;
    }
    case JobKind::Corpus: {
        if (!model_) throw Error(tr("No model is loaded; open one with File > Open Model…").toStdString());
        CorpusRunCallbacksQt callbacks;
        callbacks.progress = progressFn;
        callbacks.planned = [this](const CorpusRunPlanSummary& plan) { Q_EMIT corpusRunPlanned(plan); };
        callbacks.published = [this](const QString& path, int done, int total) {
            Q_EMIT cachePublished(path, done, total);
        };
        Q_EMIT corpusRunFinished(runCorpusJob(*model_, job.corpus, callbacks));
        return;
    }
    case JobKind::Analyze:
        analyzeCacheJob(job.path, model_.get(), progressFn);
        Q_EMIT analysisFinished(job.path);
        return;
    case JobKind::Prompt:
        if (!model_) throw Error(tr("No model is loaded; open one with File > Open Model…").toStdString());
        Q_EMIT promptFinished(runPromptJob(*model_, job.prompt, job.steps, kTopK, progressFn));
        return;
    case JobKind::None: return;
    }
}

void EngineController::execute(const Job& job)
{
    const ProgressFn progressFn = [this](double fraction, std::string_view stage) {
        return reportProgress(fraction, stage);
    };
    lastProgressMs_ = 0;
    const bool isLoad = job.kind == JobKind::Load;
    Q_EMIT taskStarted(describe(job));
    // Nothing may cross the thread boundary as an exception: every outcome becomes a signal.
    try {
        executeJob(job, progressFn);
    } catch (const Cancelled&) {
        if (!abort_) Q_EMIT cancelled();
    } catch (const std::exception& e) {
        QString message = QString::fromStdString(e.what());
        // Core messages name the file; make sure a message about a load always does.
        if (isLoad && !message.contains(job.path)) message = tr("%1: %2").arg(job.path, message);
        if (isLoad) {
            // A prompt or run queued behind a failed load would only fail again with a vaguer message.
            std::lock_guard lock(mutex_);
            pendingPrompt_.reset();
            pendingCorpus_.reset();
        }
        if (!abort_) Q_EMIT failed(message);
    } catch (...) {
        if (!abort_) Q_EMIT failed(tr("Unexpected error in the engine thread"));
    }
    if (!abort_) {
        ++finished_;
        Q_EMIT taskFinished();
    }
}

} // namespace spectro::gui
