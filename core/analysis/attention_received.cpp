#include "analysis/attention_received.h"

#include <cmath>
#include <limits>

#include "util/eigen_maps.h"
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
    // The attention paid to t by the later queries q = t+1 .. T-1 (column t of A[q][k] below the
    // diagonal): its mean and population variance.
    auto statistics = [&](const auto& A, int l, int g) {
        for (int t = 0; t + 1 < T; ++t) {
            const auto paid = A.col(t).tail(T - 1 - t).template cast<double>().array();
            const double mean = paid.mean();
            const std::size_t at = (static_cast<std::size_t>(l) * s.groups + g) * T + t;
            s.mean[at] = static_cast<float>(mean);
            s.variance[at] = static_cast<float>((paid - mean).square().mean());
        }
    };
    auto head = [&](int l, int h) { return eigen::rowMatrix(attention.data.data() + ((static_cast<std::int64_t>(l) * H + h) * T) * T, T, T); };
    Eigen::MatrixXd average(T, T);
    for (int l = 0; l < L; ++l) {
        if (perHead) {
            for (int h = 0; h < H; ++h) statistics(head(l, h), l, h);
            continue;
        }
        average.setZero();
        for (int h = 0; h < H; ++h) average += head(l, h).cast<double>();
        average /= H;
        statistics(average, l, 0);
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
