#include "session_files.h"

#include "filter_lab_panel.h"
#include "main_window.h"
#include "notice_bar.h"
#include "recent_files.h"
#include "session_controller.h"
#include "util/error.h"
#include "workbench_docks.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <cstdio>
#include <utility>

namespace spectro::gui {

namespace {
// Bumped when the docks change so much that an old layout would misplace them.
constexpr int kLayoutVersion = 1;
// The filter lab is a panel, not a view, but its setting is part of the workspace: it is kept
// among the view settings under its dock's id.
constexpr const char* kFilterLabId = "filterlab";
} // namespace

SessionFiles::SessionFiles(MainWindow* window, SessionController* session, WorkbenchDocks* docks, RecentFiles* recent)
    : QObject(window), window_(window), session_(session), docks_(docks), recent_(recent)
{
}

bool SessionFiles::open(const QString& path)
{
    QStringList missing;
    try {
        missing = session_->open(path);
    } catch (const std::exception& e) {
        window_->reportError(QString::fromUtf8(e.what()));
        return false;
    }
    recent_->add(path);
    const workbench::Session& s = session_->session();
    docks_->applyViewSettings(s.viewSettings);
    if (const auto lab = s.viewSettings.find(kFilterLabId); lab != s.viewSettings.end())
        window_->filterLab()->applySettings(QString::fromStdString(lab->second));
    pendingLayout_ = QByteArray::fromBase64(QByteArray::fromStdString(s.windowLayout));
    pendingViews_.clear();
    for (const auto& v : s.openViews) pendingViews_ << QString::fromStdString(v);
    // The window shows the workbench when the model or the cache arrives; a workbench already
    // shown takes the session's layout now.
    if (window_->docks()->source()) restoreLayout();
    const QString model = QString::fromStdString(s.modelPath);
    if (!model.isEmpty() && !missing.contains(QStringLiteral("model")) &&
        !(window_->model() && QFileInfo(window_->model()->path) == QFileInfo(model))) {
        window_->openModel(model);
    }
    const QString cache = QString::fromStdString(s.cachePath);
    if (!cache.isEmpty() && !missing.contains(QStringLiteral("cache"))) window_->openCache(cache);
    if (!missing.isEmpty()) askForMissing(missing, s);
    return true;
}

void SessionFiles::askForMissing(const QStringList& missing, const workbench::Session& s)
{
    QStringList lines;
    std::vector<NoticeBar::Action> actions;
    if (missing.contains(QStringLiteral("model"))) {
        lines << tr("The session's model %1 is gone; the views that need weights wait for it.")
                     .arg(QDir::toNativeSeparators(QString::fromStdString(s.modelPath)));
        actions.push_back(
            {tr("Locate Model…"), tr("Choose the model file or folder where it is now"), [this] {
                 const QString path =
                     QFileDialog::getOpenFileName(window_, tr("Locate Model"), QDir::homePath(),
                                                  tr("Model checkpoints (*.bin *.gguf config.json);;All files (*)"));
                 if (path.isEmpty()) return;
                 // A Hugging Face model is its folder: config.json stands for it.
                 const QFileInfo info(path);
                 window_->openModel(info.fileName() == QStringLiteral("config.json") ? info.absolutePath() : path);
             }});
    }
    if (missing.contains(QStringLiteral("cache"))) {
        lines
            << tr("The session's cache %1 is gone.").arg(QDir::toNativeSeparators(QString::fromStdString(s.cachePath)));
        actions.push_back({tr("Locate Cache…"), tr("Choose the cache (.h5) where it is now"), [this] {
                               const QString path = QFileDialog::getOpenFileName(
                                   window_, tr("Locate Cache"), QDir::homePath(), tr("Spectroscope caches (*.h5)"));
                               if (!path.isEmpty()) window_->openCache(path);
                           }});
    }
    if (missing.contains(QStringLiteral("corpus"))) {
        lines << tr("Its corpus %1 is gone (needed only to run more samples).")
                     .arg(QDir::toNativeSeparators(QString::fromStdString(s.corpus.path)));
    }
    const QString text = lines.join(QLatin1Char(' '));
    if (window_->isScripted()) std::fprintf(stderr, "spectroscope: %s\n", qPrintable(text));
    window_->notice()->showNotice(text, std::move(actions));
}

bool SessionFiles::restoreLayout()
{
    if (pendingLayout_.isEmpty()) return false;
    const QByteArray layout = std::exchange(pendingLayout_, {});
    if (!window_->restoreState(layout, kLayoutVersion)) return false;

    if (!pendingViews_.isEmpty()) docks_->setOpenViews(pendingViews_);
    return true;
}

QString SessionFiles::windowLayout() const
{
    return QString::fromLatin1(window_->saveState(kLayoutVersion).toBase64());
}

bool SessionFiles::save(const QString& path)
{
    try {
        std::map<std::string, std::string> settings = docks_->viewSettings();
        settings[kFilterLabId] = window_->filterLab()->settings().toStdString();
        session_->save(path, windowLayout(), docks_->openViews(), settings);
    } catch (const std::exception& e) {
        window_->reportError(QString::fromUtf8(e.what()));
        return false;
    }
    recent_->add(path);
    return true;
}

} // namespace spectro::gui
