#pragma once
// The attention-sink measurements that `analyze` stores under /analysis next to the spectral
// ones (docs/cache-format.md): per sample the massive activations, BoS cosine and residual norms
// of every stream, and with the attn tap the sink scores alpha and the triad's attention; with
// the model's weights the value-state norms; over all samples the sink rates. It plugs into
// analyzeCache through CacheAnalysisExtension, so the CLI's `analyze` and the GUI's run job
// store the same datasets.
#include "engine/array.h"
#include "experiments/cache_analyze.h"
#include "sinks/massive_activations.h"
#include "sinks/sink_rate.h"
#include "store/cache_analysis.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace spectro {

class ValueStates;

struct SinkAnalysisOptions {
    SinkRateOptions rate;
    MassiveOptions massive;
};

class SinkAnalysis {
public:
    // `values` may be null: the value-state norms are then skipped. `channelUdr`: the U-dark ratio
    // of each channel direction (channelDarkRatios), stored as one dataset.
    SinkAnalysis(SinkAnalysisOptions options, std::shared_ptr<const ValueStates> values,
                 std::vector<double> channelUdr);

    // One sample's datasets, named "<measure>/<sample>".
    void addSample(const std::string& sample, const Array& resid, const Array* attention,
                   std::vector<AnalysisDataset>& out);
    // The datasets over all samples (sink rates, channel U-dark ratios) and the options as numbers.
    void finish(std::vector<AnalysisDataset>& out, std::map<std::string, double>& numbers) const;

private:
    SinkRate rate_;
    MassiveOptions massive_;
    std::shared_ptr<const ValueStates> values_;
    std::vector<double> channelUdr_;
};

// The extension that runs `sinks` inside analyzeCache (it keeps `sinks` alive).
CacheAnalysisExtension sinkAnalysisExtension(std::shared_ptr<SinkAnalysis> sinks);

} // namespace spectro
