#pragma once
// Owns the workbench session (core workbench/session.h) and its one selection, and says when
// they change. Views never change the selection themselves: they ask (hover = preview, click =
// lock, unlock = the same selection unlocked) and the controller decides, so every view, the one
// that asked included, redraws from the same value (gui.md: one Selection object).
//
// Signals are split by what changed, so that a selection change redraws markers and rebuilds only
// the figures that depend on it, and a new cache or model reloads everything.
#include "workbench/selection.h"
#include "workbench/session.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <map>
#include <string>

namespace spectro::gui {

class SessionController : public QObject {
    Q_OBJECT
public:
    explicit SessionController(QObject* parent = nullptr);

    const workbench::Session& session() const { return session_; }
    const workbench::Selection& selection() const { return session_.selection; }
    // The .spectro file the session was opened from or last saved to ("" for a new session).
    const QString& sessionPath() const { return path_; }
    bool isModified() const { return modified_; }

    void setModelPath(const QString& path);
    void setCachePath(const QString& path);
    void setCorpus(const workbench::CorpusChoice& corpus);

    // A hover: applied (unlocked) unless the selection is locked.
    void preview(const workbench::Selection& selection);
    // A click, a key or a control: applied as given (locked or not).
    void request(const workbench::Selection& selection);
    void unlock();

    // Replaces the session by the file's. Returns the paths that no longer exist ("model",
    // "cache", "corpus"), which the window asks for. Error (one line naming the file) when the
    // file is not a session; the current session is then unchanged.
    QStringList open(const QString& path);
    // Writes the session with the window's state (layout, open views, view settings) to `path`.
    void save(const QString& path, const QString& windowLayout, const QStringList& openViews,
              const std::map<std::string, std::string>& viewSettings);
    // A new, empty session (a new model opened from the start page).
    void reset();

Q_SIGNALS:
    void selectionChanged(const spectro::workbench::Selection& selection);
    void modelPathChanged(const QString& path);
    void cachePathChanged(const QString& path);
    // The whole session was replaced (open, reset): everything reloads from it.
    void sessionReplaced();
    void modifiedChanged(bool modified);

private:
    void apply(workbench::Selection selection);
    void setModified(bool modified);

    workbench::Session session_;
    QString path_;
    bool modified_ = false;
};

} // namespace spectro::gui
