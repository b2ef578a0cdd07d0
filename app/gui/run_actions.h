#pragma once
// Run > Run Corpus…, Analyze Cache and the demo: what the window asks the engine to run, and
// what it makes of the results. While a run publishes its cache (checkpoints, then the commit),
// the views preview it; the session takes the cache only when the run succeeded, so a failed or
// cancelled run leaves the session as it was (its checkpoints stay on disk, and running again
// resumes from them).
#include "corpus_jobs.h"

#include <QObject>
#include <QString>

namespace spectro::gui {

class EngineController;
class MainWindow;
class SessionController;

class RunActions : public QObject {
    Q_OBJECT
public:
    RunActions(MainWindow* window, EngineController* engine, SessionController* session);

    // The dialog, pre-filled with the session's corpus; needs a model.
    void runCorpusInteractively();
    void runCorpus(const CorpusRunSettings& settings);
    // The demo corpus with the demo's settings into the demo cache (after a pending load).
    void runDemo();
    void analyzeCache();
    // The cache a run in progress is publishing, which the views preview ("" when none).
    const QString& previewCache() const { return preview_; }
    // The demo's run: 8 samples of 128 tokens, every tap the views use.
    static CorpusRunSettings demoSettings();

Q_SIGNALS:
    void previewChanged();
    void statusMessage(const QString& message);

private:
    void onPublished(const QString& cachePath, int done, int total);
    void onFinished(const CorpusRunOutcomePtr& outcome);
    void onStopped();
    void setPreview(const QString& cachePath);

    MainWindow* window_;
    EngineController* engine_;
    SessionController* session_;
    QString preview_;
    bool running_ = false;
    CorpusRunSettings last_;
};

} // namespace spectro::gui
