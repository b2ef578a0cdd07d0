#pragma once
// The workbench's figures of the attention-sink measurements (core/sinks; docs/science.md,
// "Beyond the paper"), as plain values like those of figure_data.h (same conventions: 0-based
// indices, stream s = resid[s], row-major arrays with the first axis named first), each with the
// table its view exports. The builders read a cache one slice at a time (one layer of attention,
// one stream of resid); the token labels come from the caller (figures/token_labels.h).
#include "figures/figure_table.h"
#include "figures/token_labels.h"

#include <map>
#include <string>
#include <vector>

namespace spectro {
class CacheReader;
class ValueStates;
struct MassiveOptions;
struct SinkRateOptions;
struct Spectrum;
struct BandLayout;
} // namespace spectro

namespace spectro::figures {

// The sink rate (Gu et al. 2024) as a layer x head grid for one key position (BoS by default),
// with alpha and the rates of every position below T for a position slider.
struct SinkRateFigure {
    int layers = 0, heads = 0, positions = 0; // positions = min(T, longest sample)
    int samples = 0;
    double epsilon = 0.3;
    int tokens = 64;
    bool pooled = false;
    int position = 0;              // the key position the grid shows
    std::vector<double> alpha;     // [layers, heads, positions]: mean over samples
    std::vector<double> headRate;  // [layers, heads, positions]: fraction of samples above epsilon
    std::vector<double> layerRate; // [layers, positions]
    std::vector<double> rate;      // [positions]: over (sample, layer, head)
    std::map<std::string, std::string> provenance;

    double grid(int layer, int head) const; // headRate at `position`
    // layer,head,position,alpha,sink_rate: per head, then per layer (head "all", alpha empty),
    // then overall (layer and head "all").
    FigureTable table() const;
};

// Massive activations (Sun et al. 2024) of one sample: the top entries of every stream (rows:
// streams, columns: rank), each with its token, channel, value and whether it is massive.
struct MassiveActivationsFigure {
    int sample = 0;
    int streams = 0, top = 0;
    double above = 100, ratio = 1000;
    TokenLabels tokens;
    std::vector<double> value;          // [streams, top], signed, by descending |value|
    std::vector<int> position, channel; // [streams, top]
    std::vector<int> massive;           // [streams, top]: 1 when massive
    std::vector<double> median;         // [streams]: median |h| of the stream
    std::vector<double> channelUdr;     // [streams, top]: U-dark ratio of e_channel; empty without a spectrum
    std::map<std::string, std::string> provenance;

    // stream,rank,position,token,piece,channel,value,magnitude,median,ratio,massive,channel_udr
    FigureTable table() const;
};

// The extreme-token triad (Guo et al. 2024) of one sample and layer, per token and kv head.
struct TriadFigure {
    int sample = 0, layer = 0, kvHeads = 0;
    int queryHeads = 0; // H: query head h belongs to kv group h * kvHeads / H
    TokenLabels tokens;
    std::vector<double> attention;             // [kvHeads, T]: alpha_t over the group's query heads
    std::vector<double> valueNorm, valueRatio; // [kvHeads, T]
    std::vector<double> residNorm, residRatio; // [T]: of resid[layer]
    std::map<std::string, std::string> provenance;

    // kv_head,token,piece,attention,value_norm,value_ratio,resid_norm,resid_ratio
    FigureTable table() const;
};

// Over `samples` (empty: every sample with the attn tap); reads attn layer by layer.
SinkRateFigure buildSinkRateFigure(const CacheReader& cache, const SinkRateOptions& options,
                                   const std::vector<int>& samples = {}, int position = 0);
// `unembed` and `bands` may be null: channelUdr is then empty.
MassiveActivationsFigure buildMassiveActivationsFigure(const CacheReader& cache, int sample,
                                                       const MassiveOptions& options, TokenLabels tokens,
                                                       const Spectrum* unembed = nullptr,
                                                       const BandLayout* bands = nullptr);
// Needs resid and attn of the sample and the weights' value projections.
TriadFigure buildTriadFigure(const CacheReader& cache, int sample, int layer, const ValueStates& values,
                             TokenLabels tokens);

// The same figures from the datasets `analyze` stored under /analysis (docs/cache-format.md),
// reading only those: the sink rates and each sample's sink_alpha; one sample's top entries;
// one layer's row of the triad. Error naming the missing dataset when the cache is not analysed.
SinkRateFigure sinkRateFigureFromAnalysis(const CacheReader& cache, int position = 0);
// `above` / `ratio` NaN: the analysis's thresholds; the flags are those of the thresholds used.
MassiveActivationsFigure massiveActivationsFigureFromAnalysis(const CacheReader& cache, int sample,
                                                              TokenLabels tokens, double above, double ratio);
// Whether the analysis stored the value-state norms of the sample (it had the model's weights).
bool hasStoredTriad(const CacheReader& cache, int sample);
// Error saying that the weights are needed when the analysis has no value-state norms.
TriadFigure triadFigureFromAnalysis(const CacheReader& cache, int sample, int layer, TokenLabels tokens);

} // namespace spectro::figures
