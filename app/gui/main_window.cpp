#include "main_window.h"

#include "about_dialog.h"
#include "default_model.h"
#include "engine_controller.h"
#include "figure_view.h"
#include "filter_lab_panel.h"
#include "model_panel.h"
#include "notice_bar.h"
#include "prompt_panel.h"
#include "publication_presenter.h"
#include "recent_files.h"
#include "run_actions.h"
#include "selection_bar.h"
#include "session_controller.h"
#include "session_files.h"
#include "start_page.h"
#include "store/cache_reader.h"
#include "task_progress.h"
#include "tour/tour_controller.h"
#include "tour/tour_panel.h"
#include "translations.h"
#include "util/log.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QGuiApplication>
#include <QScreen>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <cstdio>
#include <utility>

namespace spectro::gui {

namespace {
const char* const kGeometryKey = "mainWindow/geometry";
const char* const kLastDirKey = "lastModelDirectory";
const char* const kLastCacheDirKey = "lastCacheDirectory";
const QString kSummaryKey = QStringLiteral("__cache_summary");
// The height at which the lab's controls and its two rows of plots are readable.
constexpr int kReadableLabHeight = 480;
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), session_(new SessionController(this)), engine_(new EngineController(this)),
      recentModels_(new RecentFiles(QStringLiteral("recentModels"), tr("No recent models"), this)),
      recentSessions_(new RecentFiles(QStringLiteral("recentSessions"), tr("No recent sessions"), this))
{
    qRegisterMetaType<CacheSummaryPtr>();
    startPage_ = new StartPage(recentSessions_, recentModels_, this);
    startPage_->setDemoAvailable(!defaultModelPath().isEmpty() && !demoCorpusPath().isEmpty());
    setCentralWidget(startPage_);

    docks_ = new WorkbenchDocks(this, session_, this);
    modelPanel_ = new ModelPanel;
    promptPanel_ = new PromptPanel;
    docks_->addPanel(QStringLiteral("model"), tr("Model"), modelPanel_, Qt::LeftDockWidgetArea);
    docks_->addPanel(QStringLiteral("prompt"), tr("Prompt"), promptPanel_, Qt::LeftDockWidgetArea);
    filterLab_ = new FilterLabPanel;
    filterLabDock_ =
        docks_->addPanel(QStringLiteral("filterlab"), tr("Filter Lab"), filterLab_, Qt::BottomDockWidgetArea);
    connect(session_, &SessionController::selectionChanged, filterLab_, &FilterLabPanel::setSelection);
    connect(filterLab_, &FilterLabPanel::selectionHovered, session_, &SessionController::preview);
    connect(filterLab_, &FilterLabPanel::selectionRequested, session_, &SessionController::request);
    connect(filterLab_, &FilterLabPanel::settledMaybe, this, &MainWindow::settledMaybe);
    sessionFiles_ = new SessionFiles(this, session_, docks_, recentSessions_);
    runActions_ = new RunActions(this, engine_, session_);

    taskProgress_ = new TaskProgress(this);
    cacheStatus_ = new QLabel(this);
    statusBar()->addWidget(cacheStatus_, 1);
    statusBar()->addPermanentWidget(taskProgress_);
    statusBar()->setSizeGripEnabled(true);

    createToolBars();
    createMenus();
    createTour();
    connectEngine();
    // Nothing is docked until there is something to show: the start page has the window.
    for (QDockWidget* d : findChildren<QDockWidget*>()) d->hide();

    connect(startPage_, &StartPage::demoRequested, this, &MainWindow::openDemo);
    connect(startPage_, &StartPage::tourRequested, this, &MainWindow::startTour);
    connect(startPage_, &StartPage::openModelFileRequested, this, &MainWindow::chooseModelFile);
    connect(startPage_, &StartPage::openModelFolderRequested, this, &MainWindow::chooseModelFolder);
    connect(startPage_, &StartPage::openCacheRequested, this, &MainWindow::chooseCache);
    connect(startPage_, &StartPage::openSessionRequested, this, &MainWindow::chooseSession);
    connect(startPage_, &StartPage::openSessionPathRequested, this, &MainWindow::openSession);
    connect(startPage_, &StartPage::openModelPathRequested, this, &MainWindow::openModel);
    connect(recentModels_, &RecentFiles::openRequested, this, &MainWindow::openModel);
    connect(recentSessions_, &RecentFiles::openRequested, this, &MainWindow::openSession);
    connect(promptPanel_, &PromptPanel::runRequested, this, &MainWindow::runPrompt);
    connect(taskProgress_, &TaskProgress::cancelRequested, engine_, &EngineController::cancel);
    connect(docks_, &WorkbenchDocks::remedyRequested, this, &MainWindow::onRemedy);
    connect(docks_, &WorkbenchDocks::settled, this, &MainWindow::settledMaybe);
    connect(runActions_, &RunActions::previewChanged, this, &MainWindow::updateSource);
    connect(runActions_, &RunActions::statusMessage, this,
            [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    connect(session_, &SessionController::cachePathChanged, this, &MainWindow::updateSource);
    connect(session_, &SessionController::sessionReplaced, this, &MainWindow::updateSource);
    connect(session_, &SessionController::modifiedChanged, this, &QWidget::setWindowModified);
    connect(docks_->loader(), &FigureLoader::failed, this, [this](const QString& key, const QString& message) {
        if (key == kSummaryKey) reportError(message);
    });
    // Core's warnings (truncated samples, float16 overflow) come from the engine thread.
    setWarningSink([window = QPointer<MainWindow>(this)](const std::string& message) {
        const QString text = QString::fromStdString(message);
        std::fprintf(stderr, "warning: %s\n", message.c_str());
        QMetaObject::invokeMethod(qApp, [window, text] {
            if (window) window->statusBar()->showMessage(text, 15000);
        });
    });

    resize(1500, 950);
    restoreSettings();
    updateTitle();
}

MainWindow::~MainWindow()
{
    setWarningSink({});
}

void MainWindow::createToolBars()
{
    // The notice sits under the menu bar, above every dock and tool bar: a QMainWindow has no
    // other place that no layout can hide, so the two share the menu widget.
    auto* top = new QWidget(this);
    auto* layout = new QVBoxLayout(top);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    menuBar_ = new QMenuBar(top);
    notice_ = new NoticeBar(top);
    layout->addWidget(menuBar_);
    layout->addWidget(notice_);
    setMenuWidget(top);
    selectionToolBar_ = addToolBar(tr("Selection"));
    selectionToolBar_->setObjectName(QStringLiteral("selection"));
    selectionBar_ = new SelectionBar(session_, selectionToolBar_);
    selectionToolBar_->addWidget(selectionBar_);
    selectionToolBar_->hide();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar_->addMenu(tr("&File"));
    QAction* openFile = file->addAction(tr("&Open Model File…"), this, &MainWindow::chooseModelFile);
    openFile->setShortcut(QKeySequence::Open);
    openFile->setStatusTip(tr("Open a llama2.c .bin or GGUF checkpoint"));
    QAction* openFolder = file->addAction(tr("Open &Hugging Face Folder…"), this, &MainWindow::chooseModelFolder);
    openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openFolder->setStatusTip(tr("Open a folder with config.json and safetensors weights"));
    QAction* openCache = file->addAction(tr("Open &Cache…"), this, &MainWindow::chooseCache);
    openCache->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    openCache->setStatusTip(tr("Open a tap cache (.h5); the views it can feed need no model"));
    recentModels_->attach(file->addMenu(tr("Open &Recent Model")));
    file->addSeparator();
    QAction* openSession = file->addAction(tr("Open &Session…"), this, &MainWindow::chooseSession);
    openSession->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O));
    openSession->setStatusTip(tr("Open a .spectro session: model, cache, selection, layout"));
    recentSessions_->attach(file->addMenu(tr("Recent S&essions")));
    QAction* save = file->addAction(tr("Sa&ve Session"), this, [this] { saveSessionInteractively(false); });
    save->setShortcut(QKeySequence::Save);
    save->setStatusTip(tr("Save the model, cache, selection, layout and view settings"));
    QAction* saveAs = file->addAction(tr("Save Session &As…"), this, [this] { saveSessionInteractively(true); });
    saveAs->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* run = menuBar_->addMenu(tr("&Run"));
    QAction* corpus = run->addAction(tr("Run &Corpus…"), runActions_, &RunActions::runCorpusInteractively);
    corpus->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    corpus->setStatusTip(tr("Run a text or JSON-lines corpus through the model into a cache"));
    QAction* analyze = run->addAction(tr("&Analyze Cache"), runActions_, &RunActions::analyzeCache);
    analyze->setStatusTip(tr("Compute U-dark ratios, spectrograms and HMLV flags for the open cache"));
    run->addAction(tr("Open the &Demo"), this, &MainWindow::openDemo)
        ->setStatusTip(tr("The demo model and its corpus, run into a cache"));
    QAction* lab = run->addAction(tr("&Filter Lab"), this, [this] {
        showWorkbench();
        // Wide, below the views, and half the window tall as the tour shows it: docked at its
        // minimum height its plots were a strip too thin to read.
        raiseDock(QStringLiteral("filterlab"));
    });
    lab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    lab->setStatusTip(tr("Drag a band slider and watch the NLL, per token, as you drag"));
    run->addSeparator();
    run->addAction(tr("C&ancel"), engine_, &EngineController::cancel)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));

    QMenu* view = menuBar_->addMenu(tr("&View"));
    docks_->fillViewMenu(view);
    view->addSeparator();
    view->addAction(selectionToolBar_->toggleViewAction());
    view->addAction(widgets::createPresenterModeAction(this));
    view->addAction(tr("&Reset Layout"), this,
                    [this] {
                        showWorkbench();
                        docks_->resetLayout();
                    })
        ->setStatusTip(tr("Put every view back in its default place"));
    // Esc anywhere in the window (the views' own Esc does the same when they have the focus).
    QAction* unlock = view->addAction(tr("&Unlock Selection"), session_, &SessionController::unlock);
    unlock->setShortcut(QKeySequence(Qt::Key_Escape));
    unlock->setStatusTip(tr("Release the locked selection, so that hovering previews again"));

    createLanguageMenu(view);
    createHelpMenu();
}

