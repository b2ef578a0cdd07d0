#include "figure_loader.h"

#include <QMetaObject>
#include <algorithm>
#include <exception>
#include <thread>

namespace spectro::gui {

FigureLoader::FigureLoader(QObject* parent) : QObject(parent)
{
    // Reads from the cache are serialised by HDF5's global lock anyway; two threads let one
    // figure compute while another reads, without crowding out the engine on a 2-core machine.
    pool_.setMaxThreadCount(static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 2u, 4u)));
    pool_.setObjectName(QStringLiteral("FigureLoader"));
}

FigureLoader::~FigureLoader()
{
    cancelAll();
    pool_.waitForDone();
}

void FigureLoader::request(const QString& key, Build build)
{
    Slot& slot = slots_[key];
    ++slot.generation;
    if (slot.running) {
        slot.waiting = std::move(build);
        return;
    }
    start(key, std::move(build), slot.generation);
}

void FigureLoader::cancelAll()
{
    for (auto& [key, slot] : slots_) {
        ++slot.generation;
        slot.waiting.reset();
    }
}

bool FigureLoader::isIdle() const
{
    return std::none_of(slots_.begin(), slots_.end(), [](const auto& s) { return s.second.running; });
}

bool FigureLoader::isBusy(const QString& key) const
{
    const auto it = slots_.find(key);
    return it != slots_.end() && it->second.running;
}

void FigureLoader::waitForDone()
{
    pool_.waitForDone();
}

void FigureLoader::start(const QString& key, Build build, quint64 generation)
{
    slots_[key].running = true;
    Q_EMIT started(key);
    pool_.start([this, key, generation, build = std::move(build)] {
        Deliver deliver;
        QString error;
        try {
            deliver = build();
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        } catch (...) {
            error = tr("Unexpected error while building the figure");
        }
        if (error.isEmpty() && !deliver) error = tr("The figure could not be built");
        // Queued to the GUI thread; dropped by Qt if the loader is gone by then.
        QMetaObject::invokeMethod(
            this, [this, key, generation, deliver, error] { finish(key, generation, deliver, error); },
            Qt::QueuedConnection);
    });
}

void FigureLoader::finish(const QString& key, quint64 generation, const Deliver& deliver, const QString& error)
{
    Slot& slot = slots_[key];
    slot.running = false;
    if (slot.waiting) {
        // A newer request arrived while this one ran: this result is stale.
        Build next = std::move(*slot.waiting);
        slot.waiting.reset();
        start(key, std::move(next), slot.generation);
        return;
    }
    if (generation == slot.generation) {
        if (error.isEmpty()) {
            deliver();
            Q_EMIT delivered(key);
        } else {
            Q_EMIT failed(key, error);
        }
    } else {
        Q_EMIT dropped(key);
    }
    if (isIdle()) Q_EMIT idle();
}

} // namespace spectro::gui
