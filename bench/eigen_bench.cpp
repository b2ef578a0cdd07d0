// The code moved onto Eigen against the code it replaced, in one run on the same inputs:
//   spectro-bench-eigen [ROWS=2048] [DIM=4096] [BANDS=20] [HEADS=32] [LAYERS=32] [T=256] [REPEATS=5]
// band energies e_j = ||V_j^T x||^2 of ROWS x DIM residual vectors (BandEnergy: an Eigen product
// and per-band squared norms, against the cblas_sgemm + index loops of commit f4b8506) and the
// attention received (attentionReceived: column statistics of the head-averaged pattern, against
// the triple loop it replaced), head mean and per head, of one [LAYERS, HEADS, T, T] sample.
// The old implementations are copied here verbatim (minus names), so that both run in the same
// process, interleaved repeat by repeat; the results must agree (max |difference| is printed).
// Prints one JSON object: the best and median time of each, and the ratio new / old.
#include "analysis/attention_received.h"
#include "bench_util.h"
#include "spectral/band_energy.h"
#include "spectral/bands.h"

#include <algorithm>
#include <cblas.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <random>

using namespace spectro;
using namespace spectro::bench;

namespace {

// --- the pre-Eigen code (f4b8506: core/spectral/band_energy.cpp, core/analysis/attention_received.cpp) ---

void loopBandEnergies(const std::vector<float>& vectors, const BandLayout& bands, int d, const float* x, std::int64_t n,
                      double* out)
{
    const int block = static_cast<int>(std::clamp<std::int64_t>((std::int64_t{4} << 20) / d, 1, 4096));
    std::vector<float> coords(static_cast<std::size_t>(std::min<std::int64_t>(block, std::max<std::int64_t>(n, 1))) *
                              static_cast<std::size_t>(d));
    for (std::int64_t first = 0; first < n; first += block) {
        const int rows = static_cast<int>(std::min<std::int64_t>(block, n - first));
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, d, d, 1.0f, x + first * d, d, vectors.data(), d,
                    0.0f, coords.data(), d);
        for (int r = 0; r < rows; ++r) {
            const float* c = coords.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(d);
            double* e = out + (first + r) * bands.count;
            for (int j = 1; j <= bands.count; ++j) {
                double sum = 0;
                for (int i = bands.begin(j); i < bands.end(j); ++i) sum += static_cast<double>(c[i]) * c[i];
                e[j - 1] = sum;
            }
        }
    }
}

ReceivedStats loopAttentionReceived(const Array& attention, bool perHead)
{
    const int L = static_cast<int>(attention.shape[0]), H = static_cast<int>(attention.shape[1]);
    const int T = static_cast<int>(attention.shape[2]);
    ReceivedStats s{L, perHead ? H : 1, T, {}, {}};
    const std::size_t n =
        static_cast<std::size_t>(L) * static_cast<std::size_t>(s.groups) * static_cast<std::size_t>(T);
    s.mean.assign(n, std::numeric_limits<float>::quiet_NaN());
    s.variance.assign(n, std::numeric_limits<float>::quiet_NaN());
    std::vector<double> column(static_cast<std::size_t>(T));
    for (int l = 0; l < L; ++l) {
        for (int g = 0; g < s.groups; ++g) {
            for (int t = 0; t + 1 < T; ++t) {
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
                for (int q = t + 1; q < T; ++q)
                    var += (column[static_cast<std::size_t>(q)] - mean) * (column[static_cast<std::size_t>(q)] - mean);
                const std::size_t at = (static_cast<std::size_t>(l) * s.groups + g) * T + t;
                s.mean[at] = static_cast<float>(mean);
                s.variance[at] = static_cast<float>(var / count);
            }
        }
    }
    return s;
}

// --- timing ---

struct Timing {
    std::vector<double> seconds;
    double best() const { return *std::min_element(seconds.begin(), seconds.end()); }
    double median() const
    {
        auto s = seconds;
        std::sort(s.begin(), s.end());
        return s[s.size() / 2];
    }
};

template <class T> double maxDifference(const std::vector<T>& a, const std::vector<T>& b)
{
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(double(a[i])) && std::isnan(double(b[i]))) continue;
        worst = std::max(worst, std::abs(double(a[i]) - double(b[i])) / std::max(1.0, std::abs(double(b[i]))));
    }
    return worst;
}

