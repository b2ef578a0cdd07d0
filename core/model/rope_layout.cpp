#include "model/rope_layout.h"

namespace spectro {

std::vector<std::int64_t> interleavedFromRotateHalf(int nHeads, int headDim)
{
    std::vector<std::int64_t> order(static_cast<std::size_t>(nHeads) * headDim);
    const int half = headDim / 2;
    for (int h = 0; h < nHeads; ++h) {
        for (int i = 0; i < half; ++i) {
            for (int r = 0; r < 2; ++r) {
                order[static_cast<std::size_t>(h * headDim + 2 * i + r)] = h * headDim + r * half + i;
            }
        }
    }
    return order;
}

std::vector<std::int64_t> rotateHalfFromInterleaved(int nHeads, int headDim)
{
    const auto forward = interleavedFromRotateHalf(nHeads, headDim);
    std::vector<std::int64_t> inverse(forward.size());
    for (std::size_t k = 0; k < forward.size(); ++k) inverse[static_cast<std::size_t>(forward[k])] = static_cast<std::int64_t>(k);
    return inverse;
}

}  // namespace spectro
