// The three sink views (sink rate, massive activations, extreme-token triad) on a real cache: the
// demo model's run over the shared stories, analysed by core's analyzeCache with the sink
// extension (what the GUI's run job and `spectroscope-cli analyze` do). Each view's figure is
// built from /analysis (core/figures/sink_analysis_figures.cpp) and checked against the
// independent path of core, which recomputes from the stored attention, resid and the weights
// (sink_figures.cpp); the view draws that data (alpha per cell, flags, the triad's series), its
// CSV export equals the figure's table and its PDF / SVG / PNG exports are valid files.
#include "cell_map.h"
#include "corpus/samples.h"
#include "engine/transformer.h"
#include "experiments/cache_analyze.h"
#include "experiments/cache_sink_analysis.h"
#include "experiments/corpus_run.h"
#include "massive_activations_view.h"
#include "model/checkpoint.h"
#include "model/checkpoint_loader.h"
#include "model/default_model.h"
#include "sink_rate_view.h"
#include "sinks/massive_activations.h"
#include "sinks/sink_rate.h"
#include "sinks/value_states.h"
#include "spectral/bands.h"
#include "store/cache_reader.h"
#include "test_support.h"
#include "tokenizer/tokenizer.h"
#include "triad_view.h"
#include "view_helpers.h"
#include "view_test_support.h"

#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace spectro;
using namespace spectro::figures;

namespace {

// Largest |a - b| over two series of the same length; infinite when the lengths differ.
double maxDifference(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size()) return INFINITY;
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(a[i]) && std::isnan(b[i])) continue;
        worst = std::max(worst, std::abs(a[i] - b[i]) / std::max(1.0, std::abs(b[i])));
    }
    return worst;
}

template <class Figure> FigurePtr<Figure> withTestProvenance(const Figure& f)
{
    auto copy = std::make_shared<Figure>(f);
    copy->provenance = test::provenance();
    return copy;
}

} // namespace

class TestSinkViews : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    std::string path;
    std::shared_ptr<const Checkpoint> checkpoint;
    std::unique_ptr<ValueStates> values;

