#include "main_window.h"

#include "empty_state_page.h"
#include "engine/runtime.h"
#include "engine_controller.h"
#include "model_panel.h"
#include "prompt_panel.h"
#include "recent_files.h"
#include "task_progress.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace spectro::gui {

namespace {
const char* const kGeometryKey = "mainWindow/geometry";
const char* const kStateKey = "mainWindow/state";
const char* const kSplitterKey = "mainWindow/workbenchSplitter";
const char* const kLastDirKey = "lastModelDirectory";
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), engine_(new EngineController(this)), recent_(new RecentFiles(this))
{
    pages_ = new QStackedWidget(this);
    emptyPage_ = new EmptyStatePage(recent_, pages_);
    workbench_ = new QSplitter(Qt::Horizontal, pages_);
    workbench_->setChildrenCollapsible(false);
    modelPanel_ = new ModelPanel(workbench_);
    promptPanel_ = new PromptPanel(workbench_);
    workbench_->addWidget(modelPanel_);
    workbench_->addWidget(promptPanel_);
    workbench_->setStretchFactor(0, 0);
    workbench_->setStretchFactor(1, 1);
    workbench_->setSizes({340, 860});
    workbench_->setContentsMargins(8, 8, 8, 4);
    pages_->addWidget(emptyPage_);
    pages_->addWidget(workbench_);
    setCentralWidget(pages_);

    taskProgress_ = new TaskProgress(this);
    statusBar()->addPermanentWidget(taskProgress_);
    statusBar()->setSizeGripEnabled(true);

    createMenus();
    connectEngine();
    connect(emptyPage_, &EmptyStatePage::openFileRequested, this, &MainWindow::chooseModelFile);
    connect(emptyPage_, &EmptyStatePage::openFolderRequested, this, &MainWindow::chooseModelFolder);
    connect(emptyPage_, &EmptyStatePage::openRecentRequested, this, &MainWindow::openModel);
    connect(recent_, &RecentFiles::openRequested, this, &MainWindow::openModel);
    connect(promptPanel_, &PromptPanel::runRequested, this, &MainWindow::runPrompt);
    connect(taskProgress_, &TaskProgress::cancelRequested, engine_, &EngineController::cancel);

    resize(1200, 760);
    restoreSettings();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openFile = file->addAction(tr("&Open Model File…"), this, &MainWindow::chooseModelFile);
    openFile->setShortcut(QKeySequence::Open);
    openFile->setStatusTip(tr("Open a llama2.c .bin or GGUF checkpoint"));
    QAction* openFolder = file->addAction(tr("Open &Hugging Face Folder…"), this, &MainWindow::chooseModelFolder);
    openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openFolder->setStatusTip(tr("Open a folder with config.json and safetensors weights"));
    recent_->attach(file->addMenu(tr("Open &Recent")));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Spectroscope"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::connectEngine()
{
    connect(engine_, &EngineController::taskStarted, taskProgress_, &TaskProgress::start);
    connect(engine_, &EngineController::progress, taskProgress_, &TaskProgress::setProgress);
    connect(engine_, &EngineController::taskFinished, taskProgress_, &TaskProgress::finish);
    connect(engine_, &EngineController::modelLoaded, this, &MainWindow::onModelLoaded);
    connect(engine_, &EngineController::promptFinished, this, [this](const PromptResultPtr& result) {
        promptPanel_->showResult(result);
        statusBar()->showMessage(tr("Prompt: %1 tokens, %2 generated in %3 s")
                                     .arg(result->tokens.size())
                                     .arg(result->continuationTokens.size())
                                     .arg(QLocale().toString(result->seconds, 'f', 2)),
                                 8000);
    });
    connect(engine_, &EngineController::failed, this, &MainWindow::onFailed);
    connect(engine_, &EngineController::cancelled, this, [this] { statusBar()->showMessage(tr("Cancelled"), 4000); });
}

void MainWindow::openModel(const QString& path)
{
    if (path.isEmpty()) return;
    statusBar()->clearMessage();
    engine_->loadModel(path);
}

void MainWindow::runPrompt(const QString& text, int steps)
{
    if (promptPanel_->prompt() != text || promptPanel_->steps() != steps) promptPanel_->setPrompt(text, steps);
    engine_->runPrompt(text, steps);
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

void MainWindow::onModelLoaded(const ModelSnapshotPtr& model)
{
    const bool sameModel = model_ && model_->path == model->path;
    model_ = model;
    modelPanel_->showModel(model);
    promptPanel_->setModelReady(true);
    // A result computed by another model would be misleading next to this one's properties.
    if (!sameModel) promptPanel_->clearResult();
    pages_->setCurrentWidget(workbench_);
    recent_->add(model->path);
    updateTitle();
    QString message =
        tr("Loaded %1 in %2 s").arg(QFileInfo(model->path).fileName(), QLocale().toString(model->loadSeconds, 'f', 2));
    if (model->tokenizerSource.isEmpty()) message += tr(" — no tokenizer found, prompts are disabled");
    promptPanel_->setModelReady(!model->tokenizerSource.isEmpty());
    statusBar()->showMessage(message, 8000);
}

void MainWindow::onFailed(const QString& message)
{
    statusBar()->showMessage(message, 10000);
    // Window-modal and non-blocking: the engine and the event loop go on while it is shown.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Spectroscope"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Spectroscope"),
                       tr("<h3>Spectroscope %1</h3>"
                          "<p>A workbench for logit spectroscopy of LLaMa-architecture language models: "
                          "load a checkpoint, run prompts, and look at what the model predicts.</p>"
                          "<p>Qt %2 · libtorch %3 · %4 compute threads</p>")
                           .arg(QStringLiteral(SPECTRO_VERSION), QString::fromLatin1(qVersion()),
                                QString::fromStdString(torchVersion()))
                           .arg(computeThreads()));
}

void MainWindow::updateTitle()
{
    setWindowTitle(model_ ? tr("%1 — Spectroscope").arg(QFileInfo(model_->path).fileName()) : tr("Spectroscope"));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
    workbench_->restoreState(settings.value(kSplitterKey).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kSplitterKey, workbench_->saveState());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    engine_->cancel();
    event->accept();
}

} // namespace spectro::gui
