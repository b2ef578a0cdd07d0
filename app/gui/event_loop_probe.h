#pragma once
// Measures how long the GUI thread's event loop stalls, two ways:
//  - lateness: a precise timer asks to run every `intervalMs`; each time it runs, the delay beyond
//    its due time is how long the loop could not get to it (what a user feels as lag);
//  - the longest event: TimedApplication times every top-level event the GUI thread dispatches
//    (a queued figure delivery, a paint, a timer), in wall time and in the GUI thread's own CPU
//    time. The CPU time is work done on the GUI thread itself; wall time beyond it is the thread
//    waiting for a core (on a loaded machine, other processes decide that).
// Used by the latency test while a run and an analysis are in progress (docs/performance.md:
// "the GUI thread never stalls more than 50 ms").
#include <QApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <vector>

namespace spectro::gui {

class EventLoopProbe : public QObject {
    Q_OBJECT
public:
    explicit EventLoopProbe(int intervalMs = 5, QObject* parent = nullptr);

    void start();
    void stop();
    // Lateness of each tick in milliseconds, in the order observed.
    const std::vector<double>& stalls() const { return stalls_; }
    double maxStallMs() const;
    // The q-quantile (0..1) of the lateness.
    double quantileMs(double q) const;
    double seconds() const { return static_cast<double>(clock_.nsecsElapsed()) / 1e9; }

private:
    void tick();

    int intervalMs_;
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 lastNs_ = 0;
    std::vector<double> stalls_;
};

// A QApplication that times each top-level event dispatch of the GUI thread while measuring.
class TimedApplication : public QApplication {
public:
    TimedApplication(int& argc, char** argv);
    bool notify(QObject* receiver, QEvent* event) override;

    void startMeasuring();
    void stopMeasuring();
    // The longest event: wall time, and the GUI thread's CPU time for that same event.
    double maxEventWallMs() const { return maxWallMs_; }
    double maxEventCpuMs() const { return maxCpuMs_; }
    // The most GUI-thread CPU time any single event took.
    double maxCpuOfAnyEventMs() const { return maxAnyCpuMs_; }
    // What the longest event was ("QMetaCallEvent to spectro::gui::FigureLoader").
    const QString& longestEvent() const { return longest_; }

private:
    bool measuring_ = false;
    int depth_ = 0;
    double maxWallMs_ = 0, maxCpuMs_ = 0, maxAnyCpuMs_ = 0;
    QString longest_;
    QElapsedTimer clock_;
};

} // namespace spectro::gui