private Q_SLOTS:
    void initTestCase()
    {
        SPECTRO_REQUIRE_SHARED();
        checkpoint = std::make_shared<const Checkpoint>(loadCheckpoint(defaultModelPath()));
        const auto tokenizer = findTokenizer(*checkpoint);
        QVERIFY(tokenizer);
        Transformer transformer(checkpoint);
        CorpusRunRequest r;
        path = tmp.filePath("demo.h5").toStdString();
        r.out = path;
        r.input.text = test::sharedPath("corpora/tinystories_validation_first_stories.txt");
        r.input.maxTokens = 40;
        r.input.maxSamples = 3;
        r.samples = samplesFromTextFile(r.input.text, *tokenizer, r.input.maxTokens, r.input.maxSamples);
        r.taps = TapSet::parse("resid,attn");
        runCorpus(transformer, *checkpoint, *tokenizer, r, planCorpusRun(*checkpoint, *tokenizer, r));
        values = std::make_unique<ValueStates>(*checkpoint);
        const auto cache = std::make_shared<const CacheReader>(path);
        const SpectrumProvider spectra = [cache](SpectralMatrix m) { return spectrumFromCache(*cache, m); };
        CacheAnalysisOptions options;
        options.bands = std::min(20, cache->config().dim);
        const auto channelUdr =
            channelDarkRatios(*spectra(SpectralMatrix::Unembed), makeBands(cache->config().dim, options.bands));
        options.extension = sinkAnalysisExtension(std::make_shared<SinkAnalysis>(
            SinkAnalysisOptions{}, std::make_shared<const ValueStates>(*checkpoint), channelUdr));
        analyzeCache(path, options, spectra);
    }

    void sinkRateViewShowsCoresAlphaAndRates()
    {
        const CacheReader cache(path);
        const SinkRateFigure stored = sinkRateFigureFromAnalysis(cache);
        // The independent path: alpha recomputed from the stored attention, layer by layer.
        const SinkRateFigure reference = buildSinkRateFigure(cache, SinkRateOptions{});
        QCOMPARE(stored.layers, reference.layers);
        QCOMPARE(stored.heads, reference.heads);
        QCOMPARE(stored.positions, reference.positions);
        QCOMPARE(stored.samples, 3);
        QVERIFY(maxDifference(stored.alpha, reference.alpha) <= 1e-6);
        QVERIFY(maxDifference(stored.headRate, reference.headRate) <= 1e-6);
        QVERIFY(maxDifference(stored.layerRate, reference.layerRate) <= 1e-6);
        QVERIFY(maxDifference(stored.rate, reference.rate) <= 1e-6);

        widgets::SinkRateView view;
        test::verifyEmpty(view);
        view.setFigure(std::make_shared<const SinkRateFigure>(stored));
        test::showView(view);
        QVERIFY(view.hasFigure());
        QCOMPARE(view.position(), 0);
        int above = 0;
        for (int l = 0; l < reference.layers; ++l) {
            for (int h = 0; h < reference.heads; ++h) {
                const double a =
                    reference.alpha[(static_cast<std::size_t>(l) * reference.heads + h) * reference.positions];
                QVERIFY(std::abs(view.alphaAt(l, h) - a) <= 1e-6);
                QVERIFY(std::abs(view.cells().value(l, h) - a) <= 1e-6);
                above += a > reference.epsilon;
            }
        }
        QCOMPARE(view.cellsAboveEpsilon(), above);
        // The demo model's sink layers: some head sends more than epsilon to BoS, so the marks are tested.
        QVERIFY(above > 0);
        // Hover read-out names the layer's and the overall sink rate.
        QCustomPlot* plot = view.plotWidget();
        test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 1, 2));
        QVERIFY2(view.readout().contains("layer 2, head 1"), qPrintable(view.readout()));
        QVERIFY(view.readout().contains(widgets::number(reference.rate[0])));
        // Following the selected token as the key position.
        view.applySettings(QStringLiteral("{\"key\":\"token\"}"));
        workbench::Selection s;
        s.token = 3;
        view.setSelection(s);
        QCOMPARE(view.position(), 3);
        QVERIFY(std::abs(view.alphaAt(0, 0) - reference.alpha[3]) <= 1e-6);
        // Keyboard: Down moves the layer, Right the head.
        QSignalSpy requested(&view, &widgets::FigureView::selectionRequested);
        test::pressKey(view, Qt::Key_Down);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).value<workbench::Selection>().layer, 1);
        view.setFigure(withTestProvenance(stored)); // the exports carry the provenance the checks look for
        test::verifyExports(view, view.figure()->table().csv());
        QVERIFY(!QTest::currentTestFailed());
    }

    void massiveActivationsViewShowsCoresEntries()
    {
        const CacheReader cache(path);
        const TokenLabels labels = cacheTokenLabels(cache, 1);
        // Thresholds low enough that the demo model has massive entries to mark.
        const MassiveActivationsFigure stored = massiveActivationsFigureFromAnalysis(cache, 1, labels, 2.0, 5.0);
        MassiveOptions o;
        o.above = 2.0;
        o.ratio = 5.0;
        const MassiveActivationsFigure reference = buildMassiveActivationsFigure(cache, 1, o, labels);
        QCOMPARE(stored.streams, reference.streams);
        QCOMPARE(stored.top, reference.top);
        QCOMPARE(stored.position, reference.position);
        QCOMPARE(stored.channel, reference.channel);
        QCOMPARE(stored.massive, reference.massive);
        QVERIFY(maxDifference(stored.value, reference.value) <= 1e-6);
        QVERIFY(maxDifference(stored.median, reference.median) <= 1e-6);
        QCOMPARE(stored.channelUdr.size(), stored.value.size());
        int flagged = 0;
        for (int m : reference.massive) flagged += m;
        QVERIFY(flagged > 0);

        widgets::MassiveActivationsView view;
        test::verifyEmpty(view);
        QSignalSpy changed(&view, &widgets::FigureView::settingsChanged);
        view.applySettings(QStringLiteral("{\"above\":2,\"ratio\":5}"));
        QCOMPARE(changed.count(), 0); // restoring a session rebuilds once, through the app
        QCOMPARE(view.above(), 2.0);
        view.setFigure(std::make_shared<const MassiveActivationsFigure>(stored));
        test::showView(view);
        QCOMPARE(view.flaggedCells(), flagged);
        for (int s = 0; s < stored.streams; ++s)
            for (int r = 0; r < stored.top; ++r) {
                const double v = stored.value[static_cast<std::size_t>(s) * stored.top + r];
                QVERIFY(std::abs(view.cells().value(s, r) - std::log10(std::fabs(v))) <= 1e-9);
            }
        // Hover names the token and the channel; a click selects the stream and the token.
        QCustomPlot* plot = view.plotWidget();
        test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 0, 2));
        const std::size_t at = 2 * static_cast<std::size_t>(stored.top);
        QVERIFY2(view.readout().contains(QStringLiteral("channel %1").arg(stored.channel[at])),
                 qPrintable(view.readout()));
        QSignalSpy requested(&view, &widgets::FigureView::selectionRequested);
        test::mouseClick(plot, test::pixelOf(plot->xAxis, plot->yAxis, 0, 2));
        QCOMPARE(requested.count(), 1);
        const auto s = requested.at(0).at(0).value<workbench::Selection>();
        QCOMPARE(s.layer, 2);
        QCOMPARE(s.token, stored.position[at]);
        // A threshold edit asks for another figure, built with the new threshold.
        auto boxes = view.findChildren<QDoubleSpinBox*>();
        QCOMPARE(boxes.size(), 2);
        boxes[0]->setValue(3);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(widgets::settingsObject(view.settings()).value("above").toDouble(), 3.0);
        view.applySettings(QStringLiteral("{\"above\":2,\"ratio\":5}"));
        view.setFigure(withTestProvenance(stored)); // the exports carry the provenance the checks look for
        test::verifyExports(view, view.figure()->table().csv());
        QVERIFY(!QTest::currentTestFailed());
    }

    void triadViewShowsCoresTriad()
    {
        const CacheReader cache(path);
        const TokenLabels labels = cacheTokenLabels(cache, 0);
        const int layer = 2;
        QVERIFY(hasStoredTriad(cache, 0));
        const TriadFigure stored = triadFigureFromAnalysis(cache, 0, layer, labels);
        // The independent path: recomputed from resid[layer], attn[layer] and W_v.
        const TriadFigure reference = buildTriadFigure(cache, 0, layer, *values, labels);
        QCOMPARE(stored.kvHeads, reference.kvHeads);
        QCOMPARE(stored.queryHeads, checkpoint->config.nHeads);
        QVERIFY(maxDifference(stored.attention, reference.attention) <= 1e-6);
        QVERIFY(maxDifference(stored.valueNorm, reference.valueNorm) <= 1e-5);
        QVERIFY(maxDifference(stored.valueRatio, reference.valueRatio) <= 1e-6);
        QVERIFY(maxDifference(stored.residNorm, reference.residNorm) <= 1e-5);
        QVERIFY(maxDifference(stored.residRatio, reference.residRatio) <= 1e-6);

        widgets::TriadView view;
        test::verifyEmpty(view);
        view.setFigure(std::make_shared<const TriadFigure>(stored));
        test::showView(view);
        // The head average: the mean over the kv heads.
        QCOMPARE(view.kvGroup(), -1);
        const std::size_t T = stored.residRatio.size();
        std::vector<double> mean(T, 0.0);
        for (int g = 0; g < stored.kvHeads; ++g)
            for (std::size_t t = 0; t < T; ++t) mean[t] += stored.attention[g * T + t] / stored.kvHeads;
        QVERIFY(maxDifference(view.attention(), mean) <= 1e-12);
        QCOMPARE(view.residRatio(), stored.residRatio);
        // Query head h reads kv group h * G / H.
        workbench::Selection s;
        s.layer = layer;
        s.head = checkpoint->config.nHeads - 1;
        view.setSelection(s);
        QCOMPARE(view.kvGroup(), stored.kvHeads - 1);
        const std::vector<double> last(stored.valueRatio.end() - static_cast<std::ptrdiff_t>(T),
                                       stored.valueRatio.end());
        QCOMPARE(view.valueRatio(), last);
        QVERIFY(!view.namedTokens().empty());
        QVERIFY(std::find(view.namedTokens().begin(), view.namedTokens().end(), 0) == view.namedTokens().end());
        // Hover on a token gives its three values; Right steps the token.
        QCustomPlot* plot = view.plotWidget();
        test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 4, 0.01));
        QVERIFY2(view.readout().contains(widgets::number(stored.residRatio[4])), qPrintable(view.readout()));
        QSignalSpy requested(&view, &widgets::FigureView::selectionRequested);
        test::pressKey(view, Qt::Key_Right);
        QCOMPARE(requested.count(), 1);
        view.setFigure(withTestProvenance(stored)); // the exports carry the provenance the checks look for
        test::verifyExports(view, view.figure()->table().csv());
        QVERIFY(!QTest::currentTestFailed());
    }

    void emptyAndBadInput()
    {
        const CacheReader cache(path);
        // Errors name the cache and what is missing.
        SPECTRO_VERIFY_ERROR(massiveActivationsFigureFromAnalysis(cache, 99, {}, NAN, NAN), "no sample 99");
        SPECTRO_VERIFY_ERROR(sinkRateFigureFromAnalysis(cache, 10000), "position 10000");
        SPECTRO_VERIFY_ERROR(triadFigureFromAnalysis(cache, 0, 99, {}), "layer 99");
        // A figure of the wrong shape leaves the view empty with a message.
        auto bad = std::make_shared<SinkRateFigure>();
        bad->layers = 2;
        bad->heads = 2;
        bad->positions = 3;
        widgets::SinkRateView view;
        view.setFigure(bad);
        test::verifyEmpty(view);
    }
};

QTEST_MAIN(TestSinkViews)
#include "test_sink_views.moc"
