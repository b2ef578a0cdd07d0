#pragma once
// File > Open Session / Save Session: a .spectro file (core workbench/session.h) read into the
// session controller and the window (layout, open views, each view's settings), or written from
// them. A session whose model or cache has moved opens anyway: the notice bar asks for the file
// (Locate…), and the views that can show their data show it meanwhile.
#include "workbench/session.h"

#include <QByteArray>
#include <QObject>
#include <QStringList>

namespace spectro::gui {

class MainWindow;
class RecentFiles;
class SessionController;
class WorkbenchDocks;

class SessionFiles : public QObject {
    Q_OBJECT
public:
    SessionFiles(MainWindow* window, SessionController* session, WorkbenchDocks* docks, RecentFiles* recent);

    // Errors (not a session, bad JSON) are reported by the window; the session is then unchanged.
    bool open(const QString& path);
    bool save(const QString& path);
    // Applies the window layout of the session last opened; false when there is none to apply
    // (the window then lays the views out by default).
    bool restoreLayout();
    // The window's dock layout as the session stores it (base64 of QMainWindow::saveState).
    QString windowLayout() const;

private:
    void askForMissing(const QStringList& missing, const workbench::Session& session);

    MainWindow* window_;
    SessionController* session_;
    WorkbenchDocks* docks_;
    RecentFiles* recent_;
    QByteArray pendingLayout_;
    QStringList pendingViews_;
};

} // namespace spectro::gui
