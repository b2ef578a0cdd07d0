#pragma once
// The attention-sink measurements that `analyze` stores under /analysis next to the spectral
// ones (docs/cache-format.md): per sample the massive activations, BoS cosine and residual norms
// of every stream, and with the attn tap the sink scores alpha and the triad's attention; with
// the model's weights the value-state norms; over all samples the sink rates.
#include "arguments.h"
#include "engine/array.h"
#include "sinks/massive_activations.h"
#include "sinks/sink_rate.h"
#include "store/cache_analysis.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace spectro {
class ValueStates;
}

namespace spectro::cli {

std::vector<OptionSpec>
sinkAnalysisOptions(); // --sink-epsilon, --sink-tokens, --sink-pooled, --massive-*, --no-value-norms

class SinkAnalysis {
public:
    // `values` may be null: the value-state norms are then skipped.
    SinkAnalysis(const Arguments& args, std::shared_ptr<const ValueStates> values, std::vector<double> channelUdr);

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

} // namespace spectro::cli
