#include "model/fingerprint.h"

#include <cstdio>

#include "util/fnv1a.h"

namespace spectro {

std::string fingerprint(const Checkpoint& ckpt)
{
    Fnv1a64 f;
    const auto& c = ckpt.config;
    for (int v : {c.dim, c.hiddenDim, c.nLayers, c.nHeads, c.nKvHeads, c.vocabSize}) f.value(v);
    f.value(c.ropeTheta);
    f.value(c.normEps);
    // Hashed only when they differ from plain RoPE and dim / n_heads heads, so that the
    // fingerprints of caches written before these fields existed stay valid.
    if (c.explicitHeadDim > 0) f.value(c.explicitHeadDim);
    if (!c.rope.isDefault()) {
        f.value(static_cast<int>(c.rope.type));
        for (double v : {c.rope.factor, c.rope.lowFreqFactor, c.rope.highFreqFactor}) f.value(v);
        f.value(c.rope.originalMaxPositions);
        for (double v : c.rope.freqDivisors) f.value(v);
    }
    for (const auto& [name, t] : ckpt.tensors) {
        f.text(name);
        for (auto s : t.shape) f.value(s);
        f.value(static_cast<int>(t.dtype));
        for (auto r : t.rowOrder) f.value(r);
        const std::size_t bytes = t.byteSize(), sample = 64 * 1024;
        if (bytes <= 3 * sample) {
            f.add(t.data, bytes);
        } else {
            f.add(t.data, sample);
            f.add(t.data + bytes / 2, sample);
            f.add(t.data + bytes - sample, sample);
        }
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(f.h));
    return hex;
}

}  // namespace spectro
