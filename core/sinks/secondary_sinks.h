#pragma once
// Secondary sinks: tokens other than BoS whose stream comes to resemble the BoS stream and that
// collect attention too (the paper's HMLV tokens; Wong et al. 2025, "On the Existence and
// Behaviour of Secondary Attention Sinks", arXiv 2512.22213, detect them by the hidden state's
// cosine similarity to BoS). The measure is the cosine similarity of each token's stream to the
// BoS stream of the same layer,
//   cos(l, t) = <resid[l][t], resid[l][0]> / (||resid[l][t]|| ||resid[l][0]||)   (0 when either is 0),
// read next to the attention the token receives in layer l (alpha_t, sink_rate.h, head average)
// and its U-dark ratio (band_energy.h), all at resid[l], the stream the keys of layer l are
// computed from. A token t > 0 is flagged as a secondary sink where |cos| > 0.9 (Wong et al.'s
// threshold in their detection code, an option).
#include "engine/array.h"

#include <vector>

namespace spectro {

struct SecondarySinkOptions {
    double cosineAbove = 0.9; // |cos(l, t)| above this flags token t > 0 in layer l
    bool flags(double cosine, int token) const { return token > 0 && (cosine > cosineAbove || -cosine > cosineAbove); }
};

// resid [S, T, d] of one sample -> [S, T]; cos(s, 0) = 1 for a non-zero BoS stream.
std::vector<double> bosCosine(const Array& resid);

// alpha_t averaged over the heads of each layer: [L, T] from attn [L, H, T, T] (all T tokens).
std::vector<double> attentionReceivedByToken(const Array& attention);

} // namespace spectro
