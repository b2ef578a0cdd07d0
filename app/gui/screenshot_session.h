#pragma once
// --screenshot OUT.png: waits until the window has settled (the model loaded, a run and its
// analysis done, every shown view holding its figure or its message), grabs the window into a
// PNG and quits with 0. An error (a bad file, a failed run) goes to stderr and quits with 1,
// without a dialog; no figure after the time limit quits with 3. Lets the README's screenshots and
// visual checks be made by the program itself on a headless machine.
#include <QObject>
#include <QString>

class QTimer;

namespace spectro::gui {

class MainWindow;

class ScreenshotSession : public QObject {
    Q_OBJECT
public:
    // `waitForWorkbench`: something was opened, so wait for the workbench (else grab the start page).
    ScreenshotSession(MainWindow* window, QString path, bool waitForWorkbench, QObject* parent = nullptr);

private:
    void check();
    void capture();
    void fail(const QString& message, int exitCode);

    MainWindow* window_;
    QString path_;
    bool waitForWorkbench_;
    QTimer* poll_;
    int settledChecks_ = 0;
    bool done_ = false;
};

} // namespace spectro::gui