void MainWindow::createHelpMenu()
{
    QMenu* help = menuBar_->addMenu(tr("&Help"));
    QAction* tour = help->addAction(tr("Guided &Tour"), this, &MainWindow::startTour);
    tour->setStatusTip(tr("The paper's main finding on the demo model, step by step"));
    QAction* guide = help->addAction(tr("&User Guide"), this, &MainWindow::showUserGuide);
    guide->setShortcut(QKeySequence::HelpContents);
    guide->setStatusTip(tr("Open docs/user-guide.md, which describes every view"));
    help->addSeparator();
    QAction* about = help->addAction(tr("&About Spectroscope"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createLanguageMenu(QMenu* view)
{
    QMenu* menu = view->addMenu(tr("&Language"));
    auto* group = new QActionGroup(menu);
    const QString saved = savedLanguage();
    // Language names in their own language, as language menus show them.
    const std::pair<QString, QString> choices[] = {{QString(), tr("&System")},
                                                   {QStringLiteral("en"), QStringLiteral("English")},
                                                   {QStringLiteral("de"), QStringLiteral("Deutsch")}};
    for (const auto& [code, label] : choices) {
        QAction* a = menu->addAction(label);
        a->setCheckable(true);
        a->setChecked(code == saved);
        a->setData(code);
        group->addAction(a);
    }
    connect(group, &QActionGroup::triggered, this, [this](QAction* a) {
        saveLanguage(a->data().toString());
        statusBar()->showMessage(tr("The language changes when Spectroscope starts the next time"), 10000);
    });
}

void MainWindow::showUserGuide()
{
    const QString path = userGuidePath();
    if (path.isEmpty() || !QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        reportError(path.isEmpty() ? tr("The user guide (user-guide.md) is not installed")
                                   : tr("No application opens %1").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::createTour()
{
    tourPanel_ = new TourPanel;
    tourDock_ = new QDockWidget(tr("Guided Tour"), this);
    tourDock_->setObjectName(QStringLiteral("tour"));
    tourDock_->setWidget(tourPanel_);
    addDockWidget(Qt::LeftDockWidgetArea, tourDock_);
    TourController::Targets targets;
    targets.session = session_;
    targets.docks = docks_;
    targets.lab = filterLab_;
    targets.raiseDock = [this](const QString& id) { raiseDock(id); };
    tour_ = new TourController(std::move(targets), this);
    connect(tour_, &TourController::stepShown, this, [this](int index) {
        const TourStep& step = tour_->steps()[static_cast<std::size_t>(index)];
        tourPanel_->showStep(index, static_cast<int>(tour_->steps().size()), step.title, step.text);
    });
    connect(tour_, &TourController::left, tourDock_, &QWidget::hide);
    connect(tourPanel_, &TourPanel::nextRequested, tour_, &TourController::next);
    connect(tourPanel_, &TourPanel::backRequested, tour_, &TourController::back);
    connect(tourPanel_, &TourPanel::leaveRequested, tour_, &TourController::leave);
    // Closing the dock is leaving the tour; a saved layout that shows it brings no tour back.
    connect(tourDock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (!visible && tourDock_->isHidden()) tour_->leave();
        if (visible && !tour_->isRunning()) tourDock_->hide();
    });
}

void MainWindow::startTour()
{
    const QString model = defaultModelPath();
    if (model.isEmpty() || demoCorpusPath().isEmpty()) {
        reportError(tr("The guided tour needs the demo model and the demo corpus, which are not installed"));
        return;
    }
    // The tour's texts are about the demo model and its demo cache: open them unless they are the
    // session's already (the demo's run reuses its cache, so a second tour computes nothing).
    const bool demoOpen = model_ && QFileInfo(model_->path).absoluteFilePath() == QFileInfo(model).absoluteFilePath() &&
                          QString::fromStdString(session_->session().cachePath) == demoCachePath();
    if (!demoOpen) openDemo();
    showWorkbench();
    tour_->start(); // before the panel shows: a panel without a running tour hides itself
    // A column of its own left of the views, tall enough for every step's text: the text stays in
    // sight while the views change.
    if (!tourDock_->isVisible()) {
        if (tourDock_->isFloating() || dockWidgetArea(tourDock_) != Qt::LeftDockWidgetArea)
            addDockWidget(Qt::LeftDockWidgetArea, tourDock_);
        tourDock_->show();
        resizeDocks({tourDock_}, {360}, Qt::Horizontal);
    }
    tourDock_->raise();
}

void MainWindow::raiseDock(const QString& id)
{
    QDockWidget* dock = id == QStringLiteral("filterlab") ? filterLabDock_ : docks_->dock(id);
    if (!dock) return;
    // The lab is wide: below the views, as Run > Filter Lab puts it, and tall enough to read its
    // plots the first time the tour shows it.
    const bool placeLab = dock == filterLabDock_ &&
                          (dock->isHidden() || dock->isFloating() || dockWidgetArea(dock) != Qt::BottomDockWidgetArea);
    // A screen too short for the views' minimum heights and a readable lab (at 1600 x 1000 the
    // docked lab got 150-220 px and the window grew past the screen) gets the lab as a window of
    // its own over the lower part of the screen; double-clicking its title docks it again.
    // Screenshots (scripted, 1920 x 1200) and offscreen tests, which have no real screen, dock it.
    const QScreen* display = screen();
    const bool ownWindow = placeLab && display && !scripted_ &&
                           QGuiApplication::platformName() != QLatin1String("offscreen") &&
                           minimumSizeHint().height() + kReadableLabHeight > display->availableGeometry().height();
    if (ownWindow) {
        const QRect area = display->availableGeometry();
        dock->setFloating(true);
        dock->setGeometry(area.x() + area.width() / 20, area.y() + area.height() * 36 / 100, area.width() * 9 / 10,
                          area.height() * 62 / 100);
    } else if (placeLab && (dock->isFloating() || dockWidgetArea(dock) != Qt::BottomDockWidgetArea)) {
        addDockWidget(Qt::BottomDockWidgetArea, dock);
    }
    dock->show();
    dock->raise();
    if (placeLab && !ownWindow) resizeDocks({dock}, {height() / 2}, Qt::Vertical);
}

void MainWindow::connectEngine()
{
    connect(engine_, &EngineController::taskStarted, taskProgress_, &TaskProgress::start);
    connect(engine_, &EngineController::progress, taskProgress_, &TaskProgress::setProgress);
    connect(engine_, &EngineController::taskFinished, taskProgress_, &TaskProgress::finish);
    connect(engine_, &EngineController::taskFinished, this, [this] {
        ++finishedSeen_;
        Q_EMIT settledMaybe();
    });
    connect(engine_, &EngineController::modelLoaded, this, &MainWindow::onModelLoaded);
    connect(engine_, &EngineController::promptFinished, this, [this](const PromptResultPtr& result) {
        promptPanel_->showResult(result);
        statusBar()->showMessage(tr("Prompt: %1 tokens, %2 generated in %3 s")
                                     .arg(result->tokens.size())
                                     .arg(result->continuationTokens.size())
                                     .arg(QLocale().toString(result->seconds, 'f', 2)),
                                 8000);
    });
    connect(engine_, &EngineController::failed, this, &MainWindow::reportError);
    connect(engine_, &EngineController::cancelled, this, [this] { statusBar()->showMessage(tr("Cancelled"), 4000); });
}

void MainWindow::setScripted(bool scripted)
{
    scripted_ = scripted;
    // Screenshots are made at one size, whatever the last session's window was.
    if (scripted) resize(1920, 1200);
}

bool MainWindow::isSettled() const
{
    // Every job's results have arrived here (not only left the engine), no figure is being built,
    // and a shown filter lab has its answer (it is a panel, not a view: the docks do not count it).
    return workbenchShown_ && !engine_->isBusy() && engine_->finishedCount() == finishedSeen_ &&
           !docks_->loader()->isBusy(kSummaryKey) && docks_->isSettled() && filterLab_->isSettled();
}

void MainWindow::openPath(const QString& path)
{
    if (path.endsWith(QStringLiteral(".spectro"), Qt::CaseInsensitive))
        openSession(path);
    else if (path.endsWith(QStringLiteral(".h5"), Qt::CaseInsensitive))
        openCache(path);
    else
        openModel(path);
}

void MainWindow::openModel(const QString& path)
{
    if (path.isEmpty()) return;
    engine_->loadModel(path);
}

void MainWindow::openCache(const QString& path)
{
    if (path.isEmpty()) return;
    requestSummary(QFileInfo(path).absoluteFilePath(), true);
}

void MainWindow::requestSummary(const QString& path, bool open)
{
    // Read off the GUI thread; a cache that does not open fails here, before it becomes the
    // session's (the loader reports the failure, reportError shows it).
    docks_->loader()->request(
        kSummaryKey, [path, open, window = QPointer<MainWindow>(this)]() -> FigureLoader::Deliver {
            auto summary = std::make_shared<const CacheSummary>(summarizeCache(CacheReader(path.toStdString())));
            return [window, summary, open] {
                if (window) window->onCacheSummary(summary, open);
            };
        });
}

void MainWindow::onCacheSummary(const CacheSummaryPtr& summary, bool open)
{
    cacheSummary_ = summary;
    selectionBar_->setCache(summary);
    cacheStatus_->setText(summary->describe());
    cacheStatus_->setToolTip(QDir::toNativeSeparators(summary->path));
    if (!open) return;
    showWorkbench();
    if (QString::fromStdString(session_->session().cachePath) == summary->path)
        updateSource();
    else
        session_->setCachePath(summary->path); // updateSource follows through cachePathChanged
    // A cache alone: say which model made it, so the views that need weights can get them.
    if (!model_ && !summary->modelPath.isEmpty()) {
        statusBar()->showMessage(tr("Cache made by %1; open that model for the views that need weights")
                                     .arg(QDir::toNativeSeparators(summary->modelPath)),
                                 10000);
    }
}

void MainWindow::openSession(const QString& path)
{
    if (!maybeSave()) return;
    sessionFiles_->open(path);
}

bool MainWindow::saveSession(const QString& path)
{
    return sessionFiles_->save(path);
}

void MainWindow::runPrompt(const QString& text, int steps)
{
    if (promptPanel_->prompt() != text || promptPanel_->steps() != steps) promptPanel_->setPrompt(text, steps);
    engine_->runPrompt(text, steps);
}

void MainWindow::openDemo()
{
    const QString model = defaultModelPath();
    if (model.isEmpty() || demoCorpusPath().isEmpty()) {
        reportError(tr("The demo model or the demo corpus is not installed"));
        return;
    }
    if (!model_ || QFileInfo(model_->path).absoluteFilePath() != QFileInfo(model).absoluteFilePath()) openModel(model);
    runActions_->runDemo(); // queued behind the load
}

void MainWindow::chooseModelFile()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Model File"), settings.value(kLastDirKey, QDir::homePath()).toString(),
        tr("Model checkpoints (*.bin *.gguf);;llama2.c checkpoints (*.bin);;GGUF files (*.gguf);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    openModel(path);
}

void MainWindow::chooseModelFolder()
{
    QSettings settings;
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open Hugging Face Folder"),
                                                           settings.value(kLastDirKey, QDir::homePath()).toString());
    if (path.isEmpty()) return;
    settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    openModel(path);
}

void MainWindow::chooseCache()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Cache"),
                                                      settings.value(kLastCacheDirKey, QDir::homePath()).toString(),
                                                      tr("Spectroscope caches (*.h5);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kLastCacheDirKey, QFileInfo(path).absolutePath());
    openCache(path);
}

void MainWindow::chooseSession()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Session"), QDir::homePath(),
                                                      tr("Spectroscope sessions (*.spectro);;All files (*)"));
    if (!path.isEmpty()) openSession(path);
}

void MainWindow::saveSessionInteractively(bool choosePath)
{
    QString path = session_->sessionPath();
    if (choosePath || path.isEmpty()) {
        path = QFileDialog::getSaveFileName(this, tr("Save Session"), path.isEmpty() ? QDir::homePath() : path,
                                            tr("Spectroscope sessions (*.spectro)"));
        if (path.isEmpty()) return;
        if (!path.endsWith(QStringLiteral(".spectro"))) path += QStringLiteral(".spectro");
    }
    if (saveSession(path)) statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 6000);
}

void MainWindow::onModelLoaded(const ModelSnapshotPtr& model)
{
    const bool sameModel = model_ && model_->path == model->path;
    ModelSnapshotPtr old = std::exchange(model_, model);
    modelPanel_->showModel(model);
    // A result computed by another model would be misleading next to this one's properties.
    if (!sameModel) promptPanel_->clearResult();
    promptPanel_->setModelReady(!model->tokenizerSource.isEmpty());
    recentModels_->add(model->path);
    session_->setModelPath(model->path);
    if (!cacheSummary_) selectionBar_->setShape(model->config.nLayers, model->config.nHeads);
    showWorkbench();
    updateSource();
    updateTitle();
    QString message =
        tr("Loaded %1 in %2 s").arg(QFileInfo(model->path).fileName(), QLocale().toString(model->loadSeconds, 'f', 2));
    if (model->tokenizerSource.isEmpty()) message += tr(" — no tokenizer found, prompts and runs are disabled");
    statusBar()->showMessage(message, 8000);
    // The old model's weights are unmapped off the GUI thread, once the panel and the source have
    // let go of it.
    docks_->loader()->release(std::move(old));
}

void MainWindow::onRemedy(WorkbenchDocks::Remedy remedy)
{
    switch (remedy) {
    case WorkbenchDocks::Remedy::OpenModel:
        // The model that made the cache, where the cache says it is; else the user says where.
        if (cacheSummary_ && !cacheSummary_->modelPath.isEmpty() && QFileInfo::exists(cacheSummary_->modelPath)) {
            openModel(cacheSummary_->modelPath);
        } else {
            chooseModelFile();
        }
        break;
    case WorkbenchDocks::Remedy::RunCorpus: runActions_->runCorpusInteractively(); break;
    case WorkbenchDocks::Remedy::OpenCache: chooseCache(); break;
    case WorkbenchDocks::Remedy::None: break;
    }
}

void MainWindow::reportError(const QString& message)
{
    statusBar()->showMessage(message, 15000);
    Q_EMIT errorOccurred(message);
    if (scripted_) return;
    // Window-modal and non-blocking: the engine and the event loop go on while it is shown.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Spectroscope"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

void MainWindow::showWorkbench()
{
    if (workbenchShown_) return;
    workbenchShown_ = true;
    takeCentralWidget()->hide(); // kept as a child for a later "close"; the docks fill the window
    selectionToolBar_->show();
    if (!sessionFiles_->restoreLayout()) docks_->resetLayout();
    // The keyboard starts on the token strip (arrows move the token), not in a selection-bar field.
    if (widgets::FigureView* strip = docks_->view(QStringLiteral("token_strip"))) strip->setFocus();
}

void MainWindow::updateSource()
{
    if (!workbenchShown_) return;
    const QString preview = runActions_->previewCache();
    const QString cache = preview.isEmpty() ? QString::fromStdString(session_->session().cachePath) : preview;
    docks_->setSource(std::make_shared<const WorkbenchSource>(cache.toStdString(), model_));
    // The filter lab re-filters the committed cache, not a run's preview of it.
    filterLab_->setSource(QString::fromStdString(session_->session().cachePath), model_);
    // The samples may have changed (a run publishing, a cache extended): list them again.
    if (!cache.isEmpty()) {
        requestSummary(cache, false);
    } else {
        cacheSummary_.reset();
        selectionBar_->setCache(nullptr);
        cacheStatus_->clear();
    }
    updateTitle();
}

void MainWindow::updateTitle()
{
    QString name;
    if (!session_->sessionPath().isEmpty())
        name = QFileInfo(session_->sessionPath()).fileName();
    else if (model_)
        name = QFileInfo(model_->path).fileName();
    else if (!session_->session().cachePath.empty())
        name = QFileInfo(QString::fromStdString(session_->session().cachePath)).fileName();
    setWindowTitle(name.isEmpty() ? tr("Spectroscope[*]") : tr("%1[*] — Spectroscope").arg(name));
}

void MainWindow::showAbout()
{
    auto* dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    if (!scripted_) restoreGeometry(settings.value(kGeometryKey).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings().setValue(kGeometryKey, saveGeometry());
}

bool MainWindow::maybeSave()
{
    if (scripted_ || !session_->isModified() || session_->sessionPath().isEmpty()) return true;
    const auto answer = QMessageBox::question(
        this, tr("Spectroscope"),
        tr("Save the changes to the session %1?").arg(QFileInfo(session_->sessionPath()).fileName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) return saveSession(session_->sessionPath());
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    engine_->cancel();
    event->accept();
}

} // namespace spectro::gui
