#include "filterlab/filter_history.h"

#include "util/error.h"

namespace spectro::filterlab {

FilterHistory::FilterHistory(FilterSetting initial, Clock::duration mergeWindow, std::size_t capacity)
    : mergeWindow_(mergeWindow), capacity_(std::max<std::size_t>(2, capacity))
{
    entries_.push_back({std::move(initial), nullptr});
}

bool FilterHistory::record(const FilterSetting& setting, const std::string& control, Clock::time_point now)
{
    if (setting == current().setting) return false;
    const bool atTop = position_ + 1 == entries_.size();
    const bool inBurst = !burstControl_.empty() && burstControl_ == control && atTop && position_ > 0 &&
                         now - lastChange_ < mergeWindow_;
    entries_.resize(position_ + 1); // a new change drops what could have been redone
    if (inBurst) {
        entries_.back() = {setting, nullptr};
    } else {
        entries_.push_back({setting, nullptr});
        if (entries_.size() > capacity_) entries_.erase(entries_.begin());
        position_ = entries_.size() - 1;
    }
    // A burst that comes back to where it started leaves two equal entries: fold them.
    if (position_ > 0 && entries_[position_ - 1].setting == entries_[position_].setting) {
        entries_.pop_back();
        --position_;
        burstControl_.clear();
        return true;
    }
    burstControl_ = control;
    lastChange_ = now;
    return true;
}

void FilterHistory::attach(const OutcomePtr& outcome)
{
    if (!outcome) return;
    for (auto& e : entries_) {
        if (e.setting == outcome->setting) e.outcome = outcome;
    }
}

const FilterHistory::Entry& FilterHistory::undo()
{
    if (!canUndo()) throw Error("filter lab: nothing to undo");
    burstControl_.clear();
    return entries_[--position_];
}

const FilterHistory::Entry& FilterHistory::redo()
{
    if (!canRedo()) throw Error("filter lab: nothing to redo");
    burstControl_.clear();
    return entries_[++position_];
}

} // namespace spectro::filterlab
