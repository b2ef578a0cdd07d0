// The figure builders at LLaMa-2-7B scale (d = 4096, V = 32000, 32 heads; 2 layers and short
// samples to stay fast): a cache of random taps with a dense orthonormal W_u basis (a Householder
// reflection) and the tokenizer's 32,000 pieces, once analysed by `spectroscope-cli analyze`.
// CacheReader::bytesRead() proves that each builder reads only the slices its figure shows:
// never the [d, d] spectrum vectors (128 MiB) unless it projects onto them, never another
// sample, never another layer or head. Aptitude runs on a synthetic 1-layer 7B checkpoint and is
// checked against the Householder structure (v_i^T W = W_i - 2 u_i u^T W).
#include "figures/figure_builders.h"
#include "figures/sink_figures.h"
#include "model/checkpoint_loader.h"
#include "model/synth.h"
#include "spectral/spectrum.h"
#include "store/cache_analysis.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "test_figures_support.h"
#include "test_support.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <functional>
#include <random>

using namespace spectro;
using namespace spectro::figures;

namespace {

constexpr int kD = 4096, kV = 32000, kL = 2, kH = 32, kT = 16, kSamples = 3, kBands = 20;

ModelConfig sevenB()
{
    ModelConfig c = llama2Shape("llama2-7b");
    c.nLayers = kL;
    return c;
}

// The Householder vector: W_u's right singular vectors are the rows of I - 2 u u^T.
std::vector<double> householderVector()
{
    std::mt19937 rng(11);
    std::normal_distribution<double> normal;
    std::vector<double> u(kD);
    double n = 0;
    for (double& x : u) x = normal(rng), n += x * x;
    for (double& x : u) x /= std::sqrt(n);
    return u;
}

Spectrum householderSpectrum()
{
    const auto u = householderVector();
    Spectrum s;
    s.dim = s.rank = kD;
    s.singularValues.resize(kD);
    s.vectors.resize(static_cast<std::size_t>(kD) * kD);
    for (int i = 0; i < kD; ++i) {
        s.singularValues[static_cast<std::size_t>(i)] = 100.0 * std::exp(-i / 1000.0);
        for (int r = 0; r < kD; ++r)
            s.vectors[static_cast<std::size_t>(i) * kD + static_cast<std::size_t>(r)] =
                (i == r ? 1.0 : 0.0) - 2 * u[static_cast<std::size_t>(i)] * u[static_cast<std::size_t>(r)];
    }
    return s;
}

std::vector<std::string> pieces()
{
    std::vector<std::string> p(kV);
    for (int i = 0; i < kV; ++i) p[static_cast<std::size_t>(i)] = "\u2581tok" + std::to_string(i);
    p[1] = "<s>";
    return p;
}

std::uint64_t vocabularyBytes()
{
    std::uint64_t n = 0;
    for (const auto& p : pieces()) n += p.size();
    return n;
}

Array randomArray(std::vector<std::int64_t> shape, std::mt19937& rng)
{
    Array a(std::move(shape));
    std::normal_distribution<float> normal;
    for (float& x : a.data) x = normal(rng);
    return a;
}

void writeCache(const std::string& path, const Spectrum& spectrum)
{
    CacheWriter w(path, sevenB(), {"synth-7b", "hf-safetensors", "7b7b7b7b", "synth", "{\"taps\":\"all\"}"});
    std::mt19937 rng(3);
    for (int sample = 0; sample < kSamples; ++sample) {
        SampleTaps taps;
        for (int t = 0; t < kT; ++t) taps.tokens.push_back(t == 0 ? 1 : 100 + sample * 1000 + t);
        taps.resid = randomArray({kL + 1, kT, kD}, rng);
        taps.attnOut = randomArray({kL, kT, kD}, rng);
        taps.mlpOut = randomArray({kL, kT, kD}, rng);
        // Causal softmax rows of random scores.
        taps.attention = randomArray({kL, kH, kT, kT}, rng);
        for (std::int64_t row = 0; row < kL * kH * kT; ++row) {
            float* p = taps.attention.data.data() + row * kT;
            const int q = static_cast<int>(row % kT);
            double sum = 0;
            for (int k = 0; k < kT; ++k) sum += (p[k] = k <= q ? std::exp(p[k]) : 0.0f);
            for (int k = 0; k < kT; ++k) p[k] = static_cast<float>(p[k] / sum);
        }
        std::vector<float> nll(kT - 1, 2.5f);
        w.addSample(sample, taps, "synthetic", nll);
    }
    w.setSpectrum("unembed", spectrum.singularValues, spectrum.vectors, makeBands(kD, kBands).edges, false);
    w.setVocabulary(pieces(), 1, 2);
    w.commit();
}

} // namespace

