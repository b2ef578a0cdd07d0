#pragma once
// The paper's NLL sweep: for each filtered layer and each k (bands kept), the NLL with the
// filter at the exit of that layer. Rows of the heatmap = layers, columns = k. With a sink control
// (experiments/sink_control.h) instead of a filter: one row per layer, no k.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experiments/refilter.h"
#include "experiments/sink_control.h"
#include "spectral/filter.h"

namespace spectro {

struct SweepSpec {
    FilterKind kind = FilterKind::PhiU;
    Site site = Site::Resid;
    std::vector<int> layers;   // one row per layer, or one row for the set when `together`
    bool together = false;
    std::vector<int> ks;       // bands kept (bands-u/e: ignored, `bands` is used)
    std::vector<int> bands;    // bands-u / bands-e
    Positions positions = Positions::All;
    bool swap = false;
    std::uint64_t seed = 0;
    bool naive = false;        // recompute from the embeddings every time (benchmarks, checks)
    std::optional<ControlSpec> control;  // a sink control instead of a spectral filter (site resid)
};

struct SweepRow {
    std::string filter;
    std::string site;
    std::string layers;  // "3", or "1;2;3" for a set
    int k = 0;               // -1 for a control (no k)
    std::string positions;
    bool swap = false;
    double nll = 0;
    long long tokens = 0;
    double seconds = 0;
};

// The first row is the unfiltered NLL (filter "none"). A control's rows name it in `filter`.
std::vector<SweepRow> runSweep(const Refilter& refilter, FilterFactory& filters, const SweepSpec& spec,
                               const ProgressFn& progress = {});

// CSV with a header row: filter,site,layer,k,positions,swap,nll,n_tokens (9 significant digits).
std::string sweepCsv(const std::vector<SweepRow>& rows);

}  // namespace spectro
