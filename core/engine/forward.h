#pragma once
// What a forward pass is asked for and what it returns: which taps to record, an intervention
// hook, and an optional start from a given residual stream (re-filtering from a cache without
// recomputing the layers before it). Torch-free on purpose (see docs/architecture.md).
#include <functional>
#include <string>
#include <vector>

#include "engine/array.h"

namespace spectro {

// Where a hook sees, and may replace, the activations of layer l:
//   AttnOut  - attn_out[l], the attention block's output before it is added to the stream;
//   ResidMid - resid_mid[l], the stream after the attention add;
//   MlpOut   - mlp_out[l], the MLP's output before it is added;
//   Resid    - resid[l+1], the stream at the exit of layer l.
enum class Site { AttnOut, ResidMid, MlpOut, Resid };
std::string siteName(Site site);
Site parseSite(const std::string& name);  // "attn", "resid_mid", "mlp", "resid"

struct TapSet {
    bool resid = true;      // resid[0..L]
    bool residMid = false;  // resid_mid[0..L-1]
    bool attnOut = false;
    bool mlpOut = false;
    bool attention = false;  // probabilities [L][H][T][T]
    bool logits = true;
    // The next-token NLL, computed by the engine from the logits it does not hand out unless
    // `logits` is set too (a re-filter needs only the NLL, and copying [T, V] logits out to
    // score them cost more than the layers it recomputed). Not an activation: "all" leaves it out.
    bool nll = false;
    // Parses a comma-separated list of "resid,resid_mid,attn_out,mlp_out,attn,logits,nll", or "all"/"none".
    static TapSet parse(const std::string& list);
    std::string toString() const;
};

// The activations at one site, for the whole batch: contiguous float32 [batch, tokens, dim].
// Samples shorter than `tokens` are right-padded; lengths[b] says how many positions are real.
struct ActivationView {
    float* data = nullptr;
    std::int64_t batch = 0, tokens = 0, dim = 0;
    const std::vector<int>* lengths = nullptr;
    float* at(std::int64_t b, std::int64_t t) { return data + (b * tokens + t) * dim; }
};

// Called at every site of every computed layer; may modify `view` in place.
using Hook = std::function<void(Site site, int layer, ActivationView& view)>;

struct ForwardRequest {
    std::vector<std::vector<int>> samples;  // token ids, BoS included
    TapSet taps;
    Hook hook;
    // Start at layer `startLayer` from startResid[b] = resid[startLayer] of sample b ([T_b, d]);
    // layers before it are not computed and their taps are left empty.
    int startLayer = 0;
    std::vector<Array> startResid;
    // Compute logits for the last position of each sample only (generation).
    bool logitsLastOnly = false;
};

struct SampleTaps {
    std::vector<int> tokens;
    Array logits;     // [T, V] (or [1, V] with logitsLastOnly)
    Array resid;      // [L+1, T, d]
    Array residMid;   // [L, T, d]
    Array attnOut;    // [L, T, d]
    Array mlpOut;     // [L, T, d]
    Array attention;  // [L, H, T, T]
    Array nll;        // [T - 1]: nll[t] = -log softmax(logits[t])[tokens[t + 1]]
};

}  // namespace spectro
