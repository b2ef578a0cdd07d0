#include "engine/generate.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "util/error.h"

namespace spectro {

GenerateResult generate(const Transformer& model, const std::vector<int>& prompt, const GenerateOptions& options,
                        const ProgressFn& progress)
{
    if (prompt.empty()) throw Error("generate: the prompt has no tokens (not even BoS)");
    if (options.steps < 0) throw Error("generate: steps must not be negative");
    if (options.temperature < 0) throw Error("generate: temperature must not be negative");
    GenerateResult result;
    std::vector<int> sequence = prompt;
    std::mt19937_64 rng(options.seed);
    const int limit = model.config().maxSeqLen;
    for (int step = 0; step < options.steps; ++step) {
        reportProgress(progress, static_cast<double>(step) / std::max(1, options.steps), "generating");
        if (static_cast<int>(sequence.size()) >= limit) {
            result.hitContextLimit = true;
            break;
        }
        ForwardRequest request;
        request.samples = {sequence};
        request.taps = TapSet::parse("none");
        request.hook = options.hook;
        request.logitsLastOnly = true;
        const auto taps = model.forward(request);
        const float* logits = taps[0].logits.data.data();
        const int vocab = static_cast<int>(taps[0].logits.shape[1]);
        int next;
        if (options.temperature == 0.0) {
            next = static_cast<int>(std::max_element(logits, logits + vocab) - logits);
        } else {
            const float top = *std::max_element(logits, logits + vocab);
            std::vector<double> weights(static_cast<std::size_t>(vocab));
            for (int i = 0; i < vocab; ++i) weights[static_cast<std::size_t>(i)] = std::exp((logits[i] - top) / options.temperature);
            std::discrete_distribution<int> pick(weights.begin(), weights.end());
            next = pick(rng);
        }
        result.tokens.push_back(next);
        sequence.push_back(next);
        if (options.stopAtEos && next == model.config().eosId) break;
    }
    reportProgress(progress, 1.0, "generating");
    return result;
}

}  // namespace spectro
