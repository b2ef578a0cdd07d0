// The forward pass against the reference values of ../shared/models/PROVENANCE.md (a float64
// pure-Python reference): logits within 1e-4, greedy ids exactly; then the properties that
// the analyses rely on: formats agree, batching, taps, hooks, starting from a cached stream.
#include <QTemporaryDir>
#include <QTest>
#include <ATen/Parallel.h>
#include <cmath>
#include <mutex>
#include <numeric>

#include "engine/generate.h"
#include "analysis/nll.h"
#include "engine/runtime.h"
#include "engine/side_by_side.h"
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "model/model_flops.h"
#include "model/hf_writer.h"
#include "test_support.h"

using namespace spectro;
using spectro::test::modelPath;

namespace {

std::shared_ptr<const Checkpoint> load(const std::string& relative)
{
    return std::make_shared<const Checkpoint>(loadCheckpoint(modelPath(relative)));
}

SampleTaps runOne(const Transformer& t, const std::vector<int>& ids, const std::string& taps = "all")
{
    ForwardRequest r;
    r.samples = {ids};
    r.taps = TapSet::parse(taps);
    return t.forward(r).at(0);
}

double maxAbsDiff(const Array& a, const Array& b)
{
    if (a.shape != b.shape) return INFINITY;
    double worst = 0;
    for (std::size_t i = 0; i < a.data.size(); ++i) worst = std::max(worst, double(std::abs(a.data[i] - b.data[i])));
    return worst;
}

GenerateOptions steps(int n)
{
    GenerateOptions options;
    options.steps = n;
    return options;
}

std::vector<int> parseIds(const char* text)
{
    std::vector<int> ids;
    for (const auto& s : QString(text).split(' ', Qt::SkipEmptyParts)) ids.push_back(s.toInt());
    return ids;
}

const char* kGreedy260K =
    "403 407 261 378 432 383 286 261 376 298 315 421 395 317 426 338 401 396 267 337 410 408 419 292 411 322 265 282 "
    "295 433 426 385 328 432 358 394 261 370 432 352 266 268 388 426 338 391 266 267 337 335 312 432 398 312 286 267 "
    "414 270 333 415 426 13 438 310";

}  // namespace

class TestForward : public QObject {
    Q_OBJECT
    std::unique_ptr<Transformer> stories;

private Q_SLOTS:
    void initTestCase()
    {
        SPECTRO_REQUIRE_SHARED();
        stories = std::make_unique<Transformer>(load("stories260K/stories260K.bin"));
    }

    void forwardFlopsOfLlama7b()
    {
        // LLaMa-2-7B: 32 x (4 * 4096^2 + 3 * 4096 * 11008) + 32000 * 4096 = 6,607,077,376 weights
        // in matrices (the embedding is a lookup), i.e. the usual 2 N FLOPs per token, plus QK^T
        // and PV: 2 * 2 * 4096 per layer and attended key.
        ModelConfig c;
        c.dim = 4096, c.hiddenDim = 11008, c.nLayers = 32, c.nHeads = 32, c.nKvHeads = 32, c.vocabSize = 32000;
        QCOMPARE(forwardFlops(c, 1), 2.0 * 6607077376.0 + 32 * 2 * 2 * 4096.0 * 1);
        // T = 2: three attended keys in all (1 + 2).
        QCOMPARE(forwardFlops(c, 2), 2.0 * 6607077376.0 * 2 + 32 * 2 * 2 * 4096.0 * 3);
        // Grouped-query attention shrinks W_k and W_v only: stories260K-like 64 wide, kv 32.
        ModelConfig g;
        g.dim = 64, g.hiddenDim = 172, g.nLayers = 5, g.nHeads = 8, g.nKvHeads = 4, g.vocabSize = 512;
        QCOMPARE(forwardFlops(g, 1), 2.0 * (5 * (2 * 64 * 64 + 2 * 64 * 32 + 3 * 64 * 172) + 512 * 64) + 5 * 2 * 2 * 64.0);
    }

