#include "model/model_flops.h"

namespace spectro {

double forwardFlops(const ModelConfig& c, int tokens)
{
    const double d = c.dim, h = c.hiddenDim, v = c.vocabSize, q = c.queryDim(), kv = c.kvDim(), t = tokens;
    const double matrices = c.nLayers * (2 * d * q + 2 * d * kv + 3 * d * h) + v * d;
    // Query q attends to q + 1 keys: T (T + 1) / 2 dot products of width headDim per head, for
    // QK^T and again for PV.
    const double attention = c.nLayers * 2.0 * (2.0 * q) * (t * (t + 1) / 2);
    return 2 * matrices * t + attention;
}

}  // namespace spectro
