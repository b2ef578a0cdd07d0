#pragma once
// Where and how a spectral filter acts on a forward pass (paper.md, "Where filters are applied"):
// at the exit of one or more layers, on the residual stream, the MLP output or the attention
// output, at every position, only at BoS (position 0), or at every position but 0.
//
// Swap variant: the filtered-out part (I - F) x is not deleted but replaced by the same part of
// another sample at the same position and layer: sample i takes it from sample (i + 1) mod n, out
// of the same batch (so with a set of layers the partner's stream is itself already filtered
// upstream). The samples must be of one length.
#include <memory>
#include <string>
#include <vector>

#include "engine/forward.h"
#include "spectral/filter.h"

namespace spectro {

enum class Positions { All, Bos, NonBos };
std::string positionsName(Positions positions);  // "all", "bos", "non-bos"
Positions parsePositions(const std::string& name);

struct Intervention {
    std::shared_ptr<const Filter> filter;
    Site site = Site::Resid;
    std::vector<int> layers;
    Positions positions = Positions::All;
    bool swap = false;

    bool actsAt(Site s, int layer) const;
    int firstLayer() const;
};

// Applies the intervention's filter to `view` (one site of one layer, the whole batch).
void applyFilter(const Intervention& intervention, ActivationView& view);

// A forward-pass hook that applies the intervention wherever it acts.
Hook makeHook(std::shared_ptr<const Intervention> intervention);

}  // namespace spectro
