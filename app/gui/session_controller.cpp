#include "session_controller.h"

#include <QFileInfo>

namespace spectro::gui {

SessionController::SessionController(QObject* parent) : QObject(parent) {}

void SessionController::setModelPath(const QString& path)
{
    const std::string p = path.toStdString();
    if (session_.modelPath == p) return;
    session_.modelPath = p;
    setModified(true);
    Q_EMIT modelPathChanged(path);
}

void SessionController::setCachePath(const QString& path)
{
    const std::string p = path.toStdString();
    if (session_.cachePath == p) return;
    session_.cachePath = p;
    setModified(true);
    Q_EMIT cachePathChanged(path);
}

void SessionController::setCorpus(const workbench::CorpusChoice& corpus)
{
    session_.corpus = corpus;
    setModified(true);
}

void SessionController::preview(const workbench::Selection& selection)
{
    if (session_.selection.locked) return;
    workbench::Selection s = selection;
    s.locked = false;
    apply(s);
}

void SessionController::request(const workbench::Selection& selection)
{
    apply(selection);
}

void SessionController::unlock()
{
    workbench::Selection s = session_.selection;
    s.locked = false;
    apply(s);
}

void SessionController::apply(workbench::Selection selection)
{
    if (selection == session_.selection) return;
    session_.selection = std::move(selection);
    // Where the user looked is part of the workspace a session restores, but a hover alone does
    // not make the session "modified" (closing would then always ask).
    if (session_.selection.locked) setModified(true);
    Q_EMIT selectionChanged(session_.selection);
}

QStringList SessionController::open(const QString& path)
{
    const workbench::SessionFile file = workbench::loadSession(path.toStdString()); // throws: unchanged
    session_ = file.session;
    path_ = QFileInfo(path).absoluteFilePath();
    QStringList missing;
    for (const auto& m : file.missing) missing << QString::fromStdString(m);
    setModified(false);
    Q_EMIT sessionReplaced();
    Q_EMIT selectionChanged(session_.selection);
    return missing;
}

void SessionController::save(const QString& path, const QString& windowLayout, const QStringList& openViews,
                             const std::map<std::string, std::string>& viewSettings)
{
    workbench::Session s = session_;
    s.windowLayout = windowLayout.toStdString();
    s.openViews.clear();
    for (const QString& v : openViews) s.openViews.push_back(v.toStdString());
    s.viewSettings = viewSettings;
    workbench::saveSession(s, path.toStdString()); // throws: nothing changes
    session_ = std::move(s);
    path_ = QFileInfo(path).absoluteFilePath();
    setModified(false);
}

void SessionController::reset()
{
    session_ = workbench::Session{};
    path_.clear();
    setModified(false);
    Q_EMIT sessionReplaced();
    Q_EMIT selectionChanged(session_.selection);
}

void SessionController::setModified(bool modified)
{
    if (modified_ == modified) return;
    modified_ = modified;
    Q_EMIT modifiedChanged(modified);
}

} // namespace spectro::gui
