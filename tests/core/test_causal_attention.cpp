// The fused causal attention kernel (core/engine/causal_attention.h) against attention computed
// here in float64 from its definition, for every head size it has, grouped-query sharing, token
// counts that are and are not multiples of its 8-float blocks, peaked softmax rows, and both of
// its builds (AVX2 and baseline); then the forward pass through it against libtorch's route.
#include <QTest>
#include <cmath>
#include <random>
#include <vector>

#include "engine/causal_attention.h"
#include "engine/runtime.h"
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "model/default_model.h"
#include "test_support.h"

using namespace spectro;

namespace {

struct Heads {
    std::int64_t batch, tokens, heads, kvHeads, headDim;
    std::vector<float> q, k, v;
};

Heads randomHeads(std::int64_t batch, std::int64_t tokens, std::int64_t heads, std::int64_t kvHeads, std::int64_t hd,
                  float spread, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, spread);
    Heads h{batch, tokens, heads, kvHeads, hd, {}, {}, {}};
    h.q.resize(static_cast<std::size_t>(batch * tokens * heads * hd));
    h.k.resize(static_cast<std::size_t>(batch * tokens * kvHeads * hd));
    h.v.resize(h.k.size());
    for (float& x : h.q) x = normal(rng);
    for (float& x : h.k) x = normal(rng);
    for (float& x : h.v) x = normal(rng) / spread;
    return h;
}

// softmax_j<=i(scale q_i . k_j) v_j in float64, straight from the definition; `maxScore` gets
// the largest |score|.
std::vector<double> reference(const Heads& h, double scale, double* maxScore)
{
    *maxScore = 0;
    const std::int64_t T = h.tokens, H = h.heads, KV = h.kvHeads, hd = h.headDim;
    std::vector<double> out(h.q.size());
    for (std::int64_t b = 0; b < h.batch; ++b) {
        for (std::int64_t head = 0; head < H; ++head) {
            const std::int64_t g = head / (H / KV);
            for (std::int64_t i = 0; i < T; ++i) {
                std::vector<double> s(static_cast<std::size_t>(i + 1));
                double max = -INFINITY;
                for (std::int64_t j = 0; j <= i; ++j) {
                    double dot = 0;
                    for (std::int64_t d = 0; d < hd; ++d) {
                        dot += double(h.q[static_cast<std::size_t>(((b * T + i) * H + head) * hd + d)]) *
                               double(h.k[static_cast<std::size_t>(((b * T + j) * KV + g) * hd + d)]);
                    }
                    s[static_cast<std::size_t>(j)] = scale * dot;
                    max = std::max(max, scale * dot);
                    *maxScore = std::max(*maxScore, std::abs(scale * dot));
                }
                double sum = 0;
                for (double& x : s) sum += (x = std::exp(x - max));
                for (std::int64_t d = 0; d < hd; ++d) {
                    double o = 0;
                    for (std::int64_t j = 0; j <= i; ++j) {
                        o += s[static_cast<std::size_t>(j)] *
                             double(h.v[static_cast<std::size_t>(((b * T + j) * KV + g) * hd + d)]);
                    }
                    out[static_cast<std::size_t>(((b * T + i) * H + head) * hd + d)] = o / sum;
                }
            }
        }
    }
    return out;
}

// The kernel's arguments for `h`, writing into `out`.
CausalAttentionArgs argsFor(const Heads& h, float* out, float scale)
{
    CausalAttentionArgs a;
    a.q = h.q.data();
    a.k = h.k.data();
    a.v = h.v.data();
    a.out = out;
    a.batch = h.batch;
    a.tokens = h.tokens;
    a.heads = h.heads;
    a.kvHeads = h.kvHeads;
    a.headDim = h.headDim;
    a.scale = scale;
    return a;
}

std::vector<float> fused(const Heads& h, float scale, AttentionIsa isa, std::int64_t split = 0)
{
    std::vector<float> out(h.q.size(), -7.0f);
    const CausalAttentionArgs a = argsFor(h, out.data(), scale);
    const std::int64_t all = h.batch * h.heads;
    if (split > 0 && split < all) {  // two callers, as two threads would
        causalAttention(a, 0, split, isa);
        causalAttention(a, split, all, isa);
    } else {
        causalAttention(a, 0, all, isa);
    }
    return out;
}

double errorOverRange(const std::vector<float>& got, const std::vector<double>& want)
{
    double range = 0, error = 0;
    for (std::size_t i = 0; i < want.size(); ++i) {
        range = std::max(range, std::abs(want[i]));
        error = std::max(error, std::abs(double(got[i]) - want[i]));
        if (!std::isfinite(got[i])) return INFINITY;
    }
    return error / range;
}

