#pragma once
// One answer of the filter lab's engine thread: the NLL of every sample under a setting, with the
// unfiltered NLL of the same samples beside it. Immutable once made, shared between the engine
// thread, the undo history and the views (conventions.md: results cross threads as
// std::shared_ptr<const T>).
#include "experiments/refilter.h"
#include "filterlab/filter_setting.h"
#include "filterlab/stream_spectra.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace spectro::filterlab {

struct FilterOutcome {
    std::uint64_t request = 0; // the id RefilterService::request returned for it
    FilterSetting setting;
    // The unfiltered pass of the same samples (with swap: cut to a common length, as the CLI does).
    std::shared_ptr<const RefilterResult> baseline;
    std::shared_ptr<const RefilterResult> filtered;              // == baseline for the unfiltered setting
    std::shared_ptr<const std::vector<std::vector<int>>> tokens; // the samples' ids, as re-filtered
    // The Stream tab's band energies and U-dark ratios of the same samples' residual streams,
    // unfiltered and under the setting (the same pointer for the unfiltered setting).
    StreamSpectraPtr unfilteredStreams, filteredStreams;
    std::string streamsError; // why they are null (W_u's spectrum could not be had), one line
    double seconds = 0;       // engine time of the re-filter (and of its stream measurement)

    double nllChange() const { return filtered->nll - baseline->nll; }
};

using OutcomePtr = std::shared_ptr<const FilterOutcome>;

} // namespace spectro::filterlab
