// The attention-sink measurements of core/sinks: the sink rate (Gu et al.), massive activations
// (Sun et al.), the extreme-token triad (Guo et al.) and the BoS cosine of secondary sinks. Each
// is checked on hand-built attention patterns and streams whose answers are known in closed form,
// and on stories260K against a float64 forward pass written here with plain loops (no engine, no
// torch, no Eigen), from which the test computes every measurement again by its formula.
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "sinks/extreme_token_triad.h"
#include "sinks/massive_activations.h"
#include "sinks/secondary_sinks.h"
#include "sinks/sink_rate.h"
#include "spectral/band_energy.h"
#include "test_support.h"

#include <QTest>
#include <cmath>
#include <numeric>

using namespace spectro;
using spectro::test::modelPath;

namespace {

// A causal [L, H, T, T] pattern from a function p(l, h, query, key) (rows need not be normalised
// by the caller: each is scaled to sum to 1 over keys <= query).
template <class Fn> Array pattern(int L, int H, int T, Fn&& p)
{
    Array a({L, H, T, T});
    for (int l = 0; l < L; ++l) {
        for (int h = 0; h < H; ++h) {
            for (int q = 0; q < T; ++q) {
                double sum = 0;
                for (int k = 0; k <= q; ++k) sum += p(l, h, q, k);
                for (int k = 0; k <= q; ++k) {
                    a.data[static_cast<std::size_t>(((l * H + h) * T + q) * T + k)] =
                        static_cast<float>(p(l, h, q, k) / sum);
                }
            }
        }
    }
    return a;
}

double harmonic(int n)
{
    double s = 0;
    for (int i = 1; i <= n; ++i) s += 1.0 / i;
    return s;
}

// --- LLaMa-2 in float64 with plain loops: the streams and attention probabilities. ---
struct Reference64 {
    const Checkpoint& c;
    std::vector<std::vector<double>> resid; // [L+1][T * d]
    std::vector<std::vector<double>> attn;  // [L][H * T * T]
    std::vector<std::vector<double>> value; // [L][T * kvDim]

    std::vector<double> w(const std::string& name) const
    {
        const auto f = c.tensor(name).toFloat();
        return {f.begin(), f.end()};
    }
    // y[r] = sum_j W[r][j] x[j], W: [rows, cols].
    static std::vector<double> mul(const std::vector<double>& W, const double* x, int rows, int cols)
    {
        std::vector<double> y(static_cast<std::size_t>(rows), 0.0);
        for (int r = 0; r < rows; ++r) {
            for (int j = 0; j < cols; ++j)
                y[static_cast<std::size_t>(r)] += W[static_cast<std::size_t>(r) * cols + j] * x[j];
        }
        return y;
    }
    std::vector<double> rms(const double* x, const std::vector<double>& g) const
    {
        const int d = c.config.dim;
        double ss = 0;
        for (int j = 0; j < d; ++j) ss += x[j] * x[j];
        const double inv = 1.0 / std::sqrt(ss / d + c.config.normEps);
        std::vector<double> y(static_cast<std::size_t>(d));
        for (int j = 0; j < d; ++j) y[static_cast<std::size_t>(j)] = x[j] * inv * g[static_cast<std::size_t>(j)];
        return y;
    }
    void rope(std::vector<double>& v, int heads, int t) const // interleaved pairs, as llama2.c
    {
        const int hd = c.config.headDim();
        for (int h = 0; h < heads; ++h) {
            for (int i = 0; i < hd / 2; ++i) {
                const double a = t * std::pow(c.config.ropeTheta, -2.0 * i / hd);
                double& x0 = v[static_cast<std::size_t>(h * hd + 2 * i)];
                double& x1 = v[static_cast<std::size_t>(h * hd + 2 * i + 1)];
                const double r0 = x0 * std::cos(a) - x1 * std::sin(a), r1 = x0 * std::sin(a) + x1 * std::cos(a);
                x0 = r0;
                x1 = r1;
            }
        }
    }

