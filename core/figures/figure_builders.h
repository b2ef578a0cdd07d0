#pragma once
// Builds the figures of figure_data.h. Cache-fed figures read a CacheReader, and only the slices
// they show: one layer of one sample's attention, one stream or one token of its residual stream,
// one row of an analysis dataset; never all samples at once (figures over several samples read
// them one at a time). Where `spectroscope-cli analyze` stored a result under /analysis it is
// read, not recomputed; where it did not, the same core functions compute it from the taps.
// Aptitude needs the model's weights.
//
// Arguments are the selection's: sample (a sample index of the cache), layer (0..L-1), stream
// (0..L, resid[stream]), head (-1 = head average), token (0..T-1). Out-of-range arguments and
// missing taps are Errors naming the cache and what is missing. Builders are safe to call from
// several threads at once on one CacheReader (HDF5 is built thread-safe; it serialises reads).
//
// Taps each figure needs (`run --taps`):
//   spectrum                       /spectrum (stored by run) or the model
//   attention received / pattern   attn (the head average also from /analysis)
//   sink grid                      attn
//   dark ratio, token strip (udr)  /analysis udr, edr, or resid + a spectrum
//   spectrogram                    /analysis spectrogram, or resid + a spectrum
//   HMLV                           /analysis (attn_received_*, hmlv, udr), or attn + resid + a spectrum
//   BoS story                      resid + attn_out + mlp_out (or resid + resid_mid) + a spectrum
//   token strip (nll)              nll (always stored)
#include "figures/figure_data.h"
#include "spectral/bands.h"
#include "util/progress.h"

#include <memory>
#include <string>
#include <vector>

namespace spectro {
class CacheReader;
class Tokenizer;
struct Checkpoint;
struct Spectrum;
} // namespace spectro

namespace spectro::figures {

// What an open model adds to a cache: its tokenizer labels the tokens of caches written before
// /vocabulary existed, and its spectra stand in for a cache without /spectrum (or save reading
// the stored [d, d] vectors again for every figure). All optional; the caller keeps them alive.
struct ModelInputs {
    const Tokenizer* tokenizer = nullptr;
    const Spectrum* unembed = nullptr;
    const Spectrum* embed = nullptr;
};

// The bands the figures of a cache use: those of its analysis (`bands` attribute of /analysis),
// else the band edges stored with /spectrum/unembed, else 20 bands (fewer when d < 20), laid out
// as spectral/bands.h says.
BandLayout cacheBands(const CacheReader& cache);

// /spectrum/<matrix> of the cache as a Spectrum, nullptr when the cache stores none. It includes
// the [d, d] vectors (128 MiB at d = 4096): read it once per open cache and pass it in
// ModelInputs, rather than letting every figure that projects onto the bands read it again.
std::shared_ptr<const Spectrum> cacheSpectrum(const CacheReader& cache, const std::string& matrix);

// 1. matrix = "unembed" or "embed": singular values from /spectrum (not its vectors).
SpectrumFigure buildSpectrumFigure(const CacheReader& cache, const std::string& matrix);
SpectrumFigure buildSpectrumFigure(const Spectrum& spectrum, const BandLayout& bands);

// 2. matrix = wq, wk, wv, wo (per head; W_k / W_v per KV head), w1, w2, w3 (per neuron), against
// the right singular vectors of `spectrum` (W_u's in the paper). byBand: A_j per band; else
// a_i / ||W||_F per singular index.
AptitudeFigure buildAptitudeFigure(const Checkpoint& checkpoint, const Spectrum& spectrum, const BandLayout& bands,
                                   const std::string& matrix, int layer, bool byBand);

// 3a. Mean and variance over later queries of the attention paid to each token.
AttentionReceivedFigure buildAttentionReceivedFigure(const CacheReader& cache, int sample, int layer, int head,
                                                     const ModelInputs& model = {});
// 3b. attn[layer][head] (head = -1: the mean over heads).
AttentionPatternFigure buildAttentionPatternFigure(const CacheReader& cache, int sample, int layer, int head,
                                                   const ModelInputs& model = {});
// 3c. Attention paid to BoS by queries q >= firstQuery, per layer and head, over `samples`
// (empty: every sample of the cache with the attn tap), query-weighted as analysis/sink.h.
// `progress` is called after each sample; returning false cancels (throws Cancelled), so that a
// newer request need not wait for a long one over many samples.
SinkGridFigure buildSinkGridFigure(const CacheReader& cache, const std::vector<int>& samples = {}, int firstQuery = 1,
                                   const ProgressFn& progress = {});

// 4a. matrix = "unembed" (U-dark ratio) or "embed" (E-dark ratio) of every resid[s][t].
DarkRatioFigure buildDarkRatioFigure(const CacheReader& cache, int sample, const std::string& matrix,
                                     const ModelInputs& model = {});
// 4b. Every (sample, layer, token) with later queries, over `samples` (empty: all samples; the
// figure holds L x T points per sample, so a view over a big cache should choose). Thresholds and
// exclusions are the analysis's (attributes of /analysis), else HmlvOptions'. `progress` as for
// the sink grid.
HmlvFigure buildHmlvFigure(const CacheReader& cache, const std::vector<int>& samples = {},
                           const ModelInputs& model = {}, const ProgressFn& progress = {});

// 5. StreamByBand: every stream at token `fixed`; TokenByBand: every token at stream `fixed`.
SpectrogramFigure buildSpectrogramFigure(const CacheReader& cache, int sample, SpectrogramFigure::Axis axis, int fixed,
                                         const ModelInputs& model = {});

// 6. The BoS stream (position 0) per stream, split with W_u's band N.
BosStoryFigure buildBosStoryFigure(const CacheReader& cache, int sample, const ModelInputs& model = {});

// 7. measure = "udr" / "edr" (at `stream`), "attention_received" (head average at layer
// `stream`), or "nll" (value at token t = -log p(token t | tokens before it); stream ignored).
TokenStripFigure buildTokenStripFigure(const CacheReader& cache, int sample, const std::string& measure, int stream,
                                       const ModelInputs& model = {});
// The measures buildTokenStripFigure knows, for the view's chooser.
std::vector<std::string> tokenStripMeasures();

} // namespace spectro::figures
