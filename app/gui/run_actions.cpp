#include "run_actions.h"

#include "corpus_dialog.h"
#include "default_model.h"
#include "engine_controller.h"
#include "main_window.h"
#include "session_controller.h"
#include "store/cache_size.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>

namespace spectro::gui {

RunActions::RunActions(MainWindow* window, EngineController* engine, SessionController* session)
    : QObject(window), window_(window), engine_(engine), session_(session)
{
    connect(engine_, &EngineController::cachePublished, this, &RunActions::onPublished);
    connect(engine_, &EngineController::corpusRunFinished, this, &RunActions::onFinished);
    connect(engine_, &EngineController::corpusRunPlanned, this, [this](const CorpusRunPlanSummary& plan) {
        QString text = tr("Running %1 samples of up to %2 tokens into %3: about %4 MiB")
                           .arg(plan.missing)
                           .arg(plan.maxTokens)
                           .arg(QFileInfo(plan.cachePath).fileName())
                           .arg(QLocale().toString(plan.bytesNeeded / 1048576.0, 'f', 1));
        if (plan.present > 0) text += tr(" (%1 already in the cache)").arg(plan.present);
        if (plan.missing == 0)
            text = tr("%1 holds all %2 samples already").arg(QFileInfo(plan.cachePath).fileName()).arg(plan.samples);
        Q_EMIT statusMessage(text);
    });
    connect(engine_, &EngineController::analysisFinished, this, [this](const QString& path) {
        Q_EMIT statusMessage(tr("Analysed %1").arg(QFileInfo(path).fileName()));
        // The views re-read the cache, which now holds /analysis.
        if (QString::fromStdString(session_->session().cachePath) == path) Q_EMIT previewChanged();
    });
    connect(engine_, &EngineController::failed, this, &RunActions::onStopped);
    connect(engine_, &EngineController::cancelled, this, &RunActions::onStopped);
}

CorpusRunSettings RunActions::demoSettings()
{
    CorpusRunSettings s;
    s.corpusPath = demoCorpusPath();
    s.samples = 8;
    s.maxTokens = 128;
    s.cachePath = demoCachePath();
    return s;
}

void RunActions::runCorpusInteractively()
{
    const ModelSnapshotPtr& model = window_->model();
    if (!model) {
        window_->reportError(tr("Open a model first (File > Open Model…): a corpus runs through a model"));
        return;
    }
    CorpusRunSettings initial = last_;
    const workbench::CorpusChoice& corpus = session_->session().corpus;
    if (initial.corpusPath.isEmpty() && !corpus.path.empty()) {
        initial.corpusPath = QString::fromStdString(corpus.path);
        initial.jsonlField = QString::fromStdString(corpus.jsonlField);
        initial.samples = corpus.samples;
        initial.maxTokens = corpus.maxTokens;
    }
    CorpusDialog dialog(model->config, QFileInfo(model->path).completeBaseName(), initial, window_);
    if (dialog.exec() != QDialog::Accepted) return;
    runCorpus(dialog.settings());
}

void RunActions::runCorpus(const CorpusRunSettings& settings)
{
    last_ = settings;
    running_ = true;
    engine_->runCorpus(settings);
}

void RunActions::runDemo()
{
    runCorpus(demoSettings());
}

void RunActions::analyzeCache()
{
    const QString cache = QString::fromStdString(session_->session().cachePath);
    if (cache.isEmpty()) {
        window_->reportError(tr("Open a cache first (File > Open Cache…)"));
        return;
    }
    engine_->analyzeCache(cache);
}

void RunActions::onPublished(const QString& cachePath, int done, int total)
{
    Q_EMIT statusMessage(tr("%1 of %2 samples in %3").arg(done).arg(total).arg(QFileInfo(cachePath).fileName()));
    setPreview(cachePath);
}

void RunActions::onFinished(const CorpusRunOutcomePtr& outcome)
{
    running_ = false;
    workbench::CorpusChoice corpus;
    corpus.path = last_.corpusPath.toStdString();
    corpus.jsonlField = last_.jsonlField.toStdString();
    corpus.samples = last_.samples;
    corpus.maxTokens = last_.maxTokens;
    session_->setCorpus(corpus);
    preview_.clear();
    const bool same = QString::fromStdString(session_->session().cachePath) == outcome->cachePath;
    session_->setCachePath(outcome->cachePath);
    if (same) Q_EMIT previewChanged(); // the same path, new contents: reload
    Q_EMIT statusMessage(tr("%1: %2 samples (%3 computed, %4 reused), mean NLL %5 nats, %6 s")
                             .arg(QFileInfo(outcome->cachePath).fileName())
                             .arg(outcome->samples)
                             .arg(outcome->computed)
                             .arg(outcome->reused)
                             .arg(QLocale().toString(outcome->meanNll, 'f', 3))
                             .arg(QLocale().toString(outcome->seconds, 'f', 1)));
}

void RunActions::onStopped()
{
    if (!running_) return;
    running_ = false;
    // The session keeps its own cache; the preview of the stopped run goes.
    setPreview({});
}

void RunActions::setPreview(const QString& cachePath)
{
    if (preview_ == cachePath) {
        if (!cachePath.isEmpty()) Q_EMIT previewChanged(); // more samples published
        return;
    }
    preview_ = cachePath;
    Q_EMIT previewChanged();
}

} // namespace spectro::gui