// Float32 rounding of the scores, exp and sums: a few 1e-7 of the output's range measured
// (2.3e-7 at most over the rows with scores below 10); the bound leaves room for other
// compilers' contractions. A float32 score s is off by about |s| 2^-24, and so is its weight
// e^s, whoever computes it: the bound grows with the largest score (the peaked rows' reach
// about 100: 2.7e-6 measured).
constexpr double kTolerance = 2e-6;

}  // namespace

class TestCausalAttention : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTheDefinition_data()
    {
        QTest::addColumn<int>("headDim");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<float>("spread");
        QTest::addColumn<bool>("baseline");
        for (const bool baseline : {false, true}) {
            for (const int hd : {8, 16, 32}) {
                for (const int T : {1, 7, 8, 9, 64, 131}) {
                    const QByteArray name = QStringLiteral("hd%1 T%2 %3").arg(hd).arg(T).arg(baseline ? "baseline" : "best").toUtf8();
                    QTest::newRow(name.constData()) << hd << 4 << 2 << T << 1.0f << baseline;
                }
            }
            // No sharing, one kv head for all, and rows so peaked that most weights underflow.
            QTest::newRow(baseline ? "mha baseline" : "mha best") << 16 << 3 << 3 << 40 << 1.0f << baseline;
            QTest::newRow(baseline ? "mqa baseline" : "mqa best") << 8 << 4 << 1 << 40 << 1.0f << baseline;
            QTest::newRow(baseline ? "peaked baseline" : "peaked best") << 8 << 2 << 2 << 50 << 6.0f << baseline;
        }
    }

    void matchesTheDefinition()
    {
        QFETCH(int, headDim);
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, tokens);
        QFETCH(float, spread);
        QFETCH(bool, baseline);
        const Heads h = randomHeads(2, tokens, heads, kvHeads, headDim, spread, 7u + static_cast<unsigned>(tokens));
        const float scale = 1.0f / std::sqrt(static_cast<float>(headDim));
        double maxScore = 0;
        const std::vector<double> want = reference(h, scale, &maxScore);
        const double tolerance = kTolerance * std::max(1.0, maxScore / 10);
        const std::vector<float> got =
            fused(h, scale, baseline ? AttentionIsa::Baseline : AttentionIsa::Best, /*split=*/3);
        const double error = errorOverRange(got, want);
        QVERIFY2(error <= tolerance,
                 qPrintable(QStringLiteral("error %1 of the range (scores up to %2)").arg(error).arg(maxScore)));
    }

    // The probability tap: each batch row's own length (a padded batch), zeros above the diagonal.
    void writesTheProbabilitiesOfEachRowsLength()
    {
        const std::int64_t T = 37, H = 4, KV = 2, hd = 16;
        const Heads h = randomHeads(2, T, H, KV, hd, 1.0f, 11);
        const float scale = 0.25f;
        const std::int64_t lengths[2] = {T, 23};
        std::vector<float> tap0(static_cast<std::size_t>(H * T * T), -1.0f), tap1(static_cast<std::size_t>(H * 23 * 23), -1.0f);
        float* const probs[2] = {tap0.data(), tap1.data()};
        std::vector<float> out(h.q.size());
        CausalAttentionArgs a = argsFor(h, out.data(), scale);
        a.probs = probs;
        a.lengths = lengths;
        causalAttention(a, 0, 2 * H);
        double worst = 0;
        for (std::int64_t b = 0; b < 2; ++b) {
            const std::int64_t L = lengths[b];
            for (std::int64_t head = 0; head < H; ++head) {
                const std::int64_t g = head / (H / KV);
                for (std::int64_t i = 0; i < L; ++i) {
                    std::vector<double> s(static_cast<std::size_t>(i + 1));
                    double max = -INFINITY, sum = 0;
                    for (std::int64_t j = 0; j <= i; ++j) {
                        double dot = 0;
                        for (std::int64_t d = 0; d < hd; ++d) {
                            dot += double(h.q[static_cast<std::size_t>(((b * T + i) * H + head) * hd + d)]) *
                                   double(h.k[static_cast<std::size_t>(((b * T + j) * KV + g) * hd + d)]);
                        }
                        max = std::max(max, s[static_cast<std::size_t>(j)] = scale * dot);
                    }
                    for (double& x : s) sum += (x = std::exp(x - max));
                    const float* row = probs[b] + (head * L + i) * L;
                    for (std::int64_t j = 0; j < L; ++j) {
                        const double want = j <= i ? s[static_cast<std::size_t>(j)] / sum : 0.0;
                        if (j > i) QCOMPARE(row[j], 0.0f);
                        worst = std::max(worst, std::abs(double(row[j]) - want));
                    }
                }
            }
        }
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));  // probabilities: range 1
        // Padded rows of the shorter sample are not the tap's: its array holds exactly 23 x 23 per head.
        QCOMPARE(tap1.size(), std::size_t(H * 23 * 23));
        const std::int64_t tooLong[2] = {T, T + 1};
        a.lengths = tooLong;
        QVERIFY_THROWS_EXCEPTION(Error, causalAttention(a, 0, 2 * H));
    }

    void bothBuildsAgree()
    {
        const Heads h = randomHeads(2, 77, 4, 2, 16, 1.0f, 3);
        const std::vector<float> best = fused(h, 0.25f, AttentionIsa::Best);
        const std::vector<float> base = fused(h, 0.25f, AttentionIsa::Baseline);
        double worst = 0;
        for (std::size_t i = 0; i < best.size(); ++i) worst = std::max(worst, double(std::abs(best[i] - base[i])));
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
    }

    void nanStaysInItsHead()
    {
        Heads h = randomHeads(1, 20, 2, 2, 8, 1.0f, 5);
        h.q[static_cast<std::size_t>((5 * 2 + 1) * 8 + 3)] = NAN;  // token 5, head 1
        const std::vector<float> out = fused(h, 0.3f, AttentionIsa::Best);
        for (std::int64_t t = 0; t < 20; ++t) {
            for (std::int64_t head = 0; head < 2; ++head) {
                const float x = out[static_cast<std::size_t>((t * 2 + head) * 8)];
                if (t == 5 && head == 1) QVERIFY(std::isnan(x));
                else QVERIFY(std::isfinite(x));
            }
        }
    }

    void refusesWhatItHasNoKernelFor()
    {
        QVERIFY(!fusedAttentionSupports(64));
        QVERIFY(!fusedAttentionSupports(12));
        Heads h = randomHeads(1, 4, 2, 2, 8, 1.0f, 1);
        std::vector<float> out(h.q.size());
        CausalAttentionArgs a = argsFor(h, out.data(), 1.0f);
        a.headDim = 64;
        QVERIFY_THROWS_EXCEPTION(Error, causalAttention(a, 0, 2));
        a.headDim = 8;
        QVERIFY_THROWS_EXCEPTION(Error, causalAttention(a, 0, 3));
    }

    // The whole pass through the kernel against libtorch's route on the same model: stories260K
    // (head_dim 8, grouped-query) and the demo model (16), a padded batch of two lengths.
    void forwardThroughItEqualsLibtorchsRoute_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("stories260K") << QString::fromStdString(test::modelPath("stories260K/stories260K.bin"));
        QTest::newRow("demo") << QString::fromStdString(defaultModelPath());
    }

    void forwardThroughItEqualsLibtorchsRoute()
    {
        QFETCH(QString, model);
        const Transformer t(std::make_shared<const Checkpoint>(loadCheckpoint(model.toStdString())));
        ForwardRequest r;
        std::vector<int> a, b;
        for (int i = 0; i < 150; ++i) a.push_back(1 + (i * 37) % 400);
        for (int i = 0; i < 97; ++i) b.push_back(1 + (i * 11) % 300);
        r.samples = {a, b};
        r.taps = TapSet::parse("logits,resid,attn_out,attn");
        setFusedAttentionEnabled(true);
        const std::vector<SampleTaps> viaKernel = t.forward(r);
        setFusedAttentionEnabled(false);
        const std::vector<SampleTaps> viaLibtorch = t.forward(r);
        setFusedAttentionEnabled(true);
        for (std::size_t s = 0; s < 2; ++s) {
            for (auto field : {&SampleTaps::logits, &SampleTaps::resid, &SampleTaps::attnOut, &SampleTaps::attention}) {
                const Array& x = viaKernel[s].*field;
                const Array& y = viaLibtorch[s].*field;
                QCOMPARE(x.shape, y.shape);
                double range = 0, error = 0;
                for (std::size_t i = 0; i < x.data.size(); ++i) {
                    range = std::max(range, double(std::abs(y.data[i])));
                    error = std::max(error, double(std::abs(x.data[i] - y.data[i])));
                }
                QVERIFY2(error <= 1e-5 * range, qPrintable(QStringLiteral("error %1 of range %2").arg(error).arg(range)));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestCausalAttention)
#include "test_causal_attention.moc"
