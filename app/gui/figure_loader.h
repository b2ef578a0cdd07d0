#pragma once
// Builds figures off the GUI thread (gui.md: "put the slow work off the GUI thread, newest
// request wins"). Each view has one slot: a request while that view's build runs replaces the
// request waiting behind it, so a burst of selection changes costs at most one stale build and
// one fresh one, and only the newest result is ever delivered. A build runs on the loader's own
// thread pool and returns a closure that the GUI thread runs to hand the (immutable) figure to
// its view; the figure itself is a std::shared_ptr<const T> that crosses threads without a copy.
// Nothing crosses as an exception: a build that throws becomes failed(key, message).
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace spectro::gui {

class FigureLoader : public QObject {
    Q_OBJECT
public:
    using Deliver = std::function<void()>;  // runs on the GUI thread
    using Build = std::function<Deliver()>; // runs on a pool thread; may throw

    explicit FigureLoader(QObject* parent = nullptr);
    // Waits for the builds that are running (their results are dropped).
    ~FigureLoader() override;

    // Builds for `key` (a view id); supersedes the request still waiting for that key.
    void request(const QString& key, Build build);
    // Drops the waiting request of `key`; the result of its running build is discarded.
    void cancel(const QString& key);
    // The same for every key.
    void cancelAll();
    bool isIdle() const;
    bool isBusy(const QString& key) const;
    // Waits for the running builds, for tests and for shutting down.
    void waitForDone();
    // Drops `object` on a loader thread: the last reference to a 7B source (its spectra are
    // 256 MiB of doubles) or model costs tens of milliseconds to free, which the GUI thread must
    // not spend.
    void release(std::shared_ptr<const void> object);

Q_SIGNALS:
    void started(const QString& key);
    void delivered(const QString& key);
    void failed(const QString& key, const QString& message);
    // A result was discarded (cancelAll) and nothing newer was asked for.
    void dropped(const QString& key);
    // No build is running or waiting any more.
    void idle();

private:
    struct Slot {
        quint64 generation = 0; // of the newest request
        bool running = false;
        std::optional<Build> waiting;
    };
    void start(const QString& key, Build build, quint64 generation);
    void finish(const QString& key, quint64 generation, const Deliver& deliver, const QString& error);

    QThreadPool pool_;
    std::map<QString, Slot> slots_;
};

} // namespace spectro::gui
