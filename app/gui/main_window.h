#pragma once
// The workbench window: wires the session, the engine, the docked views and the menus together.
// It holds no logic of its own beyond that wiring: the session lives in SessionController, the
// views and their figures in WorkbenchDocks (through the view registry), the engine's jobs in
// EngineController, running a corpus in RunActions, opening and saving sessions in
// SessionFiles.
#include "cache_summary.h"
#include "engine_snapshots.h"
#include "workbench_docks.h"

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QMenu;
class QMenuBar;
class QToolBar;

namespace spectro::gui {

class EngineController;
class FilterLabPanel;
class ModelPanel;
class NoticeBar;
class PromptPanel;
class RecentFiles;
class RunActions;
class SelectionBar;
class SessionController;
class SessionFiles;
class StartPage;
class TaskProgress;
class TourController;
class TourPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // What `spectroscope FILE` opens: a session (.spectro), a cache (.h5) or a model.
    void openPath(const QString& path);
    void openModel(const QString& path);
    // Checks the cache off the GUI thread first: a file that is not a cache leaves the session
    // as it was and says why.
    void openCache(const QString& path);
    void openSession(const QString& path);
    bool saveSession(const QString& path);
    void runPrompt(const QString& text, int steps);
    // The start page's one click: the demo model, the demo corpus, a cache, every view.
    void openDemo();
    // The guided tour (tour/): opens the demo unless it is open, shows the tour panel, step 1.
    void startTour();

    // A message in the window (and errorOccurred): a status line and a non-blocking message box.
    void reportError(const QString& message);
    // Scripted runs (--screenshot): errors go to errorOccurred instead of a message box, and
    // nothing asks (a moved model is reported, not located).
    void setScripted(bool scripted);
    bool isScripted() const { return scripted_; }
    // The workbench shows (not the start page), no job is running or queued, and every shown view
    // has its figure or its message.
    bool isSettled() const;

    EngineController* engine() const { return engine_; }
    SessionController* session() const { return session_; }
    WorkbenchDocks* docks() const { return docks_; }
    FilterLabPanel* filterLab() const { return filterLab_; }
    NoticeBar* notice() const { return notice_; }
    RunActions* runActions() const { return runActions_; }
    const CacheSummaryPtr& cacheSummary() const { return cacheSummary_; }
    const ModelSnapshotPtr& model() const { return model_; }
    TourController* tour() const { return tour_; }
    TourPanel* tourPanel() const { return tourPanel_; }

Q_SIGNALS:
    void errorOccurred(const QString& message);
    // isSettled() may have become true.
    void settledMaybe();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void createToolBars();
    void connectEngine();
    void chooseModelFile();
    void chooseModelFolder();
    void chooseCache();
    void chooseSession();
    void saveSessionInteractively(bool choosePath);
    void showAbout();
    // Help menu, View > Language and the tour's wiring: kept apart from createMenus so that each
    // stays one small function.
    void createHelpMenu();
    void createLanguageMenu(QMenu* view);
    void createTour();
    void raiseDock(const QString& id);
    void showUserGuide();
    void onModelLoaded(const ModelSnapshotPtr& model);
    void requestSummary(const QString& path, bool open);
    void onCacheSummary(const CacheSummaryPtr& summary, bool open);
    void onRemedy(WorkbenchDocks::Remedy remedy);
    void showWorkbench();
    void updateSource();
    void updateTitle();
    void restoreSettings();
    void saveSettings() const;
    bool maybeSave();

    SessionController* session_ = nullptr;
    EngineController* engine_ = nullptr;
    RecentFiles* recentModels_ = nullptr;
    RecentFiles* recentSessions_ = nullptr;
    StartPage* startPage_ = nullptr;
    WorkbenchDocks* docks_ = nullptr;
    SessionFiles* sessionFiles_ = nullptr;
    RunActions* runActions_ = nullptr;
    ModelPanel* modelPanel_ = nullptr;
    PromptPanel* promptPanel_ = nullptr;
    FilterLabPanel* filterLab_ = nullptr;
    QDockWidget* filterLabDock_ = nullptr;
    SelectionBar* selectionBar_ = nullptr;
    QToolBar* selectionToolBar_ = nullptr;
    QMenuBar* menuBar_ = nullptr;
    NoticeBar* notice_ = nullptr;
    TaskProgress* taskProgress_ = nullptr;
    QLabel* cacheStatus_ = nullptr;
    TourController* tour_ = nullptr;
    TourPanel* tourPanel_ = nullptr;
    QDockWidget* tourDock_ = nullptr;
    ModelSnapshotPtr model_;
    CacheSummaryPtr cacheSummary_;
    bool scripted_ = false;
    bool workbenchShown_ = false;
    int finishedSeen_ = 0; // taskFinished signals received
};

} // namespace spectro::gui
