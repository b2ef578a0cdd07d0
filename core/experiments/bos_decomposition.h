#pragma once
// The BoS story (paper.md): an early MLP writes a large, almost entirely U-dark vector into the
// BoS stream, which then serves as the attention sink; late layers erase it. Per residual stream
// index s (resid[s]: s = 0 embeddings, s = l+1 exit of layer l) this splits the BoS vector into
// its U-dark part (band N of W_u) and U-light part, and says what the attention and MLP of the
// layer that produced it contributed.
#include <string>
#include <vector>

#include "engine/forward.h"
#include "spectral/band_energy.h"

namespace spectro {

struct BosRow {
    int stream = 0;  // resid[stream]
    double norm = 0, udarkNorm = 0, ulightNorm = 0, udr = 0;
    // Layer stream-1's contributions at position 0 (zero for stream 0).
    double attnNorm = 0, attnUdarkNorm = 0, mlpNorm = 0, mlpUdarkNorm = 0;
};

// `taps` needs resid, attn_out and mlp_out; `unembed` the W_u band energies.
std::vector<BosRow> bosDecomposition(const SampleTaps& taps, const BandEnergy& unembed, int position = 0);

// CSV: stream,layer,norm,udark_norm,ulight_norm,udr,attn_norm,attn_udark_norm,mlp_norm,mlp_udark_norm
std::string bosCsv(const std::vector<BosRow>& rows);

}  // namespace spectro
