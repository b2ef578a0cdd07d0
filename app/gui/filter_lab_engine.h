#pragma once
// The filter lab's engine thread as seen from the GUI thread: a QObject around core's
// RefilterService (filterlab/refilter_service.h) that turns its callbacks into queued signals
// and keeps the slider live without flooding the engine. setSetting() is called for every move
// of a control; the newest setting is sent at once when the engine is idle, and otherwise waits
// for the answer in flight (so that answers keep arriving during a drag) for at most
// kSupersedeMs, after which it supersedes the request in flight, which the engine abandons.
// Signals of a service that was replaced (another cache or model) are dropped.
#include "figures/figure_data.h"
#include "filterlab/refilter_service.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>
#include <optional>

namespace spectro::gui {

using LabReadyPtr = std::shared_ptr<const filterlab::LabReady>;
using SpectrumFigurePtr = std::shared_ptr<const figures::SpectrumFigure>;

class FilterLabEngine : public QObject {
    Q_OBJECT
public:
    // How long a newer setting waits for the answer in flight before it supersedes it.
    static constexpr int kSupersedeMs = 120;

    explicit FilterLabEngine(QObject* parent = nullptr);
    // Interrupts the engine thread (at most one layer of a pass) and joins it.
    ~FilterLabEngine() override;

    // A new engine thread for `source` (the old one is stopped first); ready() follows.
    void open(filterlab::LabSource source);
    void close();
    bool isOpen() const { return service_ != nullptr; }
    bool isReady() const { return ready_; }

    // The controls' newest setting (see the class comment).
    void setSetting(const filterlab::FilterSetting& setting);
    // The controls show `setting` and its answer is known (undo): nothing to compute; the request
    // in flight, if any, is left to finish and its answer is for a superseded setting.
    void adoptSetting(const filterlab::FilterSetting& setting);
    // The id the newest request got (0 before the first).
    std::uint64_t lastRequest() const { return lastRequest_; }
    bool isComputing() const { return inFlight_ != 0; }

    void sweep(const filterlab::SweepDefinition& definition);
    void cancelSweep();
    void generate(const filterlab::GenerationRequest& request);
    // See RefilterService::setMeasureStreams (kept across open()).
    void setMeasureStreams(bool on);
    // Asks for the newest setting again, even if it was sent (a measurement was switched on).
    void requestAgain();
    // Tests and the slider benchmark: see RefilterService::setPassObserver.
    void setPassObserver(std::function<void(std::uint64_t)> observer);

Q_SIGNALS:
    void ready(spectro::gui::LabReadyPtr ready);
    void spectrumLoaded(spectro::gui::SpectrumFigurePtr spectrum);
    void outcome(spectro::filterlab::OutcomePtr outcome);
    void abandoned(quint64 request);
    void sweepCell(spectro::filterlab::SweepGridPtr grid);
    void sweepEnded(spectro::filterlab::SweepGridPtr grid, bool cancelled, const QString& storeError);
    void generated(spectro::filterlab::GenerationPtr generation);
    // `what`: "open", "request", "sweep", "generate".
    void failed(const QString& what, const QString& message);
    void progress(double fraction, const QString& stage);

private:
    void sendWanted();
    void onOutcome(const filterlab::OutcomePtr& outcome);
    void onRequestFailed();
    // Runs `f` on the GUI thread unless the service it came from has been replaced by then.
    template <class F> void post(std::uint64_t generation, F f);

    std::unique_ptr<filterlab::RefilterService> service_;
    std::uint64_t generation_ = 0;
    bool ready_ = false;
    bool measureStreams_ = true;
    std::optional<filterlab::FilterSetting> wanted_, sent_;
    std::uint64_t inFlight_ = 0, lastRequest_ = 0;
    QTimer supersede_;
};

} // namespace spectro::gui

Q_DECLARE_METATYPE(spectro::gui::LabReadyPtr)
Q_DECLARE_METATYPE(spectro::gui::SpectrumFigurePtr)
Q_DECLARE_METATYPE(spectro::filterlab::OutcomePtr)
Q_DECLARE_METATYPE(spectro::filterlab::SweepGridPtr)
Q_DECLARE_METATYPE(spectro::filterlab::GenerationPtr)
