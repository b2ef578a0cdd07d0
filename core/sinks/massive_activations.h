#pragma once
// Massive activations (Sun et al. 2024, "Massive Activations in Large Language Models", arXiv
// 2402.17762): a handful of residual-stream entries whose magnitude is orders of magnitude above
// the rest, at fixed channels, carried by the BoS token and delimiters ("." and "\n"). Per
// stream s of one sample (resid[s], [T, d]; s = l+1 is the output of layer l, which is what the
// paper's layer-wise figures show):
//   the top K entries by |h[t][c]|, with their token t and channel c;
//   median = the median of |h| over all T x d entries of the stream (the paper's reference; the
//            lower middle value for an even count, as torch.median gives it);
//   massive(t, c) when |h[t][c]| > above (default 100) and |h[t][c]| > ratio * median (default 1000:
//            "about 1,000 times the median").
// And the direction of a massive channel c is the unit vector e_c of the residual space; its
// U-dark ratio is sqrt(sum_{i in band N} v_i[c]^2 / sum_{i not in band N} v_i[c]^2) over W_u's
// right singular vectors v_i (spectral/band_energy.h).
#include "engine/array.h"
#include "spectral/bands.h"
#include "spectral/spectrum.h"

#include <vector>

namespace spectro {

struct MassiveOptions {
    int top = 10;          // entries reported per stream (the paper's Fig. 2 draws the top 3)
    double above = 100.0;  // absolute threshold on |h|
    double ratio = 1000.0; // threshold on |h| / median |h|

    bool isMassive(double magnitude, double median) const { return magnitude > above && magnitude > ratio * median; }
};

struct MassiveEntry {
    int position = 0, channel = 0;
    float value = 0; // signed
    bool massive = false;
};

struct StreamActivations {
    int stream = 0;
    double median = 0;             // of |h| over the stream
    std::vector<MassiveEntry> top; // by descending |value|; ties by position, then channel
};

// The median of |x| over n values (lower middle for even n); 0 for n = 0.
double medianMagnitude(const float* x, std::int64_t n);

// One [tokens, dim] stream.
StreamActivations streamActivations(const float* h, std::int64_t tokens, int dim, const MassiveOptions& options);

// Every massive entry of one [tokens, dim] stream, in position order (then channel), whatever
// `options.top` says.
std::vector<MassiveEntry> massiveEntries(const float* h, std::int64_t tokens, int dim, const MassiveOptions& options);

// Every stream of one sample's resid ([S, T, d]).
std::vector<StreamActivations> massiveActivations(const Array& resid, const MassiveOptions& options);

// U-dark ratio of every channel direction e_c, c = 0..d-1 (W_u's spectrum, band N dark).
std::vector<double> channelDarkRatios(const Spectrum& spectrum, const BandLayout& bands);

} // namespace spectro
