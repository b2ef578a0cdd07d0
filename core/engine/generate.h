#pragma once
// Greedy (temperature 0) or sampled continuation. Each step re-runs the whole sequence so that a
// hook (a spectral filter) acts at every position of every step, exactly as in a single forward
// pass; the tiny models make this cheap, and it keeps filtered generation obviously correct.
#include <cstdint>
#include <vector>

#include "engine/transformer.h"

namespace spectro {

struct GenerateOptions {
    int steps = 64;
    double temperature = 0.0;  // 0: greedy (argmax)
    std::uint64_t seed = 0;
    bool stopAtEos = false;
    Hook hook;
};

struct GenerateResult {
    std::vector<int> tokens;  // the continuation only
    bool hitContextLimit = false;
};

GenerateResult generate(const Transformer& model, const std::vector<int>& prompt, const GenerateOptions& options,
                        const ProgressFn& progress = {});

}  // namespace spectro
