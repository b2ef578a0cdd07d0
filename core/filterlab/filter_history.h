#pragma once
// Undo / redo of the filter lab's settings, with the result each one produced, so that undo shows
// the earlier NLL at once instead of re-filtering (Sonic Visualiser's command history; PlotJuggler
// merges changes that come in a burst). A drag of the k slider is one burst: changes of one
// control less than `mergeWindow` apart replace the newest entry instead of adding one, so one
// undo goes back to where the drag started. Qt-free: time is passed in, which the tests use.
#include "filterlab/filter_outcome.h"
#include "filterlab/filter_setting.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace spectro::filterlab {

class FilterHistory {
public:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        FilterSetting setting;
        OutcomePtr outcome; // null until the engine answered for this setting
    };

    explicit FilterHistory(FilterSetting initial = {}, Clock::duration mergeWindow = std::chrono::milliseconds(500),
                           std::size_t capacity = 500);

    // The controls now say `setting`; `control` names the control that changed ("k", "kind",
    // "mixer", ...). Returns false when the setting is the current one (nothing recorded).
    bool record(const FilterSetting& setting, const std::string& control, Clock::time_point now = Clock::now());
    // Ends the running burst (the slider was released): the next change starts a new entry.
    void endBurst() { burstControl_.clear(); }
    // Stores the outcome with every entry of its setting (the newest request's answer may arrive
    // after further changes, or after an undo back to it).
    void attach(const OutcomePtr& outcome);

    bool canUndo() const { return position_ > 0; }
    bool canRedo() const { return position_ + 1 < entries_.size(); }
    // Move one entry back / forward and return it. Throws Error when there is none.
    const Entry& undo();
    const Entry& redo();
    const Entry& current() const { return entries_[position_]; }
    std::size_t size() const { return entries_.size(); }
    std::size_t position() const { return position_; }

private:
    std::vector<Entry> entries_;
    std::size_t position_ = 0;
    Clock::duration mergeWindow_;
    std::size_t capacity_;
    std::string burstControl_; // the control of the running burst, empty when none
    Clock::time_point lastChange_{};
};

} // namespace spectro::filterlab
