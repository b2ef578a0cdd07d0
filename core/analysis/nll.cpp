#include "analysis/nll.h"

#include <cmath>

#include "util/error.h"

namespace spectro {

std::vector<float> nextTokenNll(const Array& logits, const std::vector<int>& tokens)
{
    if (logits.shape.size() != 2 || logits.shape[0] != static_cast<std::int64_t>(tokens.size())) {
        throw Error("nll: logits must have one row per token");
    }
    const std::int64_t vocab = logits.shape[1];
    std::vector<float> out;
    for (std::size_t t = 0; t + 1 < tokens.size(); ++t) {
        const float* row = logits.slice(static_cast<std::int64_t>(t));
        double top = row[0];
        for (std::int64_t v = 1; v < vocab; ++v) top = std::max(top, static_cast<double>(row[v]));
        double sum = 0.0;
        for (std::int64_t v = 0; v < vocab; ++v) sum += std::exp(static_cast<double>(row[v]) - top);
        out.push_back(static_cast<float>(top + std::log(sum) - row[tokens[t + 1]]));
    }
    return out;
}

}  // namespace spectro