void printPair(const char* name, const Timing& now, const Timing& old, double difference, bool last)
{
    std::printf(
        "  \"%s\": {\"eigen_best_s\": %.6f, \"eigen_median_s\": %.6f, \"loop_best_s\": %.6f, "
        "\"loop_median_s\": %.6f, \"ratio_best\": %.4f, \"ratio_median\": %.4f, \"max_rel_difference\": %.3g}%s\n",
        name, now.best(), now.median(), old.best(), old.median(), now.best() / old.best(), now.median() / old.median(),
        difference, last ? "" : ",");
}

} // namespace

int main(int argc, char** argv)
{
    auto arg = [&](int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; };
    const int rows = arg(1, 2048), d = arg(2, 4096), nBands = arg(3, 20), H = arg(4, 32), L = arg(5, 32),
              T = arg(6, 256), repeats = arg(7, 5);
    if (rows < 1 || d < 2 || nBands < 1 || nBands > d || H < 1 || L < 1 || T < 2 || repeats < 1) {
        std::fprintf(stderr, "usage: %s [ROWS=2048] [DIM=4096] [BANDS=20] [HEADS=32] [LAYERS=32] [T=256] [REPEATS=5]\n",
                     argv[0]);
        return 1;
    }
    std::mt19937 rng(7);
    std::normal_distribution<float> normal;
    Spectrum spectrum;
    spectrum.dim = spectrum.rank = d;
    spectrum.singularValues.assign(static_cast<std::size_t>(d), 1.0);
    spectrum.vectors.resize(static_cast<std::size_t>(d) * d);
    for (double& v : spectrum.vectors) v = normal(rng) / std::sqrt(double(d));
    const BandLayout bands = makeBands(d, nBands);
    const BandEnergy energy(spectrum, bands);
    const std::vector<float> vectors(spectrum.vectors.begin(), spectrum.vectors.end());
    std::vector<float> x(static_cast<std::size_t>(rows) * d);
    for (float& v : x) v = normal(rng);

    Array attention;
    attention.shape = {L, H, T, T};
    attention.data.resize(static_cast<std::size_t>(L) * H * T * T);
    for (std::int64_t row = 0; row < std::int64_t{L} * H * T; ++row) {
        float* p = attention.data.data() + row * T;
        const int q = static_cast<int>(row % T);
        double sum = 0;
        for (int k = 0; k < T; ++k) sum += (p[k] = k <= q ? std::exp(normal(rng)) : 0.0f);
        for (int k = 0; k < T; ++k) p[k] = static_cast<float>(p[k] / sum);
    }

    Timing eNow, eOld, aNow, aOld, hNow, hOld;
    std::vector<double> now(static_cast<std::size_t>(rows) * nBands), old(now.size());
    double eDiff = 0, aDiff = 0, hDiff = 0;
    for (int r = 0; r < repeats; ++r) {
        // Interleaved, so that a busy neighbour slows both alike.
        auto t = Clock::now();
        energy.energies(x.data(), rows, now.data());
        eNow.seconds.push_back(since(t));
        t = Clock::now();
        loopBandEnergies(vectors, bands, d, x.data(), rows, old.data());
        eOld.seconds.push_back(since(t));
        eDiff = std::max(eDiff, maxDifference(now, old));
        for (bool perHead : {false, true}) {
            t = Clock::now();
            const ReceivedStats a = attentionReceived(attention, perHead);
            (perHead ? hNow : aNow).seconds.push_back(since(t));
            t = Clock::now();
            const ReceivedStats b = loopAttentionReceived(attention, perHead);
            (perHead ? hOld : aOld).seconds.push_back(since(t));
            double& diff = perHead ? hDiff : aDiff;
            diff = std::max({diff, maxDifference(a.mean, b.mean), maxDifference(a.variance, b.variance)});
        }
    }
    std::printf(
        "{\n  \"shape\": {\"rows\": %d, \"dim\": %d, \"bands\": %d, \"layers\": %d, \"heads\": %d, \"tokens\": %d, "
        "\"repeats\": %d},\n",
        rows, d, nBands, L, H, T, repeats);
    printPair("band_energies", eNow, eOld, eDiff, false);
    printPair("attention_received_head_mean", aNow, aOld, aDiff, false);
    printPair("attention_received_per_head", hNow, hOld, hDiff, true);
    std::printf("}\n");
    return 0;
}
