// The sink figures (figures/sink_figures.h) built from a cache of the demo model against the
// core measurements on the whole samples' taps, their tables (columns, rows, numbers), and the
// errors for missing taps and out-of-range selections.
#include "engine/transformer.h"
#include "figures/sink_figures.h"
#include "model/checkpoint_loader.h"
#include "model/default_model.h"
#include "sinks/extreme_token_triad.h"
#include "sinks/massive_activations.h"
#include "sinks/sink_rate.h"
#include "spectral/spectrum.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace spectro;
using namespace spectro::figures;

class TestSinkFigures : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    std::shared_ptr<const Checkpoint> ckpt;
    std::vector<SampleTaps> taps;
    std::string cachePath;

private Q_SLOTS:
    void initTestCase()
    {
        ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(defaultModelPath()));
        const Transformer model(ckpt);
        ForwardRequest request;
        request.samples = {{1, 45, 300, 12, 77, 900, 5, 6, 1500, 33, 2, 8, 400, 61, 19, 1000, 7, 3, 250, 14},
                           {1, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100}};
        request.taps = TapSet::parse("resid,attn");
        request.taps.logits = false;
        taps = model.forward(request);
        cachePath = tmp.filePath("sinks.h5").toStdString();
        CacheWriter writer(cachePath, ckpt->config, {ckpt->path, "hf-safetensors", "demo", "", "{}"});
        writer.addSample(0, taps[0], "", {});
        SampleTaps residOnly = taps[1];
        residOnly.attention = Array();
        writer.addSample(1, taps[1], "", {});
        writer.addSample(2, residOnly, "", {});
        writer.commit();
    }

    void sinkRateGrid()
    {
        const CacheReader cache(cachePath);
        const SinkRateOptions options{0.3, 16, false};
        const SinkRateFigure f = buildSinkRateFigure(cache, options); // samples 0 and 1 (2 has no attn)
        SinkRate whole(options);
        whole.add(taps[0].attention);
        whole.add(taps[1].attention);
        QCOMPARE(f.samples, 2);
        QCOMPARE(f.positions, 16);
        QCOMPARE(f.layers, 4);
        QCOMPARE(f.heads, 4);
        for (int l = 0; l < 4; ++l) {
            for (int h = 0; h < 4; ++h) {
                QCOMPARE(f.grid(l, h), whole.headRate(l, h, 0));
                QCOMPARE(f.alpha[(static_cast<std::size_t>(l) * 4 + h) * 16 + 3], whole.meanAlpha(l, h, 3));
            }
        }
        QCOMPARE(f.rate[0], whole.rate(0));
        QVERIFY(f.rate[0] > 0.2); // the demo model's sink
        const FigureTable t = f.table();
        QCOMPARE(t.columns, (std::vector<std::string>{"layer", "head", "position", "alpha", "sink_rate"}));
        QCOMPARE(t.rows.size(), std::size_t{4 * 4 * 16 + 4 * 16 + 16});
        QCOMPARE(t.rows.back()[0], std::string("all"));
        QCOMPARE(t.rows.back()[3], std::string(""));
        QCOMPARE(t.provenance.at("tokens"), std::string("16"));
        // A later position, and the errors.
        QCOMPARE(buildSinkRateFigure(cache, options, {0}, 5).position, 5);
        SPECTRO_VERIFY_ERROR(buildSinkRateFigure(cache, options, {2}), "attn tap");
        SPECTRO_VERIFY_ERROR(buildSinkRateFigure(cache, options, {9}), "no sample 9");
        SPECTRO_VERIFY_ERROR(buildSinkRateFigure(cache, options, {}, 16), "position 16");
    }

    void massiveActivationsGrid()
    {
        const CacheReader cache(cachePath);
        MassiveOptions options;
        options.top = 4;
        options.above = 1;
        options.ratio = 10;
        const Spectrum spectrum = computeSpectrum(*ckpt, SpectralMatrix::Unembed);
        const BandLayout bands = makeBands(spectrum.dim, 20);
        TokenLabels labels{taps[0].tokens, std::vector<std::string>(taps[0].tokens.size(), "p")};
        const MassiveActivationsFigure f = buildMassiveActivationsFigure(cache, 0, options, labels, &spectrum, &bands);
        const auto whole = massiveActivations(taps[0].resid, options);
        const auto udr = channelDarkRatios(spectrum, bands);
        QCOMPARE(f.streams, 5);
        QCOMPARE(f.top, 4);
        for (int s = 0; s < 5; ++s) {
            QCOMPARE(f.median[static_cast<std::size_t>(s)], whole[static_cast<std::size_t>(s)].median);
            for (int r = 0; r < 4; ++r) {
                const auto& e = whole[static_cast<std::size_t>(s)].top[static_cast<std::size_t>(r)];
                const std::size_t at = static_cast<std::size_t>(s) * 4 + static_cast<std::size_t>(r);
                QCOMPARE(f.value[at], static_cast<double>(e.value));
                QCOMPARE(f.channel[at], e.channel);
                QCOMPARE(f.massive[at], e.massive ? 1 : 0);
                QCOMPARE(f.channelUdr[at], udr[static_cast<std::size_t>(e.channel)]);
            }
        }
        QCOMPARE(f.position[4], 0); // stream 1, rank 0: the BoS entry
        QCOMPARE(f.massive[4], 1);
        const FigureTable t = f.table();
        QCOMPARE(t.columns.size(), std::size_t{12});
        QCOMPARE(t.rows.size(), std::size_t{5 * 4});
        QCOMPARE(t.rows[4][3], std::to_string(taps[0].tokens[0]));
        QCOMPARE(t.rows[4][4], std::string("p"));
        QCOMPARE(t.rows[4][10], std::string("1"));
        // Without a spectrum the U-dark column stays empty.
        const auto plain = buildMassiveActivationsFigure(cache, 0, options, labels);
        QVERIFY(plain.channelUdr.empty());
        QCOMPARE(plain.table().rows[0][11], std::string(""));
    }

    void triadPerToken()
    {
        const CacheReader cache(cachePath);
        const ValueStates values(*ckpt);
        const ExtremeTokenTriad whole = extremeTokenTriad(taps[0].resid, taps[0].attention, values);
        const TriadFigure f = buildTriadFigure(cache, 0, 2, values, {});
        QCOMPARE(f.kvHeads, 2);
        const int T = static_cast<int>(taps[0].tokens.size());
        for (int g = 0; g < 2; ++g) {
            for (int t = 0; t < T; ++t) {
                QCOMPARE(f.valueRatio[static_cast<std::size_t>(g * T + t)], whole.valueRatio[whole.at(2, g, t)]);
                QCOMPARE(f.attention[static_cast<std::size_t>(g * T + t)], whole.attention[whole.at(2, g, t)]);
            }
        }
        QCOMPARE(f.residRatio[0], whole.residRatio[whole.at(2, 0)]);
        QVERIFY(f.attention[0] > 0.5 && f.valueRatio[0] < 0.5 && f.residRatio[0] > 2); // the sink layer's BoS
        const FigureTable t = f.table();
        QCOMPARE(t.columns.front(), std::string("kv_head"));
        QCOMPARE(t.rows.size(), static_cast<std::size_t>(2 * T));
        SPECTRO_VERIFY_ERROR(buildTriadFigure(cache, 2, 1, values, {}), "attn tap");
        SPECTRO_VERIFY_ERROR(buildTriadFigure(cache, 0, 4, values, {}), "layer 4");
    }
};

QTEST_GUILESS_MAIN(TestSinkFigures)
#include "test_sink_figures.moc"
