#pragma once
// How far the taps of one forward pass are from another's (a GPU's from the CPU's, one placement's
// from another's): per tap, ||a - ref|| / ||ref|| over all its values. Plain C++ (no Qt), shared
// by the Qt tests and the Qt-free GPU equality test, which runs where Qt is missing.
#include "engine/forward.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace spectro::test {

struct TapDifference {
    std::string tap;
    double relative = 0;  // ||a - ref||_2 / ||ref||_2 (infinite for a shape mismatch or a NaN)
    double maxAbs = 0;
};

inline TapDifference tapDifference(const std::string& tap, const Array& a, const Array& ref)
{
    TapDifference d{tap, 0, 0};
    if (a.shape != ref.shape)
        return {tap, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
    double diff = 0, norm = 0;
    for (std::size_t i = 0; i < ref.data.size(); ++i) {
        const double e = static_cast<double>(a.data[i]) - static_cast<double>(ref.data[i]);
        if (std::isnan(e))
            return {tap, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
        diff += e * e;
        norm += static_cast<double>(ref.data[i]) * ref.data[i];
        d.maxAbs = std::max(d.maxAbs, std::abs(e));
    }
    d.relative = norm > 0 ? std::sqrt(diff / norm) : std::sqrt(diff);
    return d;
}

// Every tap that `ref` holds (an empty one in `ref` must be empty in `a` too).
inline std::vector<TapDifference> tapDifferences(const SampleTaps& a, const SampleTaps& ref)
{
    std::vector<TapDifference> out;
    auto add = [&](const char* name, const Array& x, const Array& r) {
        if (!r.empty() || !x.empty()) out.push_back(tapDifference(name, x, r));
    };
    add("resid", a.resid, ref.resid);
    add("resid_mid", a.residMid, ref.residMid);
    add("attn_out", a.attnOut, ref.attnOut);
    add("mlp_out", a.mlpOut, ref.mlpOut);
    add("attn", a.attention, ref.attention);
    add("logits", a.logits, ref.logits);
    add("nll", a.nll, ref.nll);
    if (a.tokens != ref.tokens) out.push_back({"tokens", std::numeric_limits<double>::infinity(), 0});
    return out;
}

}  // namespace spectro::test