class TestFigures7B : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    std::string plain, analysed;
    Spectrum spectrum;
    std::uint64_t labels = 0; // the bytes of one sample's token labels: its ids and the vocabulary

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(tmp.isValid());
        spectrum = householderSpectrum();
        plain = tmp.filePath("7b.h5").toStdString();
        analysed = tmp.filePath("7b-analysed.h5").toStdString();
        writeCache(plain, spectrum);
        QVERIFY(QFile::copy(QString::fromStdString(plain), QString::fromStdString(analysed)));
        const auto r = test::runCli({"analyze", QString::fromStdString(analysed), "--no-embed", "--hmlv-first-layer",
                                     "0", "--summary", tmp.filePath("summary.csv")},
                                    tmp.filePath("spectra"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        labels = kT * 4 + vocabularyBytes();
    }

    void spectrumReadsNoVectors()
    {
        const CacheReader cache(plain);
        const SpectrumFigure f = buildSpectrumFigure(cache, "unembed");
        QCOMPARE(f.singularValues.size(), std::size_t(kD));
        QCOMPARE(f.bandEdges.front(), 0);
        QCOMPARE(f.bandEdges[1], 205); // round(4096 / 20)
        QCOMPARE(cache.bytesRead(), std::uint64_t{kD * 8 + 21 * 4 + 21 * 4});
    }

    void attentionReadsOneHeadOrOneLayerOfOneSample()
    {
        const CacheReader cache(plain);
        std::uint64_t before = cache.bytesRead();
        const auto pattern = buildAttentionPatternFigure(cache, 1, 1, 7);
        QCOMPARE(cache.bytesRead() - before, kT * kT * 4 + labels);
        QCOMPARE(pattern.tokens.pieces[3], std::string("\u00b7tok1103"));
        const Array tap = cache.read(1, "attn");
        for (int i = 0; i < kT * kT; ++i)
            QCOMPARE(pattern.probs[static_cast<std::size_t>(i)],
                     tap.data[static_cast<std::size_t>((1 * kH + 7) * kT * kT + i)]);

        before = cache.bytesRead();
        buildAttentionReceivedFigure(cache, 2, 0, -1); // no analysis: one layer's heads
        QCOMPARE(cache.bytesRead() - before, std::uint64_t{kH} * kT * kT * 4 + labels);
        const CacheReader withAnalysis(analysed);
        buildAttentionReceivedFigure(withAnalysis, 2, 0, -1); // analysis: one row of mean and variance
        QCOMPARE(withAnalysis.bytesRead(), std::uint64_t{2 * kT * 4} + labels);

        before = cache.bytesRead();
        const SinkGridFigure grid = buildSinkGridFigure(cache);
        QCOMPARE(grid.samples, kSamples);
        QCOMPARE(cache.bytesRead() - before, std::uint64_t{kSamples} * kL * kH * kT * 4); // the BoS column only
    }

    void darkRatiosAndSpectrogramsReadStreamsOrRows()
    {
        const CacheReader a(analysed);
        buildDarkRatioFigure(a, 0, "unembed");
        QCOMPARE(a.bytesRead(), std::uint64_t{(kL + 1) * kT * 4} + labels);
        std::uint64_t before = a.bytesRead();
        const auto byToken = buildSpectrogramFigure(a, 0, SpectrogramFigure::Axis::TokenByBand, 2);
        QCOMPARE(a.bytesRead() - before, std::uint64_t{kT * kBands * 4} + labels);
        before = a.bytesRead();
        buildSpectrogramFigure(a, 0, SpectrogramFigure::Axis::StreamByBand, 5);
        QCOMPARE(a.bytesRead() - before, std::uint64_t{(kL + 1) * kBands * 4} + labels);

        // No analysis, the spectrum given by the open model: one stream of resid at a time.
        const CacheReader p(plain);
        ModelInputs model;
        model.unembed = &spectrum;
        const auto computed = buildDarkRatioFigure(p, 0, "unembed", model);
        const std::uint64_t edges = 21 * 4;
        // (the bands once, however many streams)
        QCOMPARE(p.bytesRead(), std::uint64_t{kL + 1} * kT * kD * 4 + edges + labels);
        const auto stored = buildDarkRatioFigure(a, 0, "unembed");
        for (std::size_t i = 0; i < stored.ratio.size(); ++i)
            QVERIFY2(std::abs(computed.ratio[i] - stored.ratio[i]) <= 1e-5 * stored.ratio[i],
                     qPrintable(QString::number(i)));
        before = p.bytesRead();
        const auto computedSpectrogram = buildSpectrogramFigure(p, 0, SpectrogramFigure::Axis::TokenByBand, 2, model);
        QCOMPARE(p.bytesRead() - before, std::uint64_t{kT} * kD * 4 + edges + labels);
        for (std::size_t i = 0; i < byToken.energy.size(); ++i)
            QVERIFY(std::abs(computedSpectrogram.energy[i] - byToken.energy[i]) <= 1e-4 * byToken.energy[i] + 1e-6);
    }

    void bosStoryReadsPositionZeroOnly()
    {
        const CacheReader cache(plain);
        ModelInputs model;
        model.unembed = &spectrum;
        const BosStoryFigure f = buildBosStoryFigure(cache, 2, model);
        QCOMPARE(f.rows.size(), std::size_t(kL + 1));
        // L+1 resid vectors, L attn_out and L mlp_out vectors, the band edges: 112 KiB of 1.8 MiB.
        QCOMPARE(cache.bytesRead(), std::uint64_t{(kL + 1) + 2 * kL} * kD * 4 + 21 * 4);
        const Array resid = cache.readBlock(2, "resid", {1, 0, 0}, {1, 1, kD});
        double squares = 0;
        for (float x : resid.data) squares += double(x) * x;
        QVERIFY(std::abs(f.rows[1].norm - std::sqrt(squares)) <= 1e-6 * std::sqrt(squares));
    }

    void hmlvReadsTheChosenSamplesAnalysis()
    {
        const CacheReader cache(analysed);
        const HmlvFigure f = buildHmlvFigure(cache, {1});
        QCOMPARE(f.points.size(), std::size_t(kL * (kT - 1)));
        // mean, variance, udr of streams 0..L-1 and the flags ([L, T] each), of sample 1 only.
        QCOMPARE(cache.bytesRead(), std::uint64_t{3 * kL * kT * 4 + kL * kT} + labels);
    }

    // The workbench's sink views read only the small datasets `analyze` stored: the rates and
    // each sample's sink_alpha (not one float of attn), one sample's top entries, one layer's row
    // of the triad.
    void sinkFiguresReadTheirAnalysisOnly()
    {
        constexpr std::uint64_t K = kT; // positions: min(T, sink_tokens = 64)
        const CacheReader cache(analysed);
        const SinkRateFigure rate = sinkRateFigureFromAnalysis(cache);
        QCOMPARE(rate.layers, kL);
        QCOMPARE(rate.heads, kH);
        QCOMPARE(rate.samples, kSamples);
        // head [L, H, K] + layer [L, K] + overall [K] + sink_alpha [L, H, K] per sample.
        QCOMPARE(cache.bytesRead(), (kL * kH * K + kL * K + K + kSamples * kL * kH * K) * 4);
        // alpha of (1, 5, 0): the mean over the samples of each one's stored alpha.
        double mean = 0;
        for (int s = 0; s < kSamples; ++s)
            mean += cache.readAnalysis("sink_alpha/" + sampleName(s)).data[(1 * kH + 5) * K] / kSamples;
        QVERIFY(std::abs(rate.alpha[(1 * kH + 5) * K] - mean) <= 1e-7);

        const CacheReader one(analysed);
        const MassiveActivationsFigure massive = massiveActivationsFigureFromAnalysis(one, 2, {}, NAN, NAN);
        QCOMPARE(massive.streams, kL + 1);
        QCOMPARE(massive.top, 10);
        QCOMPARE(massive.above, 100.0);
        // value, position, channel [S, 10] and median [S] of sample 2, channel_udr [d], its tokens.
        QCOMPARE(one.bytesRead(), std::uint64_t{(3 * (kL + 1) * 10 + (kL + 1) + kD + kT) * 4});

        // No weights at hand when the cache was analysed: the triad says what it needs.
        SPECTRO_VERIFY_ERROR(triadFigureFromAnalysis(one, 0, 1, {}), "model's weights");
        // With value-state norms stored (as an analysis with the model writes them), one layer is read.
        const QString withTriad = tmp.filePath("7b-triad.h5");
        QVERIFY(QFile::copy(QString::fromStdString(analysed), withTriad));
        const std::int64_t G = sevenB().nKvHeads;
        std::vector<float> ramp(static_cast<std::size_t>(kL * G * kT));
        for (std::size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<float>(i);
        std::vector<AnalysisDataset> triad;
        for (const char* measure : {"triad_attention", "value_norm", "value_norm_ratio"})
            triad.push_back(AnalysisDataset::floats(std::string(measure) + "/000000", {kL, G, kT}, ramp, "test"));
        writeAnalysis(withTriad.toStdString(), triad, {});
        const CacheReader t(withTriad.toStdString());
        const TriadFigure f = triadFigureFromAnalysis(t, 0, 1, {});
        QCOMPARE(f.kvHeads, static_cast<int>(G));
        QCOMPARE(f.valueNorm.front(), double(G * kT)); // row l = 1 starts at G * T
        const Array residNorm = t.readAnalysisBlock("resid_norm/000000", {1, 0}, {1, kT});
        QCOMPARE(f.residNorm.back(), double(residNorm.data.back()));
        QCOMPARE(t.bytesRead(), std::uint64_t{(3 * G * kT + 2 * kT) * 4 + kT * 4});
    }

    // Build times at this scale, for docs and the report (ad hoc, printed; a loose bound only).
    void buildTimes()
    {
        const CacheReader a(analysed), p(plain);
        const auto stored = cacheSpectrum(a, "unembed");
        ModelInputs model;
        model.unembed = stored.get();
        const std::vector<std::pair<const char*, std::function<void()>>> builders = {
            {"spectrum", [&] { buildSpectrumFigure(a, "unembed"); }},
            {"attention received (analysis)", [&] { buildAttentionReceivedFigure(a, 0, 1, -1); }},
            {"attention received (one head, taps)", [&] { buildAttentionReceivedFigure(p, 0, 1, 5); }},
            {"attention pattern (head mean)", [&] { buildAttentionPatternFigure(p, 0, 1, -1); }},
            {"sink grid (3 samples)", [&] { buildSinkGridFigure(p); }},
            {"dark ratio (analysis)", [&] { buildDarkRatioFigure(a, 0, "unembed"); }},
            {"dark ratio (taps, spectrum given)", [&] { buildDarkRatioFigure(p, 0, "unembed", model); }},
            {"spectrogram token x band (analysis)",
             [&] { buildSpectrogramFigure(a, 0, SpectrogramFigure::Axis::TokenByBand, 1); }},
            {"BoS story (spectrum given)", [&] { buildBosStoryFigure(p, 0, model); }},
            {"BoS story (spectrum read from the cache)", [&] { buildBosStoryFigure(p, 0); }},
            {"HMLV (analysis, 3 samples)", [&] { buildHmlvFigure(a); }},
            {"token strip nll", [&] { buildTokenStripFigure(a, 0, "nll", -1); }},
        };
        for (const auto& [name, build] : builders) {
            QElapsedTimer timer;
            timer.start();
            build();
            const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
            qInfo("%-45s %8.1f ms", name, ms);
            QVERIFY2(ms < 20000, name);
        }
    }

    void aptitudeAtSevenBScale()
    {
        SynthOptions options;
        options.config = llama2Shape("llama2-7b");
        options.config.nLayers = 1;
        options.seed = 5;
        const std::string path = tmp.filePath("synth").toStdString();
        writeSynthetic(options, path);
        const Checkpoint checkpoint = loadCheckpoint(path);
        QElapsedTimer timer;
        timer.start();
        const AptitudeFigure f = buildAptitudeFigure(checkpoint, spectrum, makeBands(kD, kBands), "wo", 0, true);
        qInfo("W_o aptitude of a 4096 x 4096 layer: %lld ms", static_cast<long long>(timer.elapsed()));
        QCOMPARE(f.units, kH);
        QCOMPARE(f.columns, kBands);
        QVERIFY(std::abs(f.uniformLevel - std::sqrt(205.0 / 4096)) < 1e-12);
        // Head 3, independently: v_i^T W_h = W_h[i, :] - 2 u_i (u^T W_h) for the Householder basis.
        const auto u = householderVector();
        const std::vector<float> wo = checkpoint.tensor("layers.0.wo").toFloat(); // [d, d]
        const int hd = kD / kH, head = 3;
        std::vector<double> uw(static_cast<std::size_t>(hd), 0.0);
        double frobenius = 0;
        for (int r = 0; r < kD; ++r) {
            for (int c = 0; c < hd; ++c) {
                const double x = wo[static_cast<std::size_t>(r) * kD + static_cast<std::size_t>(head * hd + c)];
                uw[static_cast<std::size_t>(c)] += u[static_cast<std::size_t>(r)] * x;
                frobenius += x * x;
            }
        }
        double dark = 0;
        for (int i = 3891; i < kD; ++i) { // band 20 of 4096
            for (int c = 0; c < hd; ++c) {
                const double y = wo[static_cast<std::size_t>(i) * kD + static_cast<std::size_t>(head * hd + c)] -
                                 2 * u[static_cast<std::size_t>(i)] * uw[static_cast<std::size_t>(c)];
                dark += y * y;
            }
        }
        const double expected = std::sqrt(dark / frobenius);
        QVERIFY2(std::abs(f.darkAptitude[head] - expected) <= 1e-4 * expected,
                 qPrintable(QString("%1 vs %2").arg(f.darkAptitude[head]).arg(expected)));
    }
};

QTEST_GUILESS_MAIN(TestFigures7B)
#include "test_figures_7b.moc"
