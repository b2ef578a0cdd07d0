// The figure builders on a real model: stories260K run into a cache by `spectroscope-cli run`
// (taps resid, attn_out, mlp_out, attn), once analysed by `analyze` and once not. Every figure is
// compared with what the CLI's own verbs compute from the model (spectrum, aptitude, bos,
// attention, sink, analyze --summary/--scatter), with core computed over the whole arrays, and
// with an independent float64 computation from the stored taps where one is short. Both routes
// of a builder (from /analysis, from the taps) agree.
// Tolerances: 1e-6 relative for values stored at %.9g or recomputed in float32 from the same
// taps; 1e-4 relative where the CLI ran its own forward pass (batch of one vs the run's batch);
// 5e-5 absolute for `sink`, which prints 4 decimals.
#include "analysis/sink.h"
#include "figures/figure_builders.h"
#include "model/checkpoint_loader.h"
#include "spectral/spectrum_store.h"
#include "store/cache_reader.h"
#include "test_figures_support.h"
#include "test_support.h"
#include "tokenizer/tokenizer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <hdf5.h>

using namespace spectro;
using namespace spectro::figures;

namespace {

bool near(double a, double b, double relative)
{
    if (std::isnan(b)) return std::isnan(a);
    if (std::isinf(b)) return a == b;
    return std::abs(a - b) <= relative * std::max(1.0, std::abs(b));
}

#define EXPECT_NEAR(actual, expected, relative)                                                                        \
    QVERIFY2(near((actual), (expected), (relative)),                                                                   \
             qPrintable(                                                                                               \
                 QString("%1 = %2, expected %3").arg(#actual).arg((actual), 0, 'g', 10).arg((expected), 0, 'g', 10)))

// A CSV file without its header row, split into cells.
std::vector<QStringList> csvRows(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    std::vector<QStringList> rows;
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    for (int i = 1; i < lines.size(); ++i) rows.push_back(lines[i].split(','));
    return rows;
}

QString stories()
{
    return QString::fromStdString(test::sharedPath("corpora/tinystories_validation_first_stories.txt"));
}
QString model()
{
    return QString::fromStdString(test::modelPath("stories260K/stories260K.bin"));
}

constexpr int kSamples = 3, kTokens = 48;

} // namespace

class TestFiguresStories260K : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    QString spectra;
    std::string analysed, plain;

    QString file(const char* name) const { return tmp.filePath(name); }
    void cli(const QStringList& args) const
    {
        const auto r = test::runCli(args, spectra);
        QVERIFY2(r.code == 0, qPrintable(args.join(' ') + ": " + r.err));
        if (args.contains("--per-head") && args.first() == "sink") {
            QFile out(file("sink.csv"));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(r.out.toUtf8());
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        SPECTRO_REQUIRE_SHARED();
        spectra = file("spectra");
        qputenv("SPECTRO_CACHE_DIR", spectra.toUtf8()); // this process's spectra too
        const QStringList samples = {
            "--text", stories(), "--samples", QString::number(kSamples), "--max-tokens", QString::number(kTokens)};
        cli(QStringList{"run", model()} + samples +
            QStringList{"--taps", "resid,attn_out,mlp_out,attn", "--out", file("plain.h5")});
        QVERIFY(QFile::copy(file("plain.h5"), file("analysed.h5")));
        cli({"analyze", file("analysed.h5"), "--hmlv-first-layer", "1", "--summary", file("summary.csv"), "--scatter",
             file("scatter.csv")});
        cli({"spectrum", model(), "--out", file("wu.csv")});
        cli({"aptitude", model(), "--matrix", "wo", "--layer", "4", "--out", file("wo.csv")});
        cli({"aptitude", model(), "--matrix", "w2", "--layer", "0", "--by", "index", "--out", file("w2.csv")});
        cli(QStringList{"bos", model()} + QStringList{"--text", stories(), "--samples", "1", "--max-tokens",
                                                      QString::number(kTokens), "--out", file("bos.csv")});
        cli(QStringList{"attention", model()} + samples + QStringList{"--per-head", "--out", file("attention.csv")});
        cli({"sink", model(), "--text", stories(), "--max-samples", QString::number(kSamples), "--max-tokens",
             QString::number(kTokens), "--per-head"});
        plain = file("plain.h5").toStdString();
        analysed = file("analysed.h5").toStdString();
    }

    void labelsAreTheTokenizersPieces()
    {
        const Checkpoint checkpoint = loadCheckpoint(model().toStdString());
        const auto tokenizer = findTokenizer(checkpoint);
        QVERIFY(tokenizer);
        const CacheReader cache(plain);
        QVERIFY(cache.hasVocabulary());
        for (int sample = 0; sample < kSamples; ++sample) {
            const TokenLabels labels = cacheTokenLabels(cache, sample);
            QCOMPARE(static_cast<int>(labels.size()), kTokens);
            for (std::size_t t = 0; t < labels.size(); ++t)
                QCOMPARE(labels.pieces[t], displayPiece(tokenizer->piece(labels.ids[t])));
        }
        const TokenLabels labels = cacheTokenLabels(cache, 0);
        QCOMPARE(labels.pieces[0], std::string("<s>"));
        QVERIFY(labels.pieces[1].rfind("\u00b7", 0) == 0); // a word-initial piece: "·Once" or the like
    }

    void cachesWithoutVocabularyUseTheTokenizerAndGainItWhenExtended()
    {
        // A cache as written before /vocabulary existed: the same file with the group unlinked.
        const QString old = file("old.h5");
        QVERIFY(QFile::copy(file("plain.h5"), old));
        QFile::setPermissions(old, QFile::ReadOwner | QFile::WriteOwner);
        {
            const hid_t f = H5Fopen(old.toUtf8().constData(), H5F_ACC_RDWR, H5P_DEFAULT);
            QVERIFY(f >= 0);
            QVERIFY(H5Ldelete(f, "/vocabulary", H5P_DEFAULT) >= 0);
            H5Fclose(f);
        }
        const Checkpoint checkpoint = loadCheckpoint(model().toStdString());
        const auto tokenizer = findTokenizer(checkpoint);
        {
            const CacheReader cache(old.toStdString());
            QVERIFY(!cache.hasVocabulary());
            QCOMPARE(cacheTokenLabels(cache, 0, tokenizer.get()).pieces,
                     cacheTokenLabels(CacheReader(plain), 0).pieces);
            QCOMPARE(cacheTokenLabels(cache, 0).pieces[0], std::string("#1"));
        }
        // Extending it with one more sample (the CLI's resume) stores the vocabulary.
        cli({"run", model(), "--text", stories(), "--samples", QString::number(kSamples + 1), "--max-tokens",
             QString::number(kTokens), "--taps", "resid,attn_out,mlp_out,attn", "--out", old});
        const CacheReader extended(old.toStdString());
        QCOMPARE(static_cast<int>(extended.sampleIndices().size()), kSamples + 1);
        QVERIFY(extended.hasVocabulary());
        QCOMPARE(static_cast<int>(extended.vocabulary().pieces.size()), tokenizer->vocabSize());
    }

    void spectrumEqualsTheSpectrumVerb()
    {
        const auto rows = csvRows(file("wu.csv"));
        const SpectrumFigure f = buildSpectrumFigure(CacheReader(plain), "unembed");
        QCOMPARE(f.singularValues.size(), rows.size());
        const auto table = f.table();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            EXPECT_NEAR(f.singularValues[i], rows[i][1].toDouble(), 1e-6);
            QCOMPARE(QString::fromStdString(table.rows[i][2]), rows[i][2]); // the same band
        }
    }

    void aptitudeEqualsTheAptitudeVerb()
    {
        const Checkpoint checkpoint = loadCheckpoint(model().toStdString());
        const auto spectrum = loadOrComputeSpectrum(checkpoint, SpectralMatrix::Unembed);
        const BandLayout bands = makeBands(64, 20);
        const AptitudeFigure wo = buildAptitudeFigure(checkpoint, *spectrum, bands, "wo", 4, true);
        const auto rows = csvRows(file("wo.csv")); // matrix,layer,unit,band,aptitude
        QCOMPARE(rows.size(), std::size_t(8 * 20));
        for (const auto& r : rows) {
            const int unit = r[2].toInt(), band = r[3].toInt();
            EXPECT_NEAR(wo.values[static_cast<std::size_t>(unit * 20 + band - 1)], r[4].toDouble(), 1e-6);
            if (band == 20) EXPECT_NEAR(wo.darkAptitude[static_cast<std::size_t>(unit)], r[4].toDouble(), 1e-6);
        }
        const AptitudeFigure w2 = buildAptitudeFigure(checkpoint, *spectrum, bands, "w2", 0, false);
        const auto perIndex = csvRows(file("w2.csv")); // matrix,layer,unit,index,band,singular_value,aptitude
        QCOMPARE(w2.units, 172);
        QCOMPARE(perIndex.size(), std::size_t(172 * 64));
        for (const auto& r : perIndex) {
            EXPECT_NEAR(w2.values[static_cast<std::size_t>(r[2].toInt() * 64 + r[3].toInt())], r[6].toDouble(), 1e-6);
        }
    }

    void bosStoryEqualsTheBosVerb()
    {
        const auto rows = csvRows(file("bos.csv"));
        for (const std::string& path : {plain, analysed}) {
            const BosStoryFigure f = buildBosStoryFigure(CacheReader(path), 0);
            QCOMPARE(f.rows.size(), rows.size());
            int blastOff = -1;
            double largest = -1;
            for (std::size_t s = 0; s < rows.size(); ++s) {
                const auto& r = f.rows[s];
                const double expected[] = {r.norm,     r.udarkNorm,     r.ulightNorm, r.udr,
                                           r.attnNorm, r.attnUdarkNorm, r.mlpNorm,    r.mlpUdarkNorm};
                for (int c = 0; c < 8; ++c) EXPECT_NEAR(expected[c], rows[s][c + 2].toDouble(), 1e-4);
                if (s > 0 && rows[s][9].toDouble() > largest)
                    largest = rows[s][9].toDouble(), blastOff = static_cast<int>(s) - 1;
            }
            QCOMPARE(f.blastOffLayer, blastOff);
        }
    }

    void attentionReceivedEqualsTheAttentionVerb()
    {
        // sample,layer,head,position,token,mean,variance: one forward pass per sample, as run's.
        const auto rows = csvRows(file("attention.csv"));
        QCOMPARE(rows.size(), std::size_t(kSamples * 5 * 8 * (kTokens - 1)));
        const CacheReader cache(plain);
        std::size_t n = 0;
        for (int sample = 0; sample < kSamples; ++sample) {
            for (int layer = 0; layer < 5; ++layer) {
                for (int head = 0; head < 8; ++head) {
                    const auto f = buildAttentionReceivedFigure(cache, sample, layer, head);
                    for (int t = 0; t + 1 < kTokens; ++t, ++n) {
                        const auto& r = rows[n];
                        QCOMPARE(r[3].toInt(), t);
                        QCOMPARE(r[4].toInt(), f.tokens.ids[static_cast<std::size_t>(t)]);
                        EXPECT_NEAR(f.mean[static_cast<std::size_t>(t)], r[5].toDouble(), 1e-4);
                        EXPECT_NEAR(f.variance[static_cast<std::size_t>(t)], r[6].toDouble(), 1e-4);
                    }
                    QVERIFY(std::isnan(f.mean.back()));
                }
            }
        }
        // The head average: from /analysis and from the taps, the same; and the mean of the
        // heads' per-query attention (not the mean of their means' squares: check the variance).
        for (int layer = 0; layer < 5; ++layer) {
            const auto stored = buildAttentionReceivedFigure(CacheReader(analysed), 1, layer, -1);
            const auto computed = buildAttentionReceivedFigure(cache, 1, layer, -1);
            for (int t = 0; t + 1 < kTokens; ++t) {
                EXPECT_NEAR(stored.mean[static_cast<std::size_t>(t)], computed.mean[static_cast<std::size_t>(t)], 1e-6);
                EXPECT_NEAR(stored.variance[static_cast<std::size_t>(t)],
                            computed.variance[static_cast<std::size_t>(t)], 1e-6);
            }
        }
    }

    void attentionPatternIsTheStoredTap()
    {
        const CacheReader cache(plain);
        const Array attn = cache.read(2, "attn"); // [5, 8, T, T]
        const auto T = static_cast<std::size_t>(kTokens);
        for (int head = -1; head < 8; ++head) {
            const auto f = buildAttentionPatternFigure(cache, 2, 3, head);
            for (std::size_t q = 0; q < T; ++q) {
                double row = 0;
                for (std::size_t k = 0; k < T; ++k) {
                    double expected = 0;
                    for (int h = head < 0 ? 0 : head; h < (head < 0 ? 8 : head + 1); ++h)
                        expected += attn.data[((3 * 8 + static_cast<std::size_t>(h)) * T + q) * T + k];
                    expected /= head < 0 ? 8 : 1;
                    EXPECT_NEAR(f.probs[q * T + k], expected, 1e-6);
                    row += f.probs[q * T + k];
                }
                EXPECT_NEAR(row, 1.0, 1e-5); // softmax rows, causal
            }
        }
    }

    void sinkGridEqualsBosSinkAndTheSinkVerb()
    {
        const CacheReader cache(plain);
        const SinkGridFigure f = buildSinkGridFigure(cache, {}, 16);
        QCOMPARE(f.samples, kSamples);
        BosSink sink(16);
        for (int sample = 0; sample < kSamples; ++sample) {
            SampleTaps taps;
            taps.attention = cache.read(sample, "attn");
            sink.add(taps);
        }
        const auto perHead = sink.perHead();
        const auto rows = csvRows(file("sink.csv")); // layer,head,bos_attention (4 decimals)
        QCOMPARE(rows.size(), std::size_t(40));
        for (int l = 0; l < 5; ++l) {
            for (int h = 0; h < 8; ++h) {
                const double value = f.bosAttention[static_cast<std::size_t>(l * 8 + h)];
                EXPECT_NEAR(value, perHead[static_cast<std::size_t>(l)][static_cast<std::size_t>(h)], 1e-9);
                QVERIFY2(std::abs(value - rows[static_cast<std::size_t>(l * 8 + h)][2].toDouble()) <= 5e-5 + 1e-6,
                         qPrintable(QString::number(value)));
            }
        }
        double uniform = 0;
        for (int q = 16; q < kTokens; ++q) uniform += 1.0 / (q + 1);
        EXPECT_NEAR(f.uniformLevel, uniform / (kTokens - 16), 1e-12);
    }

    void darkRatiosFromAnalysisEqualTheTapsAndAFloat64Recomputation()
    {
        const CacheReader cache(plain);
        const StoredSpectrum spectrum = cache.readSpectrum("unembed");
        const Array resid = cache.read(1, "resid"); // [6, T, 64]
        const auto stored = buildDarkRatioFigure(CacheReader(analysed), 1, "unembed");
        const auto computed = buildDarkRatioFigure(cache, 1, "unembed");
        const std::size_t T = kTokens, d = 64;
        for (std::size_t s = 0; s < 6; ++s) {
            for (std::size_t t = 0; t < T; ++t) {
                const std::size_t at = s * T + t;
                EXPECT_NEAR(computed.ratio[at], stored.ratio[at], 1e-6);
                // Independently: coordinates against each v_i in float64, band 20 = indices 61..63.
                double dark = 0, light = 0;
                for (std::size_t i = 0; i < d; ++i) {
                    double c = 0;
                    for (std::size_t r = 0; r < d; ++r) c += spectrum.vectors[i * d + r] * resid.data[at * d + r];
                    (i >= 61 ? dark : light) += c * c;
                }
                EXPECT_NEAR(stored.ratio[at], std::sqrt(dark / light), 1e-4);
            }
        }
        const auto e = buildDarkRatioFigure(CacheReader(analysed), 1, "embed");
        const auto eComputed = buildDarkRatioFigure(cache, 1, "embed");
        for (std::size_t i = 0; i < e.ratio.size(); ++i) EXPECT_NEAR(eComputed.ratio[i], e.ratio[i], 1e-6);
    }

    void spectrogramFromAnalysisEqualsTheTaps()
    {
        using Axis = SpectrogramFigure::Axis;
        const CacheReader a(analysed), p(plain);
        for (const auto& [axis, fixed] : {std::pair{Axis::StreamByBand, 20}, std::pair{Axis::TokenByBand, 3}}) {
            const auto stored = buildSpectrogramFigure(a, 0, axis, fixed);
            const auto computed = buildSpectrogramFigure(p, 0, axis, fixed);
            QCOMPARE(stored.bands, 20);
            QCOMPARE(stored.energy.size(), computed.energy.size());
            for (std::size_t i = 0; i < stored.energy.size(); ++i)
                EXPECT_NEAR(computed.energy[i], stored.energy[i], 1e-5);
        }
        // The bands of a row sum to the squared norm of its vector.
        const Array resid = p.readSlice(0, "resid", 3);
        const auto f = buildSpectrogramFigure(a, 0, Axis::TokenByBand, 3);
        for (std::size_t t = 0; t < kTokens; ++t) {
            double squares = 0, sum = 0;
            for (std::size_t i = 0; i < 64; ++i) squares += double(resid.data[t * 64 + i]) * resid.data[t * 64 + i];
            for (std::size_t j = 0; j < 20; ++j) sum += f.energy[t * 20 + j];
            EXPECT_NEAR(sum, squares, 1e-5);
        }
    }

    void hmlvEqualsAnalyzeSummaryAndScatter()
    {
        const HmlvFigure f = buildHmlvFigure(CacheReader(analysed));
        QCOMPARE(f.firstLayer, 1);
        const auto summary = csvRows(file("summary.csv")); // layer,pairs,hmlv,udr_hmlv_mean,udr_rest_mean
        QCOMPARE(summary.size(), std::size_t(5));
        int flagged = 0;
        for (std::size_t l = 0; l < 5; ++l) {
            QCOMPARE(f.pointsPerLayer[l], summary[l][1].toInt());
            QCOMPARE(f.hmlvPerLayer[l], summary[l][2].toInt());
            EXPECT_NEAR(f.udrHmlvMean[l], summary[l][3] == "nan" ? NAN : summary[l][3].toDouble(), 1e-6);
            EXPECT_NEAR(f.udrRestMean[l], summary[l][4] == "nan" ? NAN : summary[l][4].toDouble(), 1e-6);
            flagged += f.hmlvPerLayer[l];
        }
        QVERIFY(flagged > 0);
        const auto scatter = csvRows(file("scatter.csv")); // sample,layer,position,token,mean,variance,udr,hmlv
        QCOMPARE(f.points.size(), scatter.size());
        for (std::size_t i = 0; i < scatter.size(); ++i) {
            const auto& p = f.points[i];
            const auto& r = scatter[i];
            QCOMPARE(p.sample, r[0].toInt());
            QCOMPARE(p.layer, r[1].toInt());
            QCOMPARE(p.token, r[2].toInt());
            EXPECT_NEAR(p.mean, r[4].toDouble(), 1e-6);
            EXPECT_NEAR(p.variance, r[5].toDouble(), 1e-6);
            EXPECT_NEAR(p.udr, r[6].toDouble(), 1e-6);
            QCOMPARE(p.hmlv, r[7] == "1");
        }
        // Without an analysis the statistics are computed from the taps: the same points.
        const HmlvFigure computed = buildHmlvFigure(CacheReader(plain));
        QCOMPARE(computed.points.size(), f.points.size());
        for (std::size_t i = 0; i < f.points.size(); ++i) {
            EXPECT_NEAR(computed.points[i].mean, f.points[i].mean, 1e-6);
            EXPECT_NEAR(computed.points[i].variance, f.points[i].variance, 1e-6);
            EXPECT_NEAR(computed.points[i].udr, f.points[i].udr, 1e-6);
        }
        // A subset of samples reads only those.
        QCOMPARE(buildHmlvFigure(CacheReader(analysed), {2}).points.size(), std::size_t(5 * (kTokens - 1)));
    }

    void tokenStripNllIsTheStoredLoss()
    {
        const CacheReader cache(plain);
        const Array nll = cache.read(0, "nll");
        const auto f = buildTokenStripFigure(cache, 0, "nll", -1);
        QVERIFY(std::isnan(f.values[0]));
        for (std::size_t t = 1; t < kTokens; ++t) QCOMPARE(f.values[t], double(nll.data[t - 1]));
        double mean = 0;
        for (std::size_t t = 1; t < kTokens; ++t) mean += f.values[t];
        mean /= kTokens - 1;
        QVERIFY(mean > 0.5 && mean < 5); // a trained model's NLL per token in nats
    }
};

QTEST_GUILESS_MAIN(TestFiguresStories260K)
#include "test_figures_stories260k.moc"
