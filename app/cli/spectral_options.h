#pragma once
// Options shared by the verbs that use spectra and filters: --bands, --fold-norm, --filter, --k,
// --site, --layers, --positions, --swap, --filter-seed.
#include <memory>
#include <string>
#include <vector>

#include "arguments.h"
#include "experiments/intervention.h"
#include "experiments/sink_control.h"
#include "spectral/filter.h"

namespace spectro {
struct Checkpoint;
}

namespace spectro::cli {

std::vector<OptionSpec> spectrumOptions();      // --bands, --fold-norm
std::vector<OptionSpec> filterOptions();        // --filter, --site, --positions, --swap, --filter-seed
std::vector<OptionSpec> controlOptions();       // --control, --massive-above, --massive-ratio

int bandCount(const Arguments& args, int dim);  // --bands (default 20, at most d)
FilterKind filterKind(const Arguments& args);   // --filter
Site filterSite(const Arguments& args);         // --site resid|mlp|attn (default resid)
// "all" or a list such as "0,3,5-7", each in 0..count-1.
std::vector<int> layerList(const std::string& text, int count, const std::string& option);
// "all" (1..N) or a list of k in 0..N.
std::vector<int> kList(const std::string& text, int bands);

// Filters for `kind` on this checkpoint, with only the spectra that kind needs (cached per model).
FilterFactory filterFactory(const Checkpoint& checkpoint, FilterKind kind, const Arguments& args);

// --control NAME with its detection thresholds (experiments/sink_control.h).
ControlSpec controlSpec(const Arguments& args);

// The forward hook for `generate --filter`: --filter, --k, --site, --layer, --positions.
Hook generationFilter(const Checkpoint& checkpoint, const Arguments& args);
// The forward hook for `generate --control` at --layer: the means come from one unfiltered pass
// over the prompt (`base`, with resid).
Hook generationControl(const Arguments& args, const std::vector<SampleTaps>& base, int layers);

}  // namespace spectro::cli
