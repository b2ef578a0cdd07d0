#pragma once
// Where and how a spectral filter acts on a forward pass (paper.md, "Where filters are applied"):
// at the exit of one or more layers, on the residual stream, the MLP output or the attention
// output, at every position, only at BoS (position 0), or at every position but 0.
//
// Swap variant: the filtered-out part (I - F) x is not deleted but replaced by the same part of
// another sample at the same position and layer: sample i takes it from sample (i + 1) mod n, out
// of the same batch (so with a set of layers the partner's stream is itself already filtered
// upstream). The samples must be of one length.
//
// Control variant (experiments/sink_control.h): instead of, or after, a spectral filter, the BoS
// stream or the massive activations at the exit of the layers are set to zero or to a mean; the
// control acts on the residual stream (site resid) only.
#include <memory>
#include <string>
#include <vector>

#include "engine/forward.h"
#include "spectral/filter.h"

namespace spectro {

enum class Positions { All, Bos, NonBos };
std::string positionsName(Positions positions);  // "all", "bos", "non-bos"
Positions parsePositions(const std::string& name);

struct SinkControl;

struct Intervention {
    Intervention() = default;
    Intervention(std::shared_ptr<const Filter> filter_, Site site_, std::vector<int> layers_,
                 Positions positions_ = Positions::All, bool swap_ = false, std::shared_ptr<const SinkControl> control_ = {})
        : filter(std::move(filter_)), site(site_), layers(std::move(layers_)), positions(positions_), swap(swap_),
          control(std::move(control_))
    {
    }

    std::shared_ptr<const Filter> filter;  // may be null when `control` is set
    Site site = Site::Resid;
    std::vector<int> layers;
    Positions positions = Positions::All;
    bool swap = false;
    std::shared_ptr<const SinkControl> control;  // optional

    bool actsAt(Site s, int layer) const;
    int firstLayer() const;
};

// Applies the intervention's filter to `view` (one site of one layer, the whole batch).
void applyFilter(const Intervention& intervention, ActivationView& view);

// The whole intervention at the exit of `layer`: the filter (when set), then the control (when set).
void applyIntervention(const Intervention& intervention, int layer, ActivationView& view);

// A forward-pass hook that applies the intervention wherever it acts.
Hook makeHook(std::shared_ptr<const Intervention> intervention);

}  // namespace spectro
