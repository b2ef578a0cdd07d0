#include "event_loop_probe.h"

#include <QThread>
#include <algorithm>
#include <ctime>

namespace spectro::gui {

namespace {

qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<qint64>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

} // namespace

EventLoopProbe::EventLoopProbe(int intervalMs, QObject* parent) : QObject(parent), intervalMs_(intervalMs)
{
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(intervalMs_);
    connect(&timer_, &QTimer::timeout, this, &EventLoopProbe::tick);
}

void EventLoopProbe::start()
{
    stalls_.clear();
    clock_.start();
    lastNs_ = 0;
    timer_.start();
}

void EventLoopProbe::stop()
{
    timer_.stop();
}

void EventLoopProbe::tick()
{
    const qint64 now = clock_.nsecsElapsed();
    // The time since the previous tick beyond the interval: how long the loop could not get here.
    const double late = static_cast<double>(now - lastNs_) / 1e6 - intervalMs_;
    if (stalls_.empty() || late > maxStallMs()) maxStallAt_ = static_cast<double>(now) / 1e9;
    stalls_.push_back(std::max(0.0, late));
    lastNs_ = now;
}

double EventLoopProbe::maxStallMs() const
{
    return stalls_.empty() ? 0.0 : *std::max_element(stalls_.begin(), stalls_.end());
}

double EventLoopProbe::quantileMs(double q) const
{
    if (stalls_.empty()) return 0.0;
    std::vector<double> sorted = stalls_;
    std::sort(sorted.begin(), sorted.end());
    const auto at = static_cast<std::size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1));
    return sorted[at];
}

TimedApplication::TimedApplication(int& argc, char** argv) : QApplication(argc, argv)
{
    clock_.start();
}

void TimedApplication::startMeasuring()
{
    maxWallMs_ = maxCpuMs_ = maxAnyCpuMs_ = 0;
    longest_.clear();
    measuring_ = true;
}

void TimedApplication::stopMeasuring()
{
    measuring_ = false;
}

bool TimedApplication::notify(QObject* receiver, QEvent* event)
{
    // Events sent from inside another event's handling are part of that event's time.
    if (!measuring_ || depth_ > 0 || QThread::currentThread() != thread()) return QApplication::notify(receiver, event);
    ++depth_;
    const qint64 wall0 = clock_.nsecsElapsed(), cpu0 = threadCpuNs();
    const int type = event->type();
    const bool result = QApplication::notify(receiver, event);
    const double wall = static_cast<double>(clock_.nsecsElapsed() - wall0) / 1e6;
    const double cpu = static_cast<double>(threadCpuNs() - cpu0) / 1e6;
    --depth_;
    maxAnyCpuMs_ = std::max(maxAnyCpuMs_, cpu);
    if (wall > maxWallMs_) {
        maxWallMs_ = wall;
        maxCpuMs_ = cpu;
        longest_ =
            QStringLiteral("event %1 to %2").arg(type).arg(QString::fromLatin1(receiver->metaObject()->className()));
    }
    return result;
}

} // namespace spectro::gui
