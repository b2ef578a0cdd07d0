// The figure builders against the hand-built cache of test_figures_support.h, whose answers are
// computed on paper: every figure, both from /analysis (as `spectroscope-cli analyze` stores it)
// and computed from the taps when the cache holds no analysis; token labels from the cache's
// vocabulary; what each builder reads; and the one-line errors for what a cache lacks.
// Tolerance: 1e-5 relative (the taps are float32, the expected values double).
#include "figures/figure_builders.h"
#include "model/checkpoint.h"
#include "spectral/spectrum.h"
#include "store/cache_reader.h"
#include "test_figures_support.h"
#include "test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <cmath>
#include <thread>

using namespace spectro;
using namespace spectro::figures;
namespace hand = spectro::test::hand;

namespace {

bool close(double actual, double expected, double tolerance = 1e-5)
{
    if (std::isnan(expected)) return std::isnan(actual);
    return std::abs(actual - expected) <= tolerance * std::max(1.0, std::abs(expected));
}

#define EXPECT_CLOSE(actual, expected)                                                                                 \
    QVERIFY2(close((actual), (expected)),                                                                              \
             qPrintable(                                                                                               \
                 QString("%1 = %2, expected %3").arg(#actual).arg((actual), 0, 'g', 10).arg((expected), 0, 'g', 10)))

Spectrum handSpectrum(bool unembed)
{
    Spectrum s;
    s.matrix = unembed ? SpectralMatrix::Unembed : SpectralMatrix::Embed;
    s.dim = s.rank = hand::kDim;
    s.singularValues = unembed ? std::vector<double>{4, 3, 2, 1} : std::vector<double>{5, 4, 3, 2};
    s.vectors = unembed ? hand::unembedVectors() : hand::embedVectors();
    return s;
}

// A weight matrix with no structure a mistake could hide behind.
std::vector<float> weights(int rows, int cols, int seed)
{
    std::vector<float> w;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) w.push_back(static_cast<float>(std::sin(1.0 + seed + 7 * r + 3 * c)));
    return w;
}

std::uint64_t vocabularyBytes()
{
    std::uint64_t n = 0;
    for (const auto& piece : hand::vocabulary()) n += piece.size();
    return n;
}

} // namespace

class TestFigureBuilders : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    std::string plain, analysed; // the hand cache without and with /analysis
    QString spectra;             // spectrum store for the CLI

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(tmp.isValid());
        plain = tmp.filePath("hand.h5").toStdString();
        analysed = tmp.filePath("hand-analysed.h5").toStdString();
        spectra = tmp.filePath("spectra");
        hand::writeCache(plain);
        QVERIFY(QFile::copy(QString::fromStdString(plain), QString::fromStdString(analysed)));
        // The real `analyze`, with HMLV eligibility widened to these 2 layers and short samples.
        const auto r = test::runCli({"analyze", QString::fromStdString(analysed), "--bands", "2", "--hmlv-first-layer",
                                     "0", "--hmlv-exclude-last", "1", "--summary", tmp.filePath("summary.csv")},
                                    spectra);
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    void tokenLabelsComeFromTheCachesVocabulary()
    {
        const CacheReader cache(plain);
        for (int sample = 0; sample < 3; ++sample) {
            const TokenLabels labels = cacheTokenLabels(cache, sample);
            QCOMPARE(static_cast<int>(labels.size()), hand::samples()[static_cast<std::size_t>(sample)].T);
            for (std::size_t t = 0; t < labels.size(); ++t) {
                QCOMPARE(labels.ids[t], hand::tokenId(sample, static_cast<int>(t)));
                QCOMPARE(labels.pieces[t], hand::displayed(labels.ids[t]));
            }
        }
        // A cache without /vocabulary (written before it existed) labels tokens "#id".
        const std::string old = tmp.filePath("old.h5").toStdString();
        hand::writeCache(old, true, false);
        const CacheReader oldCache(old);
        QVERIFY(!oldCache.hasVocabulary());
        const TokenLabels labels = cacheTokenLabels(oldCache, 0);
        QCOMPARE(labels.pieces[0], std::string("#1"));
        QCOMPARE(labels.pieces[1], "#" + std::to_string(hand::tokenId(0, 1)));
    }

    void spectrumFigureReadsValuesNotVectors()
    {
        const CacheReader cache(plain);
        const SpectrumFigure u = buildSpectrumFigure(cache, "unembed");
        QCOMPARE(u.singularValues, (std::vector<double>{4, 3, 2, 1}));
        QCOMPARE(u.bandEdges, hand::bandEdges());
        QCOMPARE(u.rank, 4);
        QCOMPARE(u.provenance.at("model_fingerprint"), std::string("feedc0de"));
        // Four singular values and three edges: nothing of the [d, d] vectors.
        QCOMPARE(cache.bytesRead(), std::uint64_t{4 * 8 + 3 * 4 + 3 * 4}); // (the edges twice)
        QCOMPARE(buildSpectrumFigure(cache, "embed").singularValues, (std::vector<double>{5, 4, 3, 2}));
        const SpectrumFigure fromModel = buildSpectrumFigure(handSpectrum(true), makeBands(4, 2));
        QCOMPARE(fromModel.singularValues, u.singularValues);
        QCOMPARE(fromModel.bandEdges, u.bandEdges);
        SPECTRO_VERIFY_ERROR(buildSpectrumFigure(cache, "wq"), "neither");
        const std::string bare = tmp.filePath("bare.h5").toStdString();
        hand::writeCache(bare, false);
        SPECTRO_VERIFY_ERROR(buildSpectrumFigure(CacheReader(bare), "unembed"), "stores no spectrum");
    }

    void attentionReceivedPerHeadAndAveraged()
    {
        for (const std::string& path : {plain, analysed}) {
            const CacheReader cache(path);
            for (int sample : {0, 1}) {
                const int T = hand::samples()[static_cast<std::size_t>(sample)].T;
                for (int layer = 0; layer < hand::kLayers; ++layer) {
                    for (int head = -1; head < hand::kHeads; ++head) {
                        const auto f = buildAttentionReceivedFigure(cache, sample, layer, head);
                        QCOMPARE(static_cast<int>(f.mean.size()), T);
                        QCOMPARE(f.tokens.pieces[1], hand::displayed(hand::tokenId(sample, 1)));
                        for (int t = 0; t < T; ++t) {
                            const auto [mean, variance] = hand::received(layer, head, t, T);
                            EXPECT_CLOSE(f.mean[static_cast<std::size_t>(t)], mean);
                            EXPECT_CLOSE(f.variance[static_cast<std::size_t>(t)], variance);
                        }
                    }
                }
            }
            SPECTRO_VERIFY_ERROR(buildAttentionReceivedFigure(cache, 2, 0, 0), "no attn tap");
            SPECTRO_VERIFY_ERROR(buildAttentionReceivedFigure(cache, 7, 0, 0), "sample 7 is not in the cache");
            SPECTRO_VERIFY_ERROR(buildAttentionReceivedFigure(cache, 0, 2, 0), "layer 2 is outside 0..1");
            SPECTRO_VERIFY_ERROR(buildAttentionReceivedFigure(cache, 0, 0, 2), "head 2 is outside -1..1");
        }
        // The head average with an analysis reads one row of each statistic, not the attention.
        const CacheReader cache(analysed);
        const std::uint64_t before = cache.bytesRead();
        buildAttentionReceivedFigure(cache, 1, 1, -1);
        const std::uint64_t tokens = 6 * 4, rows = 2 * 6 * 4;
        QCOMPARE(cache.bytesRead() - before, tokens + vocabularyBytes() + rows);
    }

    void attentionPatternOfOneHeadAndTheMean()
    {
        const CacheReader cache(plain);
        const int T = 6;
        for (int layer = 0; layer < hand::kLayers; ++layer) {
            for (int head = -1; head < hand::kHeads; ++head) {
                const std::uint64_t before = cache.bytesRead();
                const auto f = buildAttentionPatternFigure(cache, 1, layer, head);
                QCOMPARE(f.size, T);
                for (int q = 0; q < T; ++q) {
                    for (int k = 0; k < T; ++k) {
                        double expected = 0;
                        if (head >= 0)
                            expected = hand::attention(layer, head, q, k);
                        else
                            expected = (hand::attention(layer, 0, q, k) + hand::attention(layer, 1, q, k)) / 2;
                        EXPECT_CLOSE(f.probs[static_cast<std::size_t>(q * T + k)], expected);
                    }
                }
                // One head: one [T, T] map; the mean: one per head, never the other layer.
                const std::uint64_t maps = head >= 0 ? 1 : hand::kHeads;
                QCOMPARE(cache.bytesRead() - before, maps * T * T * 4 + T * 4 + vocabularyBytes());
            }
        }
    }

    void sinkGridOverSamplesWithAttention()
    {
        const CacheReader cache(plain);
        for (int firstQuery : {1, 3}) {
            const SinkGridFigure f = buildSinkGridFigure(cache, {}, firstQuery);
            QCOMPARE(f.samples, 2); // sample 2 has no attn tap
            double uniform = 0;
            int queries = 0;
            for (int T : {5, 6}) {
                for (int q = firstQuery; q < T; ++q) uniform += 1.0 / (q + 1), ++queries;
            }
            uniform /= queries;
            EXPECT_CLOSE(f.uniformLevel, uniform);
            for (int l = 0; l < hand::kLayers; ++l) {
                for (int h = 0; h < hand::kHeads; ++h) {
                    EXPECT_CLOSE(f.bosAttention[static_cast<std::size_t>(l * hand::kHeads + h)],
                                 hand::uniformHead(l, h) ? uniform : 1.0);
                }
            }
        }
        const SinkGridFigure one = buildSinkGridFigure(cache, {0}, 1);
        QCOMPARE(one.samples, 1);
        EXPECT_CLOSE(one.uniformLevel, (1.0 / 2 + 1.0 / 3 + 1.0 / 4 + 1.0 / 5) / 4);
        SPECTRO_VERIFY_ERROR(buildSinkGridFigure(cache, {2}), "no chosen sample has it");
        // Cancelled after the first sample: no figure, and the progress ran 0, 1/3, ...
        std::vector<double> seen;
        const auto cancelSecond = [&seen](double fraction, std::string_view) {
            seen.push_back(fraction);
            return seen.size() < 2;
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, buildSinkGridFigure(cache, {}, 1, cancelSecond));
        QCOMPARE(seen, (std::vector<double>{0.0, 1.0 / 3}));
        seen.clear();
        QVERIFY_THROWS_EXCEPTION(Cancelled, buildHmlvFigure(cache, {}, {}, cancelSecond));
        QCOMPARE(seen.size(), std::size_t{2});
        SPECTRO_VERIFY_ERROR(buildSinkGridFigure(cache, {0}, 5), "too short");
        SPECTRO_VERIFY_ERROR(buildSinkGridFigure(cache, {0}, 0), "first query");
    }

    void darkRatiosFromAnalysisAndFromTheTaps()
    {
        for (const std::string& path : {plain, analysed}) {
            const CacheReader cache(path);
            QCOMPARE(cache.hasAnalysis("udr/000000"), path == analysed);
            for (int sample = 0; sample < 3; ++sample) {
                for (const bool unembed : {true, false}) {
                    const auto f = buildDarkRatioFigure(cache, sample, unembed ? "unembed" : "embed");
                    const int T = hand::samples()[static_cast<std::size_t>(sample)].T;
                    QCOMPARE(f.streams, hand::kLayers + 1);
                    QCOMPARE(static_cast<int>(f.ratio.size()), f.streams * T);
                    for (int s = 0; s < f.streams; ++s)
                        for (int t = 0; t < T; ++t)
                            EXPECT_CLOSE(f.ratio[static_cast<std::size_t>(s * T + t)],
                                         hand::darkRatio(hand::resid(sample, s, t), unembed));
                }
            }
        }
        // Without /spectrum and /analysis the model's spectrum is needed, and then enough.
        const std::string bare = tmp.filePath("bare2.h5").toStdString();
        hand::writeCache(bare, false);
        const CacheReader cache(bare);
        SPECTRO_VERIFY_ERROR(buildDarkRatioFigure(cache, 0, "unembed"), "open the model");
        const Spectrum u = handSpectrum(true);
        ModelInputs model;
        model.unembed = &u;
        const auto f = buildDarkRatioFigure(cache, 0, "unembed", model);
        // No band edges stored: 20 bands, here d = 4 of them, so band N is v_3 alone.
        const hand::Vec h = hand::resid(0, 1, 2);
        double c[4] = {};
        for (int i = 0; i < 4; ++i)
            for (int r = 0; r < 4; ++r) c[i] += hand::unembedVector(i, r) * h[static_cast<std::size_t>(r)];
        EXPECT_CLOSE(f.ratio[7], std::sqrt(c[3] * c[3] / (c[0] * c[0] + c[1] * c[1] + c[2] * c[2])));
        SPECTRO_VERIFY_ERROR(buildDarkRatioFigure(cache, 0, "embed", model), "W_e");
    }

    void spectrogramBothAxes()
    {
        using Axis = SpectrogramFigure::Axis;
        for (const std::string& path : {plain, analysed}) {
            const CacheReader cache(path);
            const auto byStream = buildSpectrogramFigure(cache, 1, Axis::StreamByBand, 4);
            QCOMPARE(byStream.rows, hand::kLayers + 1);
            QCOMPARE(byStream.bands, hand::kBands);
            for (int s = 0; s < byStream.rows; ++s) {
                const auto e = hand::energies(hand::resid(1, s, 4));
                for (int j = 0; j < 2; ++j)
                    EXPECT_CLOSE(byStream.energy[static_cast<std::size_t>(s * 2 + j)], e[static_cast<std::size_t>(j)]);
            }
            const auto byToken = buildSpectrogramFigure(cache, 0, Axis::TokenByBand, 2);
            QCOMPARE(byToken.rows, 5);
            for (int t = 0; t < 5; ++t) {
                const auto e = hand::energies(hand::resid(0, 2, t));
                for (int j = 0; j < 2; ++j)
                    EXPECT_CLOSE(byToken.energy[static_cast<std::size_t>(t * 2 + j)], e[static_cast<std::size_t>(j)]);
            }
            SPECTRO_VERIFY_ERROR(buildSpectrogramFigure(cache, 0, Axis::StreamByBand, 5), "token 5 is outside 0..4");
            SPECTRO_VERIFY_ERROR(buildSpectrogramFigure(cache, 0, Axis::TokenByBand, 3), "stream 3 is outside 0..2");
        }
        // From /analysis: one token's row of every stream, [3, 1, 2] floats.
        const CacheReader cache(analysed);
        const std::uint64_t before = cache.bytesRead();
        buildSpectrogramFigure(cache, 1, SpectrogramFigure::Axis::StreamByBand, 4);
        QCOMPARE(cache.bytesRead() - before, 6 * 4 + vocabularyBytes() + 3 * 2 * 4);
    }

    void bosStoryFromAttnAndMlpOutOrFromResidMid()
    {
        for (int sample : {0, 1}) { // 0 stores attn_out and mlp_out, 1 only resid_mid
            const CacheReader cache(plain);
            const BosStoryFigure f = buildBosStoryFigure(cache, sample);
            QCOMPARE(static_cast<int>(f.rows.size()), hand::kLayers + 1);
            int blastOff = -1;
            double largest = -1;
            for (int s = 0; s <= hand::kLayers; ++s) {
                const auto& r = f.rows[static_cast<std::size_t>(s)];
                const hand::Vec h = hand::resid(sample, s, 0);
                const auto e = hand::energies(h);
                QCOMPARE(r.stream, s);
                EXPECT_CLOSE(r.norm, hand::norm(h));
                EXPECT_CLOSE(r.udarkNorm, std::sqrt(e[1]));
                EXPECT_CLOSE(r.ulightNorm, std::sqrt(e[0]));
                EXPECT_CLOSE(r.udr, hand::darkRatio(h));
                if (s == 0) {
                    QCOMPARE(r.attnNorm, 0.0);
                    continue;
                }
                const hand::Vec a = hand::attnOut(sample, s - 1, 0), m = hand::mlpOut(sample, s - 1, 0);
                EXPECT_CLOSE(r.attnNorm, hand::norm(a));
                EXPECT_CLOSE(r.attnUdarkNorm, std::sqrt(hand::energies(a)[1]));
                EXPECT_CLOSE(r.mlpNorm, hand::norm(m));
                EXPECT_CLOSE(r.mlpUdarkNorm, std::sqrt(hand::energies(m)[1]));
                if (std::sqrt(hand::energies(m)[1]) > largest)
                    largest = std::sqrt(hand::energies(m)[1]), blastOff = s - 1;
            }
            QCOMPARE(f.blastOffLayer, blastOff);
            // Position 0 only: L+1 resid vectors, and L attn_out + L mlp_out (sample 0) or L
            // resid_mid (sample 1) vectors; then the stored spectrum (4 + 16 doubles, 3 edges)
            // and the band edges again with the singular values (cacheBands).
            const std::uint64_t vectors = sample == 0 ? 3 + 2 + 2 : 3 + 2;
            QCOMPARE(cache.bytesRead(), vectors * 4 * 4 + (4 + 16) * 8 + 3 * 4 + 3 * 4);
        }
        SPECTRO_VERIFY_ERROR(buildBosStoryFigure(CacheReader(plain), 2), "attn_out and mlp_out");
    }

    void hmlvAsAnalyzeCountsIt()
    {
        for (const std::string& path : {plain, analysed}) {
            const CacheReader cache(path);
            const HmlvFigure f = buildHmlvFigure(cache);
            const bool fromAnalysis = path == analysed;
            // The analysis was made with first layer 0 and 1 excluded last token; without one the
            // paper's defaults apply (first layer 4: nothing in these 2 layers is eligible).
            QCOMPARE(f.firstLayer, fromAnalysis ? 0 : 4);
            QCOMPARE(f.excludeLast, fromAnalysis ? 1 : 4);
            QCOMPARE(f.layers, 2);
            std::size_t point = 0;
            std::vector<int> pairs(2, 0), flagged(2, 0);
            std::vector<double> udrHmlv(2, 0), udrRest(2, 0);
            for (int sample : {0, 1}) { // sample 2 has no attention
                const int T = hand::samples()[static_cast<std::size_t>(sample)].T;
                for (int l = 0; l < 2; ++l) {
                    for (int t = 0; t < T; ++t) {
                        const auto [mean, variance] = hand::received(l, -1, t, T);
                        const double udr = hand::darkRatio(hand::resid(sample, l, t));
                        const bool eligible = l >= f.firstLayer && t > 0 && t < T - f.excludeLast;
                        const bool hmlv = eligible && mean > 0.018 && variance < 0.01;
                        if (eligible) {
                            ++pairs[static_cast<std::size_t>(l)];
                            if (hmlv) ++flagged[static_cast<std::size_t>(l)];
                            (hmlv ? udrHmlv : udrRest)[static_cast<std::size_t>(l)] += udr;
                        }
                        if (t + 1 == T) continue;
                        const auto& p = f.points.at(point);
                        QCOMPARE(p.sample, sample);
                        QCOMPARE(p.layer, l);
                        QCOMPARE(p.token, t);
                        EXPECT_CLOSE(p.mean, mean);
                        EXPECT_CLOSE(p.variance, variance);
                        EXPECT_CLOSE(p.udr, udr);
                        QCOMPARE(p.hmlv, hmlv);
                        QCOMPARE(f.pieces.at(point), hand::displayed(hand::tokenId(sample, t)));
                        ++point;
                    }
                }
            }
            QCOMPARE(f.points.size(), point);
            for (std::size_t l = 0; l < 2; ++l) {
                QCOMPARE(f.pointsPerLayer[l], pairs[l]);
                QCOMPARE(f.hmlvPerLayer[l], flagged[l]);
                const int rest = pairs[l] - flagged[l];
                EXPECT_CLOSE(f.udrHmlvMean[l], flagged[l] ? udrHmlv[l] / flagged[l] : NAN);
                EXPECT_CLOSE(f.udrRestMean[l], rest ? udrRest[l] / rest : NAN);
            }
            if (fromAnalysis) {
                QVERIFY(f.hmlvPerLayer[0] > 0); // the check above is not vacuous
                // The same tallies as `analyze --summary` printed (layer,pairs,hmlv,...).
                QFile summary(tmp.filePath("summary.csv"));
                QVERIFY(summary.open(QIODevice::ReadOnly));
                const QStringList rows = QString::fromUtf8(summary.readAll()).split('\n', Qt::SkipEmptyParts);
                QCOMPARE(rows.size(), 3);
                for (int l = 0; l < 2; ++l) {
                    const QStringList cells = rows[l + 1].split(',');
                    QCOMPARE(cells[1].toInt(), f.pointsPerLayer[static_cast<std::size_t>(l)]);
                    QCOMPARE(cells[2].toInt(), f.hmlvPerLayer[static_cast<std::size_t>(l)]);
                }
            }
        }
        SPECTRO_VERIFY_ERROR(buildHmlvFigure(CacheReader(plain), {2}), "no chosen sample has it");
    }

    void tokenStripMeasures()
    {
        for (const std::string& path : {plain, analysed}) {
            const CacheReader cache(path);
            const auto udr = buildTokenStripFigure(cache, 1, "udr", 2);
            const auto edr = buildTokenStripFigure(cache, 1, "edr", 0);
            const auto received = buildTokenStripFigure(cache, 1, "attention_received", 1);
            const auto nll = buildTokenStripFigure(cache, 1, "nll", -1);
            for (int t = 0; t < 6; ++t) {
                const auto at = static_cast<std::size_t>(t);
                EXPECT_CLOSE(udr.values[at], hand::darkRatio(hand::resid(1, 2, t)));
                EXPECT_CLOSE(edr.values[at], hand::darkRatio(hand::resid(1, 0, t), false));
                EXPECT_CLOSE(received.values[at], hand::received(1, -1, t, 6).first);
                EXPECT_CLOSE(nll.values[at], t == 0 ? NAN : hand::nll(1, t));
            }
            QCOMPARE(udr.stream, 2);
            QCOMPARE(nll.stream, -1);
            SPECTRO_VERIFY_ERROR(buildTokenStripFigure(cache, 1, "loss", 0), "unknown measure 'loss'");
            SPECTRO_VERIFY_ERROR(buildTokenStripFigure(cache, 1, "udr", 3), "stream 3 is outside 0..2");
            SPECTRO_VERIFY_ERROR(buildTokenStripFigure(cache, 2, "attention_received", 0), "no attn tap");
        }
    }

    void aptitudeOfHandWeights()
    {
        Checkpoint c;
        c.path = "hand.bin";
        c.config = hand::config();
        c.tensors["layers.0.wo"] = makeOwnedFloatTensor("layers.0.wo", {4, 4}, weights(4, 4, 0));
        c.tensors["layers.0.wq"] = makeOwnedFloatTensor("layers.0.wq", {4, 4}, weights(4, 4, 1));
        c.tensors["layers.0.wk"] = makeOwnedFloatTensor("layers.0.wk", {2, 4}, weights(2, 4, 2));
        c.tensors["layers.0.w2"] = makeOwnedFloatTensor("layers.0.w2", {4, 8}, weights(4, 8, 3));
        c.tensors["layers.0.w1"] = makeOwnedFloatTensor("layers.0.w1", {8, 4}, weights(8, 4, 4));
        const Spectrum u = handSpectrum(true);
        const BandLayout bands = makeBands(4, 2);
        struct Case {
            const char* matrix;
            int seed, rows, cols, units;
            bool writer;
        };
        for (const Case& k :
             {Case{"wo", 0, 4, 4, 2, true}, Case{"wq", 1, 4, 4, 2, false}, Case{"wk", 2, 2, 4, 1, false},
              Case{"w2", 3, 4, 8, 8, true}, Case{"w1", 4, 8, 4, 8, false}}) {
            const std::vector<float> w = weights(k.rows, k.cols, k.seed);
            const int width = (k.writer ? k.cols : k.rows) / k.units; // columns (writer) or rows of one unit
            const auto byBand = buildAptitudeFigure(c, u, bands, k.matrix, 0, true);
            const auto byIndex = buildAptitudeFigure(c, u, bands, k.matrix, 0, false);
            QCOMPARE(byBand.units, k.units);
            QCOMPARE(byBand.writer, k.writer);
            QCOMPARE(byBand.unit, std::string(k.units == 8 ? "neuron" : "head"));
            QCOMPARE(byBand.columns, 2);
            QCOMPARE(byIndex.columns, 4);
            EXPECT_CLOSE(byBand.uniformLevel, std::sqrt(0.5));
            for (int unit = 0; unit < k.units; ++unit) {
                // a_i = ||v_i^T W_unit|| (writers: the unit's columns) or ||W_unit v_i|| (readers: its rows).
                double a[4] = {}, frobenius = 0;
                for (int m = unit * width; m < (unit + 1) * width; ++m) {
                    for (int r = 0; r < 4; ++r) {
                        const double x = k.writer ? w[static_cast<std::size_t>(r * k.cols + m)]
                                                  : w[static_cast<std::size_t>(m * k.cols + r)];
                        frobenius += x * x;
                    }
                    for (int i = 0; i < 4; ++i) {
                        double dot = 0;
                        for (int r = 0; r < 4; ++r) {
                            const double x = k.writer ? w[static_cast<std::size_t>(r * k.cols + m)]
                                                      : w[static_cast<std::size_t>(m * k.cols + r)];
                            dot += hand::unembedVector(i, r) * x;
                        }
                        a[i] += dot * dot;
                    }
                }
                frobenius = std::sqrt(frobenius);
                for (int i = 0; i < 4; ++i)
                    EXPECT_CLOSE(byIndex.values[static_cast<std::size_t>(unit * 4 + i)], std::sqrt(a[i]) / frobenius);
                EXPECT_CLOSE(byBand.values[static_cast<std::size_t>(unit * 2)], std::sqrt(a[0] + a[1]) / frobenius);
                EXPECT_CLOSE(byBand.values[static_cast<std::size_t>(unit * 2 + 1)], std::sqrt(a[2] + a[3]) / frobenius);
                EXPECT_CLOSE(byBand.darkAptitude[static_cast<std::size_t>(unit)], std::sqrt(a[2] + a[3]) / frobenius);
            }
        }
        SPECTRO_VERIFY_ERROR(buildAptitudeFigure(c, u, makeBands(4, 2), "wx", 0, true), "wx");
        SPECTRO_VERIFY_ERROR(buildAptitudeFigure(c, u, makeBands(3, 2), "wo", 0, true), "dimension");
    }

    void tapsOfTheWrongShapeAreRefusedByName()
    {
        // A damaged or foreign cache: 5 tokens, but 6 positions of resid and attention.
        const std::string path = tmp.filePath("misshapen.h5").toStdString();
        {
            CacheWriter w(path, hand::config(), {"hand.bin", "llama2c-v0", "feedc0de", "hand", "{}"});
            SampleTaps taps;
            taps.tokens = {1, 3, 4, 5, 6};
            taps.resid = hand::taps3(hand::kLayers + 1, 6, hand::resid, 0);
            taps.attention = Array({hand::kLayers, hand::kHeads, 6, 6});
            w.addSample(0, taps, "bad", {1, 1, 1, 1});
            w.setSpectrum("unembed", {4, 3, 2, 1}, hand::unembedVectors(), hand::bandEdges(), false);
            w.commit();
        }
        const CacheReader cache(path);
        SPECTRO_VERIFY_ERROR(buildDarkRatioFigure(cache, 0, "unembed"),
                             "resid of sample 0 has shape [3, 6, 4]; expected [3, 5, 4]");
        SPECTRO_VERIFY_ERROR(buildAttentionPatternFigure(cache, 0, 0, 0), "attn of sample 0 has shape [2, 2, 6, 6]");
        SPECTRO_VERIFY_ERROR(buildSinkGridFigure(cache), "attn of sample 0 has shape");
        SPECTRO_VERIFY_ERROR(buildHmlvFigure(cache), "has shape");
        SPECTRO_VERIFY_ERROR(buildSpectrogramFigure(cache, 0, SpectrogramFigure::Axis::TokenByBand, 0),
                             "resid of sample 0");
    }

    void buildersAreSafeOnOneReaderFromSeveralThreads()
    {
        const CacheReader cache(plain);
        const auto expected = buildAttentionPatternFigure(cache, 1, 1, -1).probs;
        std::vector<std::thread> threads;
        std::atomic<int> wrong{0};
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&] {
                for (int n = 0; n < 50; ++n)
                    if (buildAttentionPatternFigure(cache, 1, 1, -1).probs != expected) ++wrong;
            });
        }
        for (auto& t : threads) t.join();
        QCOMPARE(wrong.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFigureBuilders)
#include "test_figure_builders.moc"
