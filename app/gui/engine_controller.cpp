#include "engine_controller.h"

#include "engine/runtime.h"
#include "engine_jobs.h"
#include "util/error.h"

#include <QDateTime>
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
        pendingRun_.reset();
    }
    wake_.notify_one();
    worker_.join();
}

void EngineController::loadModel(const QString& path)
{
    {
        std::lock_guard lock(mutex_);
        pendingLoad_ = Job{JobKind::Load, path, {}, 0};
        pendingRun_.reset();
        if (current_ != JobKind::None) interrupt_ = true;
    }
    wake_.notify_one();
}

void EngineController::runPrompt(const QString& text, int steps)
{
    {
        std::lock_guard lock(mutex_);
        pendingRun_ = Job{JobKind::Run, {}, text, steps};
        if (current_ == JobKind::Run) interrupt_ = true;
    }
    wake_.notify_one();
}

void EngineController::cancel()
{
    std::lock_guard lock(mutex_);
    pendingLoad_.reset();
    pendingRun_.reset();
    if (current_ != JobKind::None) interrupt_ = true;
}

void EngineController::workerLoop()
{
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return abort_ || pendingLoad_ || pendingRun_; });
            if (abort_) return;
            // A queued load goes first: a prompt queued after it is meant for the new model.
            if (pendingLoad_) {
                job = std::move(*pendingLoad_);
                pendingLoad_.reset();
            } else {
                job = std::move(*pendingRun_);
                pendingRun_.reset();
            }
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

void EngineController::execute(const Job& job)
{
    const ProgressFn progressFn = [this](double fraction, std::string_view stage) {
        return reportProgress(fraction, stage);
    };
    lastProgressMs_ = 0;
    const bool isLoad = job.kind == JobKind::Load;
    Q_EMIT taskStarted(isLoad ? tr("Loading %1").arg(job.path) : tr("Running prompt"));
    // Nothing may cross the thread boundary as an exception: every outcome becomes a signal.
    try {
        if (isLoad) {
            auto loaded = loadModelJob(job.path, progressFn);
            const ModelSnapshotPtr snapshot = loaded->snapshot;
            model_ = std::move(loaded);
            Q_EMIT modelLoaded(snapshot);
        } else {
            if (!model_) throw Error(tr("No model is loaded; open one with File > Open Model…").toStdString());
            Q_EMIT promptFinished(runPromptJob(*model_, job.prompt, job.steps, kTopK, progressFn));
        }
    } catch (const Cancelled&) {
        if (!abort_) Q_EMIT cancelled();
    } catch (const std::exception& e) {
        QString message = QString::fromStdString(e.what());
        // Core messages name the file; make sure a message about a load always does.
        if (isLoad && !message.contains(job.path)) message = tr("%1: %2").arg(job.path, message);
        if (isLoad) {
            // A prompt queued behind a failed load would only fail again with a vaguer message.
            std::lock_guard lock(mutex_);
            pendingRun_.reset();
        }
        if (!abort_) Q_EMIT failed(message);
    } catch (...) {
        if (!abort_) Q_EMIT failed(tr("Unexpected error in the engine thread"));
    }
    if (!abort_) Q_EMIT taskFinished();
}

} // namespace spectro::gui
