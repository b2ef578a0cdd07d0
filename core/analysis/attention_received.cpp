#include "analysis/attention_received.h"

#include <cmath>
#include <limits>

#include "util/error.h"

namespace spectro {

ReceivedStats attentionReceived(const Array& attention, bool perHead)
{
    if (attention.shape.size() != 4 || attention.shape[2] != attention.shape[3]) {
        throw Error("attention received: expected attention probabilities [L, H, T, T]");
    }
    const auto L = static_cast<int>(attention.shape[0]), H = static_cast<int>(attention.shape[1]);
    const auto T = static_cast<int>(attention.shape[2]);
    ReceivedStats s{L, perHead ? H : 1, T, {}, {}};
    const std::size_t n = static_cast<std::size_t>(L) * static_cast<std::size_t>(s.groups) * static_cast<std::size_t>(T);
    s.mean.assign(n, std::numeric_limits<float>::quiet_NaN());
    s.variance.assign(n, std::numeric_limits<float>::quiet_NaN());
    std::vector<double> column(static_cast<std::size_t>(T));
    for (int l = 0; l < L; ++l) {
        for (int g = 0; g < s.groups; ++g) {
            for (int t = 0; t + 1 < T; ++t) {
                // column[q] = attention paid to t by query q (head-averaged or one head).
                double sum = 0;
                for (int q = t + 1; q < T; ++q) {
                    double a = 0;
                    const int h0 = perHead ? g : 0, h1 = perHead ? g + 1 : H;
                    for (int h = h0; h < h1; ++h) {
                        const std::size_t at = ((static_cast<std::size_t>(l) * H + h) * T + q) * T + t;
                        a += attention.data[at];
                    }
                    a /= (h1 - h0);
                    column[static_cast<std::size_t>(q)] = a;
                    sum += a;
                }
                const int count = T - 1 - t;
                const double mean = sum / count;
                double var = 0;
                for (int q = t + 1; q < T; ++q) var += (column[static_cast<std::size_t>(q)] - mean) * (column[static_cast<std::size_t>(q)] - mean);
                const std::size_t at = (static_cast<std::size_t>(l) * s.groups + g) * T + t;
                s.mean[at] = static_cast<float>(mean);
                s.variance[at] = static_cast<float>(var / count);
            }
        }
    }
    return s;
}

std::vector<std::uint8_t> hmlvFlags(const ReceivedStats& s, const HmlvOptions& o)
{
    std::vector<std::uint8_t> flags(s.mean.size(), 0);
    for (int l = o.firstLayer < 0 ? 0 : o.firstLayer; l < s.layers; ++l) {
        for (int g = 0; g < s.groups; ++g) {
            for (int t = o.excludeBos ? 1 : 0; t < s.tokens - o.excludeLast; ++t) {
                const std::size_t at = (static_cast<std::size_t>(l) * s.groups + g) * s.tokens + t;
                // NaN statistics (no later query) compare false: never HMLV.
                if (s.mean[at] > o.meanAbove && s.variance[at] < o.varianceBelow) flags[at] = 1;
            }
        }
    }
    return flags;
}

}  // namespace spectro
