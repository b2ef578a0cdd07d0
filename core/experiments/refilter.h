#pragma once
// NLL under a spectral filter, recomputing only what the filter changes. The unfiltered pass is
// run once (or read from a cache) and keeps resid[0..L] (and mlp_out when available); a filter at
// the exit of layer l then restarts the forward pass from the stored stream:
//   site resid, layer l:  resid[l+1] <- F resid[l+1], restart at layer l+1;
//   site mlp,   layer l:  resid[l+1] <- resid[l+1] - m + F m with m = mlp_out[l], restart at l+1;
//   site attn,  layer l:  restart at layer l from resid[l], the hook filters attn_out[l].
// Further layers of a layer set are filtered by the hook as the pass goes through them.
// The engine scores the NLL itself (no logits leave it), and samples of a narrow model are
// re-filtered side by side, one pass per idle core (engine/side_by_side.h).
#include <memory>
#include <vector>

#include "analysis/nll.h"
#include "experiments/intervention.h"
#include "util/progress.h"

namespace spectro {

class Transformer;

struct RefilterResult {
    double nll = 0;        // token-weighted mean over all samples
    long long tokens = 0;  // predicted tokens (sum of T_i - 1)
    std::vector<std::vector<float>> perToken;  // [sample][T_i - 1]
};

// The residual streams of a filtered pass, for what a view draws of them: resid[first..L] of each
// sample ([L+1, T, d], slots below `first` zero: the pass did not compute them, they are the
// unfiltered stored ones). `first` is where the pass restarted (l0 + 1 for the resid and mlp
// sites, l0 for attn). Tapping them costs one copy of the stream per layer; the attention stays
// the fused kernel (only a tap of the attention probabilities switches it off).
struct FilteredStreams {
    int first = 0;
    std::vector<Array> resid;  // [sample]
};

class Refilter {
public:
    // Runs the unfiltered pass over `samples` (token ids, BoS first).
    Refilter(const Transformer& model, std::vector<std::vector<int>> samples, const ProgressFn& progress = {});
    // Uses stored taps instead (each needs tokens and resid; mlp_out is optional).
    Refilter(const Transformer& model, std::vector<SampleTaps> base);

    const RefilterResult& baseline() const { return baseline_; }
    const std::vector<SampleTaps>& base() const { return base_; }
    int sampleCount() const { return static_cast<int>(base_.size()); }

    // With `streams`, the pass also taps its residual streams and hands them out there.
    RefilterResult run(const Intervention& intervention, const ProgressFn& progress = {},
                       FilteredStreams* streams = nullptr) const;
    // The same through a full forward pass from the embeddings (for tests and benchmarks).
    RefilterResult runNaive(const Intervention& intervention, const ProgressFn& progress = {}) const;

private:
    RefilterResult score(const std::vector<SampleTaps>& outputs) const;
    int passesFor(const Intervention& intervention) const;

    const Transformer& model_;
    std::vector<SampleTaps> base_;
    RefilterResult baseline_;
};

}  // namespace spectro
