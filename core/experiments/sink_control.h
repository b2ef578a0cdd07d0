#pragma once
// Interventions as controls for the sink (Sun et al. 2024, "Massive Activations in Large Language
// Models", arXiv 2402.17762, Sec. 3, "set to mean" vs "set to zero"; their lib/hook.py): at the
// exit of a layer, the BoS stream resid[l+1][0] (target `bos`) or the massive activations of the
// stream (target `massive`) are replaced by
//   zero           - Sun et al.: catastrophic (the model loses its attention-sink bias);
//   mean           - their mean over the unfiltered pass's samples, Sun et al.'s "set to mean"
//                    (they hard-code means measured over many sequences): harmless, because these
//                    values hardly depend on the input. For the BoS stream the mean over samples
//                    *is* the stream (causal masking: position 0 sees only BoS), so `bos-mean`
//                    changes nothing and checks the machinery;
//   position-mean  - their mean over the positions of the same sample and layer: the BoS stream
//                    becomes the average token's stream, and a massive entry its channel's average.
// Which entries are "massive" is decided in the pass itself, as the measurement decides it
// (sinks/massive_activations.h: |h| > above and > ratio x the stream's median |h|), restricted to
// the channels that carried massive activations in the unfiltered pass at that layer, whose means
// `mean` uses. Controls act on the residual stream only (site resid) and on the positions their
// target names (an intervention's `positions` does not apply).
#include "engine/forward.h"
#include "sinks/massive_activations.h"

#include <map>
#include <string>
#include <vector>

namespace spectro {

enum class ControlTarget { Bos, Massive };
enum class ControlValue { Zero, Mean, PositionMean };

struct ControlSpec {
    ControlTarget target = ControlTarget::Bos;
    ControlValue value = ControlValue::Zero;
    MassiveOptions detection; // target massive: what counts as massive
    // "bos-zero", "bos-mean", "bos-position-mean", "massive-zero", "massive-mean", "massive-position-mean".
    std::string name() const;
};
// Parses the names above; throws Error listing them.
ControlSpec parseControl(const std::string& name);
std::vector<std::string> controlNames();

struct SinkControl {
    ControlSpec spec;
    // Per layer l, from the unfiltered stream resid[l+1]:
    std::map<int, std::vector<float>> bosMean;       // [d]: mean over samples of the BoS stream
    std::map<int, std::map<int, float>> massiveMean; // channel -> mean over its massive entries
    std::map<int, int> entriesPerLayer;              // massive entries the unfiltered pass had

    // Entries the unfiltered pass flagged at the exit of `layer` (target massive; 0 means the
    // control leaves that layer unchanged).
    int baseEntries(int layer) const;
};

// The control for `layers` from the unfiltered taps (each with resid [L+1, T, d]).
SinkControl makeSinkControl(const ControlSpec& spec, const std::vector<SampleTaps>& base,
                            const std::vector<int>& layers);

// Replaces the control's target in `view`, the stream at the exit of `layer` (the whole batch;
// padded rows beyond lengths[b] are left alone).
void applyControl(const SinkControl& control, int layer, ActivationView& view);

} // namespace spectro
