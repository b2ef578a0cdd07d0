#pragma once
// --screenshot: waits for the model (and the --prompt run, if any), grabs the main window into a
// PNG and quits. Lets docs/images/ be regenerated and the GUI be checked on a headless machine.
#include <QObject>
#include <QString>

namespace spectro::gui {

class MainWindow;

class ScreenshotSession : public QObject {
    Q_OBJECT
public:
    // `waitForPrompt`: a prompt run was requested, so grab after it, not after the load.
    ScreenshotSession(MainWindow* window, QString path, bool waitForModel, bool waitForPrompt,
                      QObject* parent = nullptr);

private:
    void captureSoon(int exitCode);
    void capture(int exitCode);

    MainWindow* window_;
    QString path_;
    bool waitForPrompt_;
    bool done_ = false;
};

} // namespace spectro::gui