    void smallModelsRunOnOneThread()
    {
        if (std::getenv("OMP_NUM_THREADS")) QSKIP("OMP_NUM_THREADS fixes the thread count");
        // stories260K (d = 64) was loaded in initTestCase: the rule put it on one thread.
        QCOMPARE(at::get_num_threads(), 1);
        ModelConfig wide;
        wide.dim = kSingleThreadMaxDim + 1;
        QCOMPARE(adaptThreadsToModel(wide), computeThreads());
        QCOMPARE(at::get_num_threads(), computeThreads());
        ModelConfig narrow;
        narrow.dim = kSingleThreadMaxDim;
        QCOMPARE(adaptThreadsToModel(narrow), 1);
        QCOMPARE(at::get_num_threads(), 1);
        // The cores a narrow model leaves idle take further passes; a wide model takes them all.
        QCOMPARE(concurrentPasses(), computeThreads());
        adaptThreadsToModel(wide);
        QCOMPARE(concurrentPasses(), 1);
        adaptThreadsToModel(narrow);
    }

    void nllTapMatchesTheDoubleReference()
    {
        // The engine's float32 logsumexp against analysis/nll's element-by-element double
        // log-sum-exp of the same logits; |logits| < 20 here, float32 rounding is ~1e-6.
        const std::vector<int> ids = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298};
        const auto both = runOne(*stories, ids, "logits,nll");
        const auto reference = nextTokenNll(both.logits, ids);
        QCOMPARE(both.nll.shape, (std::vector<std::int64_t>{static_cast<std::int64_t>(ids.size()) - 1}));
        for (std::size_t t = 0; t < reference.size(); ++t) QVERIFY(std::abs(both.nll.data[t] - reference[t]) <= 2e-5);
        // Asked for alone, the NLL comes without the [T, V] logits; one token predicts nothing.
        const auto alone = runOne(*stories, ids, "nll");
        QVERIFY(alone.logits.empty());
        QCOMPARE(alone.nll.data, both.nll.data);
        QCOMPARE(runOne(*stories, {1}, "nll").nll.numel(), std::int64_t{0});
    }

    void passesSideBySideAgreeWithOneBatch()
    {
        ForwardRequest r;
        r.samples = {{1, 403, 407, 261, 378, 432, 383}, {1, 385, 328}, {1}, {1, 261, 376, 298, 315}, {1, 433}};
        r.taps = TapSet::parse("all,nll");
        int calls = 0;
        std::mutex m;
        r.hook = [&](Site, int, ActivationView&) { std::lock_guard lock(m); ++calls; };
        const auto batch = stories->forward(r);
        QCOMPARE(calls, 5 * 4);
        for (int passes : {2, 3, 9}) {
            calls = 0;
            const auto split = forwardSideBySide(*stories, r, passes);
            QCOMPARE(split.size(), r.samples.size());
            QCOMPARE(calls, std::min<int>(passes, 5) * 5 * 4);  // each pass calls the hook at every site
            for (std::size_t i = 0; i < split.size(); ++i) {
                QCOMPARE(split[i].tokens, r.samples[i]);
                // Other padding, other GEMM shapes, other rounding: logits (|x| up to ~15) to 5e-5.
                QVERIFY(maxAbsDiff(split[i].logits, batch[i].logits) <= 5e-5);
                QVERIFY(maxAbsDiff(split[i].resid, batch[i].resid) <= 1e-5);
                QVERIFY(maxAbsDiff(split[i].attention, batch[i].attention) <= 1e-5);
                QVERIFY(maxAbsDiff(split[i].nll, batch[i].nll) <= 5e-5);
            }
        }
        // An error in any pass reaches the caller, once.
        r.samples[3][2] = 512;
        SPECTRO_VERIFY_ERROR(forwardSideBySide(*stories, r, 2), "token id 512");
    }

    void referenceLogits()
    {
        const auto taps = runOne(*stories, {1, 403, 407, 261, 378}, "logits");
        // PROVENANCE.md: top-5 (token, logit) per position.
        const std::vector<std::vector<std::pair<int, double>>> top5 = {
            {{403, 17.0235}, {385, 15.4062}, {410, 13.1083}, {317, 12.7692}, {407, 12.4181}},
            {{407, 18.4600}, {383, 14.2911}, {261, 10.8980}, {403, 10.6621}, {432, 10.3138}},
            {{261, 17.1370}, {407, 11.7102}, {383, 11.1694}, {286, 10.2111}, {272, 9.9222}},
            {{378, 18.8744}, {276, 11.0282}, {328, 9.8802}, {323, 8.7894}, {376, 8.1941}},
            {{432, 17.7994}, {383, 14.2813}, {322, 9.7097}, {353, 9.5873}, {323, 9.1342}}};
        for (std::size_t pos = 0; pos < top5.size(); ++pos) {
            const float* row = taps.logits.slice(static_cast<std::int64_t>(pos));
            std::vector<int> order(512);
            std::iota(order.begin(), order.end(), 0);
            std::partial_sort(order.begin(), order.begin() + 5, order.end(), [&](int a, int b) { return row[a] > row[b]; });
            for (std::size_t k = 0; k < 5; ++k) {
                QCOMPARE(order[k], top5[pos][k].first);
                // The reference has 4 decimals; 1e-4 covers its rounding plus float32 arithmetic.
                QVERIFY2(std::abs(row[top5[pos][k].first] - top5[pos][k].second) <= 1e-4,
                         qPrintable(QString("pos %1 token %2: %3").arg(pos).arg(top5[pos][k].first).arg(row[top5[pos][k].first])));
            }
        }
        const double first[] = {-6.22291, 8.40434, -6.22374, -6.22254, -6.22195};
        for (int id = 0; id < 5; ++id) QVERIFY(std::abs(taps.logits.data[static_cast<std::size_t>(id)] - first[id]) <= 1e-4);
    }

    void greedySamples()
    {
        QCOMPARE(generate(*stories, {1}, steps(64)).tokens, parseIds(kGreedy260K));
        QCOMPARE(generate(*stories, {1, 385, 328, 432, 317, 284, 316, 261, 301, 415, 414, 428, 428, 309, 415}, steps(26)).tokens,
                 parseIds("395 301 314 426 301 314 286 399 344 444 429 275 266 267 262 411 411 263 415 294 286 322 419 292 411 426"));
    }

    void babyLlama()
    {
        const Transformer baby(load("babyllama-tok105/model5000.bin"));
        const auto taps = runOne(baby, {1, 3, 34, 9, 22, 4}, "logits");
        const std::pair<int, double> top1[] = {{3, 8.3135}, {34, 8.0591}, {9, 9.8004}, {22, 8.7830}, {4, 10.4212}, {3, 10.7323}};
        for (int pos = 0; pos < 6; ++pos) {
            const float* row = taps.logits.slice(pos);
            QCOMPARE(static_cast<int>(std::max_element(row, row + 105) - row), top1[pos].first);
            QVERIFY(std::abs(row[top1[pos].first] - top1[pos].second) <= 1e-4);
        }
        QCOMPARE(generate(baby, {1}, steps(64)).tokens,
                 parseIds("3 34 9 22 4 3 18 20 7 9 3 5 3 6 10 16 4 25 3 6 8 4 13 4 3 17 5 12 3 5 3 14 10 6 6 14 4 3 21 10 "
                          "13 14 3 9 5 16 4 11 3 31 10 14 15 19 3 30 8 4 3 14 7 28 4 11"));
    }

    void formatsAgree()
    {
        const std::vector<int> ids = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376};
        const auto reference = runOne(*stories, ids, "all");
        QTemporaryDir dir;
        const std::string hf = dir.filePath("hf").toStdString();
        writeHuggingFace(loadCheckpoint(modelPath("stories260K/stories260K.gguf")), hf);
        for (const std::string& path : {modelPath("stories260K/stories260K.gguf"), hf}) {
            const Transformer other(std::make_shared<const Checkpoint>(loadCheckpoint(path)));
            const auto taps = runOne(other, ids, "all");
            QVERIFY2(maxAbsDiff(taps.logits, reference.logits) <= 1e-5, path.c_str());
            QVERIFY(maxAbsDiff(taps.resid, reference.resid) <= 1e-5);
            QVERIFY(maxAbsDiff(taps.attention, reference.attention) <= 1e-6);
        }
        // Q8_0 weights: close, and the same greedy story.
        const Transformer q80(load("stories260K/stories260K_q80.bin"));
        QVERIFY(maxAbsDiff(runOne(q80, ids, "logits").logits, reference.logits) < 0.5);
        const auto greedy = parseIds(kGreedy260K);
        QCOMPARE(generate(q80, {1}, steps(20)).tokens, std::vector<int>(greedy.begin(), greedy.begin() + 20));
    }

    void batchOfDifferentLengths()
    {
        const std::vector<int> a = {1, 403, 407, 261, 378, 432, 383}, b = {1, 385, 328}, c = {1};
        ForwardRequest r;
        r.samples = {a, b, c};
        r.taps = TapSet::parse("all");
        const auto batch = stories->forward(r);
        QCOMPARE(batch.size(), std::size_t{3});
        for (std::size_t i = 0; i < 3; ++i) {
            const auto single = runOne(*stories, r.samples[i], "all");
            QCOMPARE(batch[i].tokens, r.samples[i]);
            // Within 1e-5 of each array's range (at least 1): the linears' GEMMs have other shapes
            // in the batch, so other rounding (1.2e-5 absolute on logits of range ~10 measured in
            // the -O1 sanitizer build, whose BLAS kernels depend on the CPU).
            auto bound = [](const Array& a) {
                double range = 1;
                for (float v : a.data) range = std::max(range, double(std::abs(v)));
                return 1e-5 * range;
            };
            QVERIFY(maxAbsDiff(batch[i].logits, single.logits) <= bound(single.logits));
            QVERIFY(maxAbsDiff(batch[i].resid, single.resid) <= bound(single.resid));
            QVERIFY(maxAbsDiff(batch[i].mlpOut, single.mlpOut) <= bound(single.mlpOut));
            QVERIFY(maxAbsDiff(batch[i].attention, single.attention) <= 1e-5);  // other GEMM shapes, other rounding
        }
    }

    void longSampleAgreesWithItsBatch()
    {
        // A single 512-token sample on one thread runs attention head by head (taps written in
        // place); in a padded batch it runs all heads at once and is copied out: same values.
        std::vector<int> ids{1};
        for (int i = 1; i < 512; ++i) ids.push_back(3 + (i * 37) % 509);
        const auto single = runOne(*stories, ids, "all,nll");
        ForwardRequest r;
        r.samples = {ids, {1, 403, 407}};
        r.taps = TapSet::parse("all,nll");
        const auto batch = stories->forward(r).at(0);
        QVERIFY(maxAbsDiff(single.attention, batch.attention) <= 1e-5);
        QVERIFY(maxAbsDiff(single.attnOut, batch.attnOut) <= 1e-5);
        QVERIFY(maxAbsDiff(single.resid, batch.resid) <= 1e-4);
        QVERIFY(maxAbsDiff(single.logits, batch.logits) <= 1e-4);
        QVERIFY(maxAbsDiff(single.nll, batch.nll) <= 1e-4);
        // And the logits without taps, which skip the probabilities' tap and so take the fused
        // attention kernel (engine/causal_attention.h): float32 rounding of another summation
        // order, within 1e-5 of the logits' range.
        const Array untapped = runOne(*stories, ids, "logits").logits;
        double range = 0;
        for (float v : single.logits.data) range = std::max(range, double(std::abs(v)));
        const double error = maxAbsDiff(untapped, single.logits);
        QVERIFY2(error <= 1e-5 * range, qPrintable(QStringLiteral("error %1, range %2").arg(error).arg(range)));
    }

    void tapsAreConsistent()
    {
        const std::vector<int> ids = {1, 403, 407, 261, 378, 432, 383, 286};
        const auto t = runOne(*stories, ids, "all");
        const std::int64_t T = 8, d = 64, L = 5, H = 8;
        QCOMPARE(t.resid.shape, (std::vector<std::int64_t>{L + 1, T, d}));
        QCOMPARE(t.attention.shape, (std::vector<std::int64_t>{L, H, T, T}));
        const Checkpoint& ck = stories->checkpoint();
        const auto emb = ck.tensor("token_embedding").toFloat();
        for (std::int64_t p = 0; p < T; ++p)
            for (std::int64_t i = 0; i < d; ++i) QCOMPARE(t.resid.data[static_cast<std::size_t>(p * d + i)], emb[static_cast<std::size_t>(ids[static_cast<std::size_t>(p)] * d + i)]);
        for (std::int64_t l = 0; l < L; ++l) {
            for (std::int64_t k = 0; k < T * d; ++k) {
                const float mid = t.residMid.slice(l)[k];
                QVERIFY(std::abs(mid - (t.resid.slice(l)[k] + t.attnOut.slice(l)[k])) <= 1e-5);
                QVERIFY(std::abs(t.resid.slice(l + 1)[k] - (mid + t.mlpOut.slice(l)[k])) <= 1e-5);
            }
            for (std::int64_t h = 0; h < H; ++h) {
                for (std::int64_t q = 0; q < T; ++q) {
                    const float* row = t.attention.data.data() + ((l * H + h) * T + q) * T;
                    double sum = 0;
                    for (std::int64_t k = 0; k < T; ++k) {
                        sum += row[k];
                        if (k > q) QCOMPARE(row[k], 0.0f);  // causal
                    }
                    QVERIFY(std::abs(sum - 1.0) <= 1e-5);
                }
            }
        }
    }

    void startFromCachedStream()
    {
        const std::vector<int> ids = {1, 403, 407, 261, 378, 432};
        const auto full = runOne(*stories, ids, "all");
        for (int start : {1, 3, 5}) {
            ForwardRequest r;
            r.samples = {ids};
            r.taps = TapSet::parse("all");
            r.startLayer = start;
            Array resid({6, 64});
            std::copy(full.resid.slice(start), full.resid.slice(start) + 6 * 64, resid.data.begin());
            r.startResid = {resid};
            const auto part = stories->forward(r).at(0);
            QVERIFY(maxAbsDiff(part.logits, full.logits) <= 1e-6);
            for (int l = start; l <= 5; ++l) {
                for (std::int64_t k = 0; k < 6 * 64; ++k) QCOMPARE(part.resid.slice(l)[k], full.resid.slice(l)[k]);
            }
        }
    }

    void hooksReplaceActivations()
    {
        const std::vector<int> ids = {1, 403, 407, 261, 378};
        const auto plain = runOne(*stories, ids, "all");
        ForwardRequest r;
        r.samples = {ids};
        r.taps = TapSet::parse("all");
        int calls = 0;
        r.hook = [&](Site, int, ActivationView&) { ++calls; };
        QVERIFY(maxAbsDiff(stories->forward(r).at(0).logits, plain.logits) == 0.0);
        QCOMPARE(calls, 5 * 4);
        // Deleting the MLP output of layer 2 makes resid[3] equal resid_mid[2].
        r.hook = [](Site site, int layer, ActivationView& v) {
            if (site == Site::MlpOut && layer == 2) std::fill(v.data, v.data + v.batch * v.tokens * v.dim, 0.0f);
        };
        const auto cut = stories->forward(r).at(0);
        for (std::int64_t k = 0; k < 5 * 64; ++k) QCOMPARE(cut.resid.slice(3)[k], cut.residMid.slice(2)[k]);
        QVERIFY(maxAbsDiff(cut.logits, plain.logits) > 0.1);
        QVERIFY(maxAbsDiff(cut.resid, plain.resid) > 0);
    }

    void badInput()
    {
        ForwardRequest r;
        r.taps = TapSet::parse("logits");
        SPECTRO_VERIFY_ERROR(stories->forward(r), "no samples");
        r.samples = {{1, 512}};
        SPECTRO_VERIFY_ERROR(stories->forward(r), "token id 512");
        r.samples = {{}};
        SPECTRO_VERIFY_ERROR(stories->forward(r), "no tokens");
        SPECTRO_VERIFY_ERROR(TapSet::parse("resid,bogus"), "bogus");
        if (!cudaAvailable()) SPECTRO_VERIFY_ERROR(Transformer(load("stories260K/stories260K.bin"), {"cuda:0"}), "without CUDA");
        SPECTRO_VERIFY_ERROR(Transformer(load("stories260K/stories260K.bin"), {"tpu"}), "device 'tpu'");
    }

    void cancellation()
    {
        ForwardRequest r;
        r.samples = {{1, 403, 407}};
        int calls = 0;
        QVERIFY_THROWS_EXCEPTION(Cancelled, stories->forward(r, [&](double, std::string_view) { return ++calls < 3; }));
        QCOMPARE(calls, 3);
        QVERIFY_THROWS_EXCEPTION(Cancelled, generate(*stories, {1}, steps(10), [](double f, std::string_view) { return f < 0.5; }));
    }
};

QTEST_APPLESS_MAIN(TestForward)
#include "test_forward.moc"
