#include "sinks/massive_activations.h"

#include "util/eigen_maps.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace spectro {

double medianMagnitude(const float* x, std::int64_t n)
{
    if (n <= 0) return 0.0;
    std::vector<float> magnitudes(static_cast<std::size_t>(n));
    std::transform(x, x + n, magnitudes.begin(), [](float v) { return std::fabs(v); });
    const auto middle = magnitudes.begin() + (n - 1) / 2;
    std::nth_element(magnitudes.begin(), middle, magnitudes.end());
    return *middle;
}

StreamActivations streamActivations(const float* h, std::int64_t tokens, int dim, const MassiveOptions& options)
{
    if (options.top < 1) throw Error("massive activations: --top must be at least 1");
    StreamActivations out;
    const std::int64_t n = tokens * dim;
    out.median = medianMagnitude(h, n);
    const auto magnitude = eigen::rowMatrix(h, 1, n).cwiseAbs();
    std::vector<std::int64_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), std::int64_t{0});
    const auto k = std::min<std::int64_t>(options.top, n);
    // Flat index t * d + c: ties go to the earlier position, then the lower channel.
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](std::int64_t a, std::int64_t b) {
        const float ma = magnitude(0, a), mb = magnitude(0, b);
        return ma > mb || (ma == mb && a < b);
    });
    for (std::int64_t r = 0; r < k; ++r) {
        const std::int64_t at = order[static_cast<std::size_t>(r)];
        MassiveEntry e;
        e.position = static_cast<int>(at / dim);
        e.channel = static_cast<int>(at % dim);
        e.value = h[at];
        e.massive = options.isMassive(std::fabs(e.value), out.median);
        out.top.push_back(e);
    }
    return out;
}

std::vector<MassiveEntry> massiveEntries(const float* h, std::int64_t tokens, int dim, const MassiveOptions& options)
{
    const double median = medianMagnitude(h, tokens * dim);
    std::vector<MassiveEntry> out;
    for (std::int64_t at = 0; at < tokens * dim; ++at) {
        if (options.isMassive(std::fabs(h[at]), median)) {
            out.push_back({static_cast<int>(at / dim), static_cast<int>(at % dim), h[at], true});
        }
    }
    return out;
}

std::vector<StreamActivations> massiveActivations(const Array& resid, const MassiveOptions& options)
{
    if (resid.shape.size() != 3) throw Error("massive activations: resid must be [S, T, d]");
    const auto S = resid.shape[0], T = resid.shape[1];
    const int d = static_cast<int>(resid.shape[2]);
    std::vector<StreamActivations> out;
    for (std::int64_t s = 0; s < S; ++s) {
        out.push_back(streamActivations(resid.slice(s), T, d, options));
        out.back().stream = static_cast<int>(s);
    }
    return out;
}

std::vector<double> channelDarkRatios(const Spectrum& spectrum, const BandLayout& bands)
{
    if (bands.dim != spectrum.dim) throw Error("channel dark ratios: spectrum and bands disagree on the dimension");
    const int d = spectrum.dim;
    // Row i of V is v_i; column c holds the coordinates of e_c against every v_i.
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> V(
        spectrum.vectors.data(), d, d);
    const int first = bands.begin(bands.count), size = bands.size(bands.count);
    std::vector<double> out(static_cast<std::size_t>(d));
    for (int c = 0; c < d; ++c) {
        const double dark = V.col(c).segment(first, size).squaredNorm();
        const double light = V.col(c).head(first).squaredNorm(); // band N is the last band
        out[static_cast<std::size_t>(c)] =
            light > 0 ? std::sqrt(dark / light) : (dark > 0 ? std::numeric_limits<double>::infinity() : 0.0);
    }
    return out;
}

} // namespace spectro
