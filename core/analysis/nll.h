#pragma once
// Negative log-likelihood of the next token: nll[t] = -log softmax(logits[t])[tokens[t+1]] for
// t = 0..T-2, computed in double with log-sum-exp. The paper's NLL is the token-weighted mean of
// these over all samples (meanNll).
#include <vector>

#include "engine/array.h"

namespace spectro {

std::vector<float> nextTokenNll(const Array& logits, const std::vector<int>& tokens);

struct NllTotal {
    double sum = 0.0;
    long long tokens = 0;
    void add(const std::vector<float>& nll)
    {
        for (float v : nll) sum += v;
        tokens += static_cast<long long>(nll.size());
    }
    double mean() const { return tokens > 0 ? sum / static_cast<double>(tokens) : 0.0; }
};

}  // namespace spectro
