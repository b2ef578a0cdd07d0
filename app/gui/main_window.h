#pragma once
// Wires the engine controller to the panels, menus and status bar. Holds no logic of its own
// beyond that wiring and the window's settings.
#include "engine_snapshots.h"

#include <QMainWindow>

class QSplitter;
class QStackedWidget;

namespace spectro::gui {

class EmptyStatePage;
class EngineController;
class ModelPanel;
class PromptPanel;
class RecentFiles;
class TaskProgress;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openModel(const QString& path);
    void runPrompt(const QString& text, int steps);
    EngineController* engine() const { return engine_; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void connectEngine();
    void chooseModelFile();
    void chooseModelFolder();
    void showAbout();
    void onModelLoaded(const ModelSnapshotPtr& model);
    void onFailed(const QString& message);
    void restoreSettings();
    void saveSettings() const;
    void updateTitle();

    EngineController* engine_ = nullptr;
    RecentFiles* recent_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    EmptyStatePage* emptyPage_ = nullptr;
    QSplitter* workbench_ = nullptr;
    ModelPanel* modelPanel_ = nullptr;
    PromptPanel* promptPanel_ = nullptr;
    TaskProgress* taskProgress_ = nullptr;
    ModelSnapshotPtr model_;
};

} // namespace spectro::gui
