#include "filter_lab_engine.h"

#include <QMetaObject>
#include <QPointer>

namespace spectro::gui {

FilterLabEngine::FilterLabEngine(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<LabReadyPtr>();
    qRegisterMetaType<SpectrumFigurePtr>();
    qRegisterMetaType<filterlab::OutcomePtr>();
    qRegisterMetaType<filterlab::SweepGridPtr>();
    qRegisterMetaType<filterlab::GenerationPtr>();
    supersede_.setSingleShot(true);
    connect(&supersede_, &QTimer::timeout, this, [this] {
        if (wanted_ && wanted_ != sent_) sendWanted();
    });
}

FilterLabEngine::~FilterLabEngine()
{
    close();
}

template <class F> void FilterLabEngine::post(std::uint64_t generation, F f)
{
    // The service is joined before this object dies (close() in the destructor), so `this` is
    // alive whenever a callback runs; the queued call is dropped if it dies before delivery.
    QMetaObject::invokeMethod(
        this,
        [this, generation, f = std::move(f)] {
            if (generation == generation_) f();
        },
        Qt::QueuedConnection);
}

void FilterLabEngine::open(filterlab::LabSource source)
{
    close();
    const std::uint64_t g = ++generation_;
    filterlab::RefilterService::Events e;
    e.ready = [this, g](std::shared_ptr<const filterlab::LabReady> r) {
        post(g, [this, r] {
            ready_ = true;
            Q_EMIT ready(r);
            if (wanted_ && wanted_ != sent_ && inFlight_ == 0) sendWanted();
        });
    };
    e.spectrum = [this, g](SpectrumFigurePtr s) { post(g, [this, s] { Q_EMIT spectrumLoaded(s); }); };
    e.outcome = [this, g](filterlab::OutcomePtr o) { post(g, [this, o] { onOutcome(o); }); };
    e.abandoned = [this, g](std::uint64_t id) { post(g, [this, id] { Q_EMIT abandoned(id); }); };
    e.sweepCell = [this, g](filterlab::SweepGridPtr grid) { post(g, [this, grid] { Q_EMIT sweepCell(grid); }); };
    e.sweepEnded = [this, g](filterlab::SweepGridPtr grid, filterlab::SweepEnd end, const std::string& err) {
        const QString message = QString::fromStdString(err);
        post(g,
             [this, grid, end, message] { Q_EMIT sweepEnded(grid, end == filterlab::SweepEnd::Cancelled, message); });
    };
    e.generated = [this, g](filterlab::GenerationPtr out) { post(g, [this, out] { Q_EMIT generated(out); }); };
    e.failed = [this, g](const std::string& what, const std::string& message) {
        const QString w = QString::fromStdString(what), m = QString::fromStdString(message);
        post(g, [this, w, m] {
            if (w == QLatin1String("request")) onRequestFailed();
            Q_EMIT failed(w, m);
        });
    };
    e.progress = [this, g](double f, const std::string& stage) {
        const QString s = QString::fromStdString(stage);
        post(g, [this, f, s] { Q_EMIT progress(f, s); });
    };
    service_ = std::make_unique<filterlab::RefilterService>(std::move(source), std::move(e));
    service_->setMeasureStreams(measureStreams_);
}

void FilterLabEngine::setMeasureStreams(bool on)
{
    measureStreams_ = on;
    if (service_) service_->setMeasureStreams(on);
}

void FilterLabEngine::requestAgain()
{
    if (!wanted_) return;
    sent_.reset();
    setSetting(*wanted_);
}

void FilterLabEngine::close()
{
    ++generation_; // whatever the old service still queued is dropped
    service_.reset();
    ready_ = false;
    sent_.reset();
    inFlight_ = 0;
    supersede_.stop();
}

void FilterLabEngine::setSetting(const filterlab::FilterSetting& setting)
{
    wanted_ = setting;
    if (!service_ || !ready_) return; // sent once the engine is ready
    if (inFlight_ == 0) {
        if (wanted_ != sent_) sendWanted();
    } else if (!supersede_.isActive()) {
        supersede_.start(kSupersedeMs);
    }
}

void FilterLabEngine::adoptSetting(const filterlab::FilterSetting& setting)
{
    wanted_ = setting;
    sent_ = setting;
    supersede_.stop();
}

void FilterLabEngine::sendWanted()
{
    supersede_.stop();
    sent_ = wanted_;
    inFlight_ = lastRequest_ = service_->request(*wanted_);
}

void FilterLabEngine::onOutcome(const filterlab::OutcomePtr& o)
{
    if (o->request == inFlight_) inFlight_ = 0;
    Q_EMIT outcome(o);
    if (inFlight_ == 0 && wanted_ && wanted_ != sent_) sendWanted();
}

void FilterLabEngine::onRequestFailed()
{
    inFlight_ = 0;
    if (wanted_ && wanted_ != sent_) sendWanted();
}

void FilterLabEngine::sweep(const filterlab::SweepDefinition& definition)
{
    if (service_) service_->sweep(definition);
}

void FilterLabEngine::cancelSweep()
{
    if (service_) service_->cancelSweep();
}

void FilterLabEngine::generate(const filterlab::GenerationRequest& request)
{
    if (service_) service_->generate(request);
}

void FilterLabEngine::setPassObserver(std::function<void(std::uint64_t)> observer)
{
    if (service_) service_->setPassObserver(std::move(observer));
}

} // namespace spectro::gui
