#include "screenshot_session.h"

#include "engine_controller.h"
#include "main_window.h"

#include <QCoreApplication>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

namespace spectro::gui {

namespace {
// Gives layouts and the plots' replots time to settle after the last data arrived.
constexpr int kSettleMs = 400;
// A stuck engine must not hang a scripted run forever.
constexpr int kTimeoutMs = 180000;
} // namespace

ScreenshotSession::ScreenshotSession(MainWindow* window, QString path, bool waitForModel, bool waitForPrompt,
                                     QObject* parent)
    : QObject(parent), window_(window), path_(std::move(path)), waitForPrompt_(waitForPrompt)
{
    EngineController* engine = window_->engine();
    connect(engine, &EngineController::modelLoaded, this, [this] {
        if (!waitForPrompt_) captureSoon(0);
    });
    connect(engine, &EngineController::promptFinished, this, [this] { captureSoon(0); });
    connect(engine, &EngineController::failed, this, [this] { captureSoon(1); });
    connect(engine, &EngineController::cancelled, this, [this] { captureSoon(1); });
    if (!waitForModel) captureSoon(0);
    QTimer::singleShot(kTimeoutMs, this, [this] { capture(3); });
}

void ScreenshotSession::captureSoon(int exitCode)
{
    QTimer::singleShot(kSettleMs, this, [this, exitCode] { capture(exitCode); });
}

void ScreenshotSession::capture(int exitCode)
{
    if (done_) return;
    done_ = true;
    if (!window_->grab().save(path_, "PNG")) {
        std::fprintf(stderr, "spectroscope: cannot write %s\n", qPrintable(path_));
        exitCode = 4;
    }
    QCoreApplication::exit(exitCode);
}

} // namespace spectro::gui