    Reference64(const Checkpoint& checkpoint, const std::vector<int>& tokens) : c(checkpoint)
    {
        const auto& cfg = c.config;
        const int T = static_cast<int>(tokens.size()), d = cfg.dim, H = cfg.nHeads, KV = cfg.nKvHeads,
                  hd = cfg.headDim();
        const int kvDim = KV * hd, hidden = cfg.hiddenDim;
        const auto emb = w("token_embedding");
        std::vector<double> x(static_cast<std::size_t>(T * d));
        for (int t = 0; t < T; ++t) {
            std::copy_n(emb.begin() + static_cast<std::ptrdiff_t>(tokens[static_cast<std::size_t>(t)]) * d, d,
                        x.begin() + t * d);
        }
        resid.push_back(x);
        for (int l = 0; l < cfg.nLayers; ++l) {
            const auto p = "layers." + std::to_string(l) + ".";
            const auto gain = w(p + "attention_norm"), wq = w(p + "wq"), wk = w(p + "wk"), wv = w(p + "wv"),
                       wo = w(p + "wo");
            std::vector<std::vector<double>> q(T), k(T), v(T);
            value.emplace_back(static_cast<std::size_t>(T * kvDim));
            for (int t = 0; t < T; ++t) {
                const auto h = rms(x.data() + t * d, gain);
                q[t] = mul(wq, h.data(), d, d);
                k[t] = mul(wk, h.data(), kvDim, d);
                v[t] = mul(wv, h.data(), kvDim, d);
                rope(q[t], H, t);
                rope(k[t], KV, t);
                std::copy(v[t].begin(), v[t].end(), value.back().begin() + t * kvDim);
            }
            attn.emplace_back(static_cast<std::size_t>(H * T * T), 0.0);
            std::vector<double> out(static_cast<std::size_t>(T * d), 0.0);
            for (int h = 0; h < H; ++h) {
                const int g = h / (H / KV);
                for (int i = 0; i < T; ++i) {
                    std::vector<double> s(static_cast<std::size_t>(i + 1));
                    double top = -INFINITY;
                    for (int j = 0; j <= i; ++j) {
                        double dot = 0;
                        for (int e = 0; e < hd; ++e)
                            dot +=
                                q[i][static_cast<std::size_t>(h * hd + e)] * k[j][static_cast<std::size_t>(g * hd + e)];
                        s[static_cast<std::size_t>(j)] = dot / std::sqrt(double(hd));
                        top = std::max(top, s[static_cast<std::size_t>(j)]);
                    }
                    double z = 0;
                    for (auto& e : s) z += (e = std::exp(e - top));
                    for (int j = 0; j <= i; ++j) {
                        const double a = s[static_cast<std::size_t>(j)] / z;
                        attn.back()[static_cast<std::size_t>((h * T + i) * T + j)] = a;
                        for (int e = 0; e < hd; ++e)
                            out[static_cast<std::size_t>(i * d + h * hd + e)] +=
                                a * v[j][static_cast<std::size_t>(g * hd + e)];
                    }
                }
            }
            const auto ffnGain = w(p + "ffn_norm"), w1 = w(p + "w1"), w2 = w(p + "w2"), w3 = w(p + "w3");
            for (int t = 0; t < T; ++t) {
                const auto o = mul(wo, out.data() + t * d, d, d);
                for (int j = 0; j < d; ++j) x[static_cast<std::size_t>(t * d + j)] += o[static_cast<std::size_t>(j)];
                const auto h = rms(x.data() + t * d, ffnGain);
                auto a = mul(w1, h.data(), hidden, d);
                const auto b = mul(w3, h.data(), hidden, d);
                for (int j = 0; j < hidden; ++j)
                    a[static_cast<std::size_t>(j)] = a[static_cast<std::size_t>(j)] /
                                                     (1 + std::exp(-a[static_cast<std::size_t>(j)])) *
                                                     b[static_cast<std::size_t>(j)];
                const auto m = mul(w2, a.data(), d, hidden);
                for (int j = 0; j < d; ++j) x[static_cast<std::size_t>(t * d + j)] += m[static_cast<std::size_t>(j)];
            }
            resid.push_back(x);
        }
    }
};

} // namespace

