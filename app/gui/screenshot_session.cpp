#include "screenshot_session.h"

#include "main_window.h"

#include <QCoreApplication>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

namespace spectro::gui {

namespace {
// The window must stay settled for this many polls in a row: a delivered figure may still lay
// itself out, and a run's commit is followed by its analysis.
constexpr int kPollMs = 150;
constexpr int kSettledPolls = 3;
// A stuck engine must not hang a scripted run forever.
constexpr int kTimeoutMs = 300000;
} // namespace

ScreenshotSession::ScreenshotSession(MainWindow* window, QString path, bool waitForWorkbench, QObject* parent)
    : QObject(parent), window_(window), path_(std::move(path)), waitForWorkbench_(waitForWorkbench),
      poll_(new QTimer(this))
{
    window_->setScripted(true);
    connect(window_, &MainWindow::errorOccurred, this, [this](const QString& message) { fail(message, 1); });
    connect(poll_, &QTimer::timeout, this, &ScreenshotSession::check);
    poll_->start(kPollMs);
    QTimer::singleShot(kTimeoutMs, this, [this] {
        fail(QStringLiteral("the window did not settle within %1 s").arg(kTimeoutMs / 1000), 3);
    });
}

void ScreenshotSession::check()
{
    const bool settled = waitForWorkbench_ ? window_->isSettled() : true;
    settledChecks_ = settled ? settledChecks_ + 1 : 0;
    if (settledChecks_ >= kSettledPolls) capture();
}

void ScreenshotSession::fail(const QString& message, int exitCode)
{
    if (done_) return;
    done_ = true;
    std::fprintf(stderr, "spectroscope: %s\n", qPrintable(message));
    poll_->stop();
    // Queued: an error of the very first open arrives before the event loop runs, and exit()
    // before exec() would be lost.
    QTimer::singleShot(0, qApp, [exitCode] { QCoreApplication::exit(exitCode); });
}

void ScreenshotSession::capture()
{
    if (done_) return;
    done_ = true;
    poll_->stop();
    if (!window_->grab().save(path_, "PNG")) {
        std::fprintf(stderr, "spectroscope: cannot write %s\n", qPrintable(path_));
        QCoreApplication::exit(4);
        return;
    }
    QCoreApplication::exit(0);
}

} // namespace spectro::gui