class TestSinks : public QObject {
    Q_OBJECT
    std::shared_ptr<const Checkpoint> ckpt;
    std::vector<int> tokens;
    SampleTaps taps;                  // the engine's float32 taps
    std::unique_ptr<Reference64> ref; // the float64 reference

private Q_SLOTS:
    void initTestCase()
    {
        if (!spectro::test::sharedAvailable()) return; // the hand-built cases run anyway
        ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(modelPath("stories260K/stories260K.bin")));
        tokens = {1,   403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426,
                  385, 328, 432, 317, 284, 316, 261, 301, 415, 414, 428, 428, 309, 415, 395, 301};
        const Transformer model(ckpt);
        ForwardRequest request;
        request.samples = {tokens};
        request.taps = TapSet::parse("resid,attn");
        taps = model.forward(request).front();
        ref = std::make_unique<Reference64>(*ckpt, tokens);
    }

    // --- Sink rate: closed forms. ---

    void sinkScoresOfKnownPatterns()
    {
        const int T = 5;
        // head (0,0): all on BoS; (0,1): uniform causal; (1,0): each query on itself; (1,1): on the previous token.
        const Array a = pattern(2, 2, T, [](int l, int h, int q, int k) {
            if (l == 0 && h == 0) return k == 0 ? 1.0 : 0.0;
            if (l == 0 && h == 1) return 1.0;
            if (l == 1 && h == 0) return k == q ? 1.0 : 0.0;
            return k == std::max(0, q - 1) ? 1.0 : 0.0;
        });
        const SinkScores s = sinkScores(a, 64);
        QCOMPARE(s.positions, T);
        for (int k = 0; k < T; ++k) {
            // alpha_k = 1/(T-k) sum_{i>=k} A[i][k].
            QCOMPARE(s.at(0, 0, k), k == 0 ? 1.0 : 0.0);
            QVERIFY(std::abs(s.at(0, 1, k) - (harmonic(T) - harmonic(k)) / (T - k)) < 1e-7);
            QVERIFY(std::abs(s.at(1, 0, k) - 1.0 / (T - k)) < 1e-7);
            // The previous-token head: key 0 is read by queries 0 and 1, key k by query k+1 only.
            const double previous = k == 0 ? 2.0 : (k + 1 < T ? 1.0 : 0.0);
            QVERIFY(std::abs(s.at(1, 1, k) - previous / (T - k)) < 1e-7);
        }
        // The last key: only query T-1 reads it; the previous-token head gives it 0, the self head 1.
        QCOMPARE(s.at(1, 1, T - 1), 0.0);

        // eps = 0.3: alpha_0 = 1, H_5/5 = 0.457, 1/5 = 0.2, 2/5 = 0.4 -> 3 of 4 heads.
        SinkRate rate;
        rate.add(a);
        QCOMPARE(rate.rate(0), 0.75);
        QCOMPARE(rate.layerRate(0, 0), 1.0);
        QCOMPARE(rate.layerRate(1, 0), 0.5);
        QCOMPARE(rate.headRate(1, 0, 0), 0.0);
        // Position 1: uniform (H5 - 1)/4 = 0.321 > 0.3; self 1/4; previous 1/4 -> 1 of 4.
        QCOMPARE(rate.rate(1), 0.25);
        // Position 4 (the last): self 1 -> 1 of 4; uniform 1/5 no.
        QCOMPARE(rate.rate(4), 0.25);
    }

    void sinkRateUsesTheFirstTTokens()
    {
        // Uniform attention over 10 tokens measured on the first 3: alpha_0 = H_3 / 3.
        const Array a = pattern(1, 1, 10, [](int, int, int, int) { return 1.0; });
        const SinkScores s = sinkScores(a, 3);
        QCOMPARE(s.positions, 3);
        QVERIFY(std::abs(s.at(0, 0, 0) - harmonic(3) / 3) < 1e-7);
        QVERIFY(std::abs(s.at(0, 0, 2) - 1.0 / 3.0) < 1e-7); // only query 2 reads key 2 within T = 3
        QVERIFY(std::abs(sinkScores(a, 10).at(0, 0, 0) - harmonic(10) / 10) < 1e-7);
    }

    void sinkRateOverSamples()
    {
        // One sample sinks (alpha_0 = 0.9), one does not (0.0): per sample 1/2; pooled mean 0.45 > 0.3.
        auto sample = [](double bos) {
            return pattern(1, 1, 4, [bos](int, int, int q, int k) {
                if (q == 0) return 1.0;
                return k == 0 ? bos : (k == q ? 1.0 - bos : 0.0);
            });
        };
        const Array sinks = sample(1.0), none = sample(0.0);
        SinkRate perSample({0.3, 64, false}), pooled({0.3, 64, true});
        for (auto* r : {&perSample, &pooled}) {
            r->add(sinks);
            r->add(none);
        }
        // alpha_0: (1 + 1 + 1 + 1)/4 = 1 and (1 + 0 + 0 + 0)/4 = 0.25.
        QVERIFY(std::abs(perSample.meanAlpha(0, 0, 0) - 0.625) < 1e-7);
        QCOMPARE(perSample.rate(0), 0.5);
        QCOMPARE(pooled.rate(0), 1.0);
        QCOMPARE(perSample.samples(), 2);
        // A shorter sample counts only for the positions it has.
        perSample.add(pattern(1, 1, 2, [](int, int, int, int) { return 1.0; }));
        QCOMPARE(perSample.samplesAt(1), 3);
        QCOMPARE(perSample.samplesAt(3), 2);
        SPECTRO_VERIFY_ERROR(perSample.add(pattern(2, 1, 4, [](int, int, int, int) { return 1.0; })), "layers");
        SPECTRO_VERIFY_ERROR(sinkScores(Array({2, 3, 4}), 64), "[L, H, T, T]");
        SPECTRO_VERIFY_ERROR(perSample.meanAlpha(0, 0, 9), "position 9");
    }

    // --- Massive activations: a planted entry. ---

    void massiveActivationsOfAPlantedStream()
    {
        // Stream 1 of 2: all entries 0.1 (in magnitude) except h[0][5] = -2000 (BoS) and h[3][7] = 150.
        const int T = 4, d = 8;
        Array resid({2, T, d});
        for (std::size_t i = 0; i < resid.data.size(); ++i) resid.data[i] = (i % 2 ? 0.1f : -0.1f);
        float* s1 = resid.slice(1);
        s1[0 * d + 5] = -2000.0f;
        s1[3 * d + 7] = 150.0f;
        MassiveOptions options;
        options.top = 3;
        const auto streams = massiveActivations(resid, options);
        QCOMPARE(streams.size(), std::size_t{2});
        QVERIFY(std::abs(streams[1].median - 0.1) < 1e-7);
        QCOMPARE(streams[1].top[0].position, 0);
        QCOMPARE(streams[1].top[0].channel, 5);
        QCOMPARE(streams[1].top[0].value, -2000.0f);
        QVERIFY(streams[1].top[0].massive); // > 100 and > 1000 x 0.1
        QCOMPARE(streams[1].top[1].position, 3);
        QCOMPARE(streams[1].top[1].channel, 7);
        QVERIFY(streams[1].top[1].massive); // 150 > 100 and > 100 = 1000 x 0.1
        QVERIFY(!streams[1].top[2].massive);
        QCOMPARE(streams[1].top[2].position, 0); // ties: the earliest position, the lowest channel
        QCOMPARE(streams[1].top[2].channel, 0);
        QVERIFY(!streams[0].top[0].massive);
        // A ratio of 2000 keeps -2000 (= 20000 x median) but not 150 (1500 x).
        options.ratio = 2000;
        QCOMPARE(massiveEntries(resid.slice(1), T, d, options).size(), std::size_t{1});
        // The lower middle for an even count, as torch.median.
        const float four[] = {4, -1, 3, 2};
        QCOMPARE(medianMagnitude(four, 4), 2.0);
    }

    void channelDarkRatiosOfAKnownBasis()
    {
        // d = 4, bands of one vector each; v_3 (the dark band) = (e_0 + e_1)/sqrt 2.
        Spectrum s;
        s.dim = 4;
        s.rank = 4;
        const double r = 1 / std::sqrt(2.0);
        s.vectors = {0, 0, 1, 0, 0, 0, 0, 1, r, -r, 0, 0, r, r, 0, 0};
        s.singularValues = {4, 3, 2, 1};
        const auto udr = channelDarkRatios(s, makeBands(4, 4));
        QVERIFY(std::abs(udr[0] - 1.0) < 1e-12); // half of e_0 in band 4: sqrt(0.5 / 0.5)
        QVERIFY(std::abs(udr[1] - 1.0) < 1e-12);
        QCOMPARE(udr[2], 0.0);
    }

    // --- The triad and the BoS cosine: closed forms on a hand-built model. ---

    void triadOfAHandBuiltModel()
    {
        // One layer, d = 2, two query heads sharing one kv head of size 1, W_v = (1 0), gain 1,
        // eps 0: v(t) = h_t[0] / rms(h_t).
        Checkpoint c;
        c.config.dim = 2;
        c.config.nLayers = 1;
        c.config.nHeads = 2;
        c.config.nKvHeads = 1;
        c.config.normEps = 0;
        c.tensors.emplace("layers.0.wv", makeOwnedFloatTensor("layers.0.wv", {1, 2}, {1, 0}));
        c.tensors.emplace("layers.0.attention_norm", makeOwnedFloatTensor("layers.0.attention_norm", {2}, {1, 1}));
        c.config.nHeads = 1; // head dim 2: W_v would be [2, 2]
        SPECTRO_VERIFY_ERROR(ValueStates{c}, "shapes");
        c.config.nHeads = 2; // head dim 1, one kv head: W_v is [1, 2], v(t) = h_t[0] / rms(h_t)
        const ValueStates values(c);
        const Array resid = Array::of({2, 3, 2}, {3, 0, 0, 1, 0, -2, /* exit */ 0, 0, 0, 0, 0, 0});
        // Two heads: one all on BoS, one uniform.
        const Array attn = pattern(1, 2, 3, [](int, int h, int, int k) { return h == 0 ? (k == 0 ? 1.0 : 0.0) : 1.0; });
        const ExtremeTokenTriad tr = extremeTokenTriad(resid, attn, values);
        // v(t) = h_t[0] / rms(h_t): 3 / sqrt(9/2) = sqrt 2, 0, 0.
        QVERIFY(std::abs(tr.valueNorm[tr.at(0, 0, 0)] - std::sqrt(2.0)) < 1e-6);
        QCOMPARE(tr.valueNorm[tr.at(0, 0, 1)], 0.0);
        QVERIFY(std::abs(tr.valueRatio[tr.at(0, 0, 0)] - 3.0) < 1e-6); // sqrt2 / (sqrt2 / 3)
        QVERIFY(std::abs(tr.residNorm[tr.at(0, 0)] - 3.0) < 1e-6);
        QVERIFY(std::abs(tr.residRatio[tr.at(0, 2)] - 2.0 / 2.0) < 1e-6); // norms 3, 1, 2: mean 2
        // Attention: head 0 gives key 0 alpha 1, head 1 gives it H_3/3; the kv group averages them.
        QVERIFY(std::abs(tr.attention[tr.at(0, 0, 0)] - (1.0 + harmonic(3) / 3) / 2) < 1e-6);
        SPECTRO_VERIFY_ERROR(extremeTokenTriad(Array({3, 3, 2}), attn, values), "resid must be");

        const auto cosine = bosCosine(resid);
        QVERIFY(std::abs(cosine[0] - 1.0) < 1e-12);
        QVERIFY(std::abs(cosine[1] - 0.0) < 1e-12);
        QVERIFY(std::abs(cosine[2] - 0.0) < 1e-12);
        QCOMPARE(cosine[3], 0.0); // the exit stream is zero: 0 by convention
        const SecondarySinkOptions secondary;
        QVERIFY(secondary.flags(-0.95, 3));
        QVERIFY(!secondary.flags(0.95, 0));
        QVERIFY(!secondary.flags(0.85, 3));
    }

    // --- stories260K: the engine's float32 taps against the float64 reference. ---

    void sinkRateMatchesTheFloat64Reference()
    {
        SPECTRO_REQUIRE_SHARED();
        const auto& c = ckpt->config;
        const int T = static_cast<int>(tokens.size()), K = 20;
        SinkRate rate({0.3, K, false});
        rate.add(taps.attention);
        double worst = 0;
        for (int k = 0; k < K; ++k) {
            int above = 0;
            for (int l = 0; l < c.nLayers; ++l) {
                for (int h = 0; h < c.nHeads; ++h) {
                    double alpha = 0;
                    for (int i = k; i < K; ++i)
                        alpha += ref->attn[static_cast<std::size_t>(l)][static_cast<std::size_t>((h * T + i) * T + k)];
                    alpha /= K - k;
                    worst = std::max(worst, std::abs(alpha - rate.meanAlpha(l, h, k)));
                    // Skip the indicator where the reference sits within float error of eps.
                    if (std::abs(alpha - 0.3) < 1e-4) QSKIP("an alpha lies within float error of eps");
                    above += alpha > 0.3;
                }
            }
            QCOMPARE(rate.rate(k), static_cast<double>(above) / (c.nLayers * c.nHeads));
        }
        QVERIFY2(worst < 1e-5, qPrintable(QString("alpha differs from float64 by %1").arg(worst)));
        QVERIFY(rate.rate(0) > 0); // stories260K has heads on BoS
    }

    void massiveActivationsMatchTheFloat64Reference()
    {
        SPECTRO_REQUIRE_SHARED();
        const auto& c = ckpt->config;
        const int d = c.dim;
        MassiveOptions options;
        options.top = 3;
        const auto streams = massiveActivations(taps.resid, options);
        for (int s = 0; s <= c.nLayers; ++s) {
            const auto& x = ref->resid[static_cast<std::size_t>(s)];
            std::vector<double> magnitude(x.size());
            for (std::size_t i = 0; i < x.size(); ++i) magnitude[i] = std::abs(x[i]);
            std::vector<std::size_t> order(x.size());
            std::iota(order.begin(), order.end(), 0);
            std::sort(order.begin(), order.end(),
                      [&](std::size_t a, std::size_t b) { return magnitude[a] > magnitude[b]; });
            auto sorted = magnitude;
            std::sort(sorted.begin(), sorted.end());
            const double median = sorted[(sorted.size() - 1) / 2];
            const auto& got = streams[static_cast<std::size_t>(s)];
            QVERIFY2(std::abs(got.median - median) < 1e-4 * std::max(1.0, median),
                     qPrintable(QString("stream %1 median").arg(s)));
            const auto top = order.front();
            // The largest entry, unless the reference's top two are within float error of each other.
            if (magnitude[top] - magnitude[order[1]] > 1e-4) {
                QCOMPARE(got.top[0].position, static_cast<int>(top / d));
                QCOMPARE(got.top[0].channel, static_cast<int>(top % d));
            }
            QVERIFY(std::abs(got.top[0].value - x[top]) < 1e-4 * std::max(1.0, std::abs(x[top])));
            QCOMPARE(got.top[0].massive, magnitude[top] > 100 && magnitude[top] > 1000 * median);
        }
    }

    void triadMatchesTheFloat64Reference()
    {
        SPECTRO_REQUIRE_SHARED();
        const auto& c = ckpt->config;
        const int T = static_cast<int>(tokens.size()), d = c.dim, KV = c.nKvHeads, hd = c.headDim(), H = c.nHeads;
        const ValueStates values(*ckpt);
        const ExtremeTokenTriad tr = extremeTokenTriad(taps.resid, taps.attention, values);
        double worstValue = 0, worstResid = 0, worstAttention = 0;
        for (int l = 0; l < c.nLayers; ++l) {
            for (int g = 0; g < KV; ++g) {
                std::vector<double> norm(static_cast<std::size_t>(T));
                for (int t = 0; t < T; ++t) {
                    double ss = 0;
                    for (int e = 0; e < hd; ++e)
                        ss += std::pow(
                            ref->value[static_cast<std::size_t>(l)][static_cast<std::size_t>(t * KV * hd + g * hd + e)],
                            2);
                    norm[static_cast<std::size_t>(t)] = std::sqrt(ss);
                }
                const double mean = std::accumulate(norm.begin(), norm.end(), 0.0) / T;
                for (int t = 0; t < T; ++t) {
                    worstValue = std::max(
                        worstValue, std::abs(tr.valueNorm[tr.at(l, g, t)] - norm[static_cast<std::size_t>(t)]) / mean);
                    worstValue = std::max(
                        worstValue, std::abs(tr.valueRatio[tr.at(l, g, t)] - norm[static_cast<std::size_t>(t)] / mean));
                    double attention = 0;
                    for (int h = g * (H / KV); h < (g + 1) * (H / KV); ++h) {
                        double alpha = 0;
                        for (int i = t; i < T; ++i)
                            alpha +=
                                ref->attn[static_cast<std::size_t>(l)][static_cast<std::size_t>((h * T + i) * T + t)];
                        attention += alpha / (T - t) / (H / KV);
                    }
                    worstAttention = std::max(worstAttention, std::abs(tr.attention[tr.at(l, g, t)] - attention));
                }
            }
            std::vector<double> norm(static_cast<std::size_t>(T));
            for (int t = 0; t < T; ++t) {
                double ss = 0;
                for (int j = 0; j < d; ++j)
                    ss += std::pow(ref->resid[static_cast<std::size_t>(l)][static_cast<std::size_t>(t * d + j)], 2);
                norm[static_cast<std::size_t>(t)] = std::sqrt(ss);
            }
            const double mean = std::accumulate(norm.begin(), norm.end(), 0.0) / T;
            for (int t = 0; t < T; ++t)
                worstResid = std::max(worstResid,
                                      std::abs(tr.residRatio[tr.at(l, t)] - norm[static_cast<std::size_t>(t)] / mean));
        }
        QVERIFY2(worstValue < 1e-4,
                 qPrintable(QString("value norms differ by %1 (relative to the mean)").arg(worstValue)));
        // One layer from its slices equals that layer of the whole sample.
        Array stream({T, d}), layer({H, T, T});
        std::copy_n(taps.resid.slice(2), stream.numel(), stream.data.begin());
        std::copy_n(taps.attention.slice(2), layer.numel(), layer.data.begin());
        const ExtremeTokenTriad one = extremeTokenTriadAt(2, stream, layer, values);
        for (int g = 0; g < KV; ++g) {
            for (int t = 0; t < T; ++t) {
                QCOMPARE(one.valueRatio[one.at(0, g, t)], tr.valueRatio[tr.at(2, g, t)]);
                QCOMPARE(one.attention[one.at(0, g, t)], tr.attention[tr.at(2, g, t)]);
            }
            QCOMPARE(one.residRatio[one.at(0, 5)], tr.residRatio[tr.at(2, 5)]);
        }
        SPECTRO_VERIFY_ERROR(extremeTokenTriadAt(2, stream, Array({H, T, T + 1}), values), "[H, T, T]");
        QVERIFY2(worstResid < 1e-5, qPrintable(QString("residual ratios differ by %1").arg(worstResid)));
        QVERIFY2(worstAttention < 1e-5, qPrintable(QString("attention differs by %1").arg(worstAttention)));
    }

    void bosCosineMatchesTheFloat64Reference()
    {
        SPECTRO_REQUIRE_SHARED();
        const auto& c = ckpt->config;
        const int T = static_cast<int>(tokens.size()), d = c.dim;
        const auto cosine = bosCosine(taps.resid);
        double worst = 0;
        for (int s = 0; s <= c.nLayers; ++s) {
            const auto& x = ref->resid[static_cast<std::size_t>(s)];
            for (int t = 0; t < T; ++t) {
                double dot = 0, a = 0, b = 0;
                for (int j = 0; j < d; ++j) {
                    dot += x[static_cast<std::size_t>(t * d + j)] * x[static_cast<std::size_t>(j)];
                    a += std::pow(x[static_cast<std::size_t>(t * d + j)], 2);
                    b += std::pow(x[static_cast<std::size_t>(j)], 2);
                }
                worst = std::max(worst, std::abs(cosine[static_cast<std::size_t>(s * T + t)] - dot / std::sqrt(a * b)));
            }
        }
        QVERIFY2(worst < 1e-5, qPrintable(QString("cosines differ by %1").arg(worst)));
        const auto received = attentionReceivedByToken(taps.attention);
        QCOMPARE(received.size(), static_cast<std::size_t>(c.nLayers * T));
    }
};

QTEST_GUILESS_MAIN(TestSinks)
#include "test_sinks.moc"
