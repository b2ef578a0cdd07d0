// The filter lab panel end to end on the demo model: the NLL it shows after a move of the k slider
// equals `spectroscope-cli sweep` for the same setting (1e-6), its spectrum shades the kept bands,
// a drag is one undo step and undo / redo bring back settings and results at once; an answer to
// an older request never replaces a newer one (a slow engine, and a late answer); the sweep
// heatmap's cells equal the CLI's CSV and a click sets the controls to the cell; a cancelled sweep
// keeps its cells and the cache, and a reopened lab shows the stored sweep at once; generation
// and reset work; the Stream tab shows the filtered pass's U-dark ratio and spectrogram and
// follows the slider.
#include "dark_ratio_view.h"
#include "filter_lab_controls.h"
#include "filter_lab_generation_pane.h"
#include "filter_lab_mixer.h"
#include "filter_lab_panel.h"
#include "filter_lab_stream_pane.h"
#include "filter_lab_sweep_pane.h"
#include "filter_nll_view.h"
#include "filterlab/stream_spectra.h"
#include "generation_view.h"
#include "model/checkpoint_loader.h"
#include "model/default_model.h"
#include "per_token_nll_view.h"
#include "spectrogram_view.h"
#include "spectrum_view.h"
#include "store/cache_reader.h"
#include "sweep_heatmap_view.h"
#include "test_support.h"
#include "tokenizer/tokenizer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <atomic>
#include <cmath>
#include <thread>

using namespace spectro;
using namespace spectro::gui;

namespace {

std::vector<std::pair<QStringList, double>> readCsv(const QString& path)
{
    QFile f(path);
    std::vector<std::pair<QStringList, double>> rows;
    if (!f.open(QIODevice::ReadOnly)) return rows;
    const auto lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    for (int i = 1; i < lines.size(); ++i) {
        const auto c = lines[i].split(',');
        rows.push_back({c, c[6].toDouble()});
    }
    return rows;
}

} // namespace

class TestFilterLabPanel : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    ModelSnapshotPtr snapshot;
    QString modelDir;

    QString path(const QString& name) const { return tmp.filePath(name); }

    int cli(const QStringList& args)
    {
        QProcess p;
        p.start(QString::fromUtf8(SPECTRO_CLI_PATH), args);
        if (!p.waitForFinished(120000)) return -1;
        if (p.exitCode() != 0) qWarning("%s", p.readAllStandardError().constData());
        return p.exitCode();
    }

    std::vector<std::pair<QStringList, double>> cliSweep(const QStringList& options, const QString& name)
    {
        const QStringList args =
            QStringList{"sweep", modelDir, "--cache", path("cache.h5")} + options + QStringList{"--out", path(name)};
        if (cli(args) != 0) return {};
        return readCsv(path(name));
    }

    // Opens a panel on the test cache and waits for its engine.
    std::unique_ptr<FilterLabPanel> openPanel()
    {
        auto panel = std::make_unique<FilterLabPanel>();
        panel->resize(1400, 800);
        panel->show();
        panel->samplesBox()->setValue(3);
        panel->setSource(path("cache.h5"), snapshot);
        return panel;
    }

    static bool waitFor(const std::function<bool()>& predicate, int ms = 60000)
    {
        QElapsedTimer t;
        t.start();
        while (!predicate()) {
            if (t.elapsed() > ms) return false;
            QTest::qWait(5);
        }
        return true;
    }

    static bool shows(const FilterLabPanel& panel, const filterlab::FilterSetting& s)
    {
        return panel.shownOutcome() && panel.shownOutcome()->setting == s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        SPECTRO_REQUIRE_SHARED();
        QVERIFY(tmp.isValid());
        qputenv("SPECTRO_CACHE_DIR", tmp.filePath("spectra").toUtf8());
        modelDir = QString::fromStdString(defaultModelPath());
        auto s = std::make_shared<ModelSnapshot>();
        s->path = modelDir;
        s->checkpoint = std::make_shared<const Checkpoint>(loadCheckpoint(modelDir.toStdString()));
        s->tokenizer = findTokenizer(*s->checkpoint);
        s->config = s->checkpoint->config;
        snapshot = s;
        const QString text =
            QString::fromStdString(test::sharedPath("corpora/tinystories_validation_first_stories.txt"));
        QCOMPARE(cli({"run", modelDir, "--text", text, "--samples", "3", "--max-tokens", "48", "--taps",
                      "resid,mlp_out", "--out", path("cache.h5")}),
                 0);
    }

    void sliderShowsTheCliNll()
    {
        auto panel = openPanel();
        QVERIFY(waitFor([&] { return panel->isReady() && panel->shownOutcome(); }));
        const filterlab::FilterSetting start = panel->setting();
        QCOMPARE(start.kind, FilterKind::PhiU);
        QCOMPARE(start.k, 20);
        QCOMPARE(start.layers, std::vector<int>{1});
        QVERIFY(std::abs(panel->shownOutcome()->filtered->nll - panel->shownOutcome()->baseline->nll) < 1e-6);

        panel->controls()->kSlider()->setValue(19); // the dark band goes
        filterlab::FilterSetting s19 = start;
        s19.k = 19;
        QCOMPARE(panel->setting(), s19);
        QVERIFY(waitFor([&] { return shows(*panel, s19); }));
        const auto rows = cliSweep({"--filter", "phi-u", "--layers", "1", "--k", "19"}, "k19.csv");
        QCOMPARE(rows.size(), std::size_t{2});
        QVERIFY(std::abs(panel->shownOutcome()->filtered->nll - rows[1].second) < 1e-6);
        QVERIFY(std::abs(panel->nllView()->figure()->filtered - rows[1].second) < 1e-6);
        QVERIFY(std::abs(panel->nllView()->figure()->baseline - rows[0].second) < 1e-6);
        QVERIFY(panel->nllView()->figure()->change() > 0.05); // the demo model's step at the dark band
        // The spectrum shades what is kept; the mixer strip says the same.
        QVERIFY(waitFor([&] { return panel->spectrumView()->figure() != nullptr; }));
        const auto& kept = panel->spectrumView()->figure()->bandsKept;
        QCOMPARE(kept.size(), std::size_t{20});
        QVERIFY(kept[18] && !kept[19]);
        QVERIFY(panel->controls()->mixer()->isKeptShown(19) && !panel->controls()->mixer()->isKeptShown(20));
        // The per-token view shows the selected sample's tokens, BoS unpredicted.
        const auto* perToken = panel->perTokenView()->figure();
        QVERIFY(perToken);
        QCOMPARE(perToken->baseline.size(), std::size_t{48});
        QVERIFY(std::isnan(perToken->baseline[0]));
        // Muting band 19 too: bands-u 1-18, as the CLI computes it.
        panel->controls()->mixer()->muteButton(19)->click();
        QCOMPARE(panel->setting().mute, std::vector<int>{19});
        const filterlab::FilterSetting muted = panel->setting();
        QVERIFY(waitFor([&] { return shows(*panel, muted); }));
        const auto bands = cliSweep({"--filter", "bands-u", "--keep-bands", "1-18", "--layers", "1"}, "b.csv");
        QVERIFY(std::abs(panel->shownOutcome()->filtered->nll - bands[1].second) < 1e-6);
    }

    // A sink control chosen in the kind box: the setting names it, the options that do not apply
    // to it are disabled, and the NLL shown is the CLI's `sweep --control` (1e-6).
    void sinkControlShowsTheCliNll()
    {
        auto panel = openPanel();
        QVERIFY(waitFor([&] { return panel->isReady() && panel->shownOutcome(); }));
        QComboBox* kind = panel->controls()->kindBox();
        const int item = kind->findData(QStringLiteral("bos-zero"));
        QVERIFY(item >= 0);
        kind->setCurrentIndex(item);
        Q_EMIT kind->activated(item);
        filterlab::FilterSetting zero = panel->setting();
        QCOMPARE(zero.control, std::string("bos-zero"));
        QCOMPARE(zero.kind, FilterKind::None);
        QCOMPARE(zero.layers, std::vector<int>{1});
        QVERIFY(!panel->controls()->kSlider()->isEnabled() && !panel->controls()->siteBox()->isEnabled());
        QVERIFY(waitFor([&] { return shows(*panel, zero); }));
        const auto rows = cliSweep({"--control", "bos-zero", "--layers", "1"}, "bos-zero.csv");
        QCOMPARE(rows.size(), std::size_t{2});
        QVERIFY(std::abs(panel->shownOutcome()->filtered->nll - rows[1].second) < 1e-6);
        QVERIFY(std::abs(panel->nllView()->figure()->filtered - rows[1].second) < 1e-6);
        // The demo model needs its BoS stream after layer 1 (docs/science.md: +0.045 nats).
        QVERIFY(panel->nllView()->figure()->change() > 0.01);
        // Back to a filter: the control is gone.
        const int phi = kind->findData(static_cast<int>(FilterKind::PhiU));
        kind->setCurrentIndex(phi);
        Q_EMIT kind->activated(phi);
        QVERIFY(panel->setting().control.empty());
        QCOMPARE(panel->setting().kind, FilterKind::PhiU);
    }

    void dragIsOneUndoStepAndUndoRestoresResults()
    {
        auto panel = openPanel();
        QVERIFY(waitFor([&] { return panel->isReady() && panel->shownOutcome(); }));
        QSlider* slider = panel->controls()->kSlider();
        slider->setValue(19);
        const filterlab::FilterSetting s19 = panel->setting();
        QVERIFY(waitFor([&] { return shows(*panel, s19); }));
        const filterlab::OutcomePtr answer19 = panel->shownOutcome();
        panel->controls()->burstEnded(); // the slider was released
        // A drag down to k = 10, as fast as the events come: one entry.
        const std::size_t before = panel->history().size();
        for (int k = 18; k >= 10; --k) {
            slider->setValue(k);
            QTest::qWait(2);
        }
        QCOMPARE(panel->history().size(), before + 1);
        const filterlab::FilterSetting s10 = panel->setting();
        QVERIFY(waitFor([&] { return shows(*panel, s10); }));
        const filterlab::OutcomePtr answer10 = panel->shownOutcome();
        // Undo: k = 19 and its answer, at once (no re-filtering).
        panel->undo();
        QCOMPARE(panel->setting(), s19);
        QCOMPARE(slider->value(), 19);
        QCOMPARE(panel->shownOutcome(), answer19);
        QCOMPARE(panel->nllView()->figure()->filtered, answer19->filtered->nll);
        panel->redo();
        QCOMPARE(panel->setting(), s10);
        QCOMPARE(panel->shownOutcome(), answer10);
        // Reset: unfiltered, NLL change 0.
        panel->reset();
        QVERIFY(panel->setting().isUnfiltered());
        QVERIFY(waitFor([&] { return panel->shownOutcome()->setting.isUnfiltered(); }));
        QCOMPARE(panel->nllView()->figure()->change(), 0.0);
        panel->undo();
        QCOMPARE(panel->setting(), s10);
        QCOMPARE(panel->shownOutcome(), answer10);
    }

    void olderAnswersNeverReplaceNewerOnes()
    {
        auto panel = openPanel();
        QVERIFY(waitFor([&] { return panel->isReady() && panel->shownOutcome(); }));
        // A slow engine: the first request waits in its first layer until the second one is made.
        std::atomic<bool> started{false}, release{false};
        std::atomic<std::uint64_t> slowId{0};
        panel->engine()->setPassObserver([&](std::uint64_t id) {
            if (slowId == 0) slowId = id;
            if (id != slowId) return;
            started = true;
            while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        });
        std::vector<int> shownK;
        connect(panel.get(), &FilterLabPanel::outcomeShown, this,
                [&](const filterlab::OutcomePtr& o) { shownK.push_back(o->setting.k); });
        panel->controls()->kSlider()->setValue(5);
        QVERIFY(waitFor([&] { return started.load(); }));
        panel->controls()->kSlider()->setValue(6); // waits kSupersedeMs for the answer, then supersedes it
        QTest::qWait(FilterLabEngine::kSupersedeMs + 50);
        release = true;
        filterlab::FilterSetting s6 = panel->setting();
        QVERIFY(waitFor([&] { return shows(*panel, s6); }));
        QTest::qWait(200);
        QCOMPARE(shownK, std::vector<int>{6}); // k = 5 was abandoned, never shown
        // A late answer to an older request (as if it had raced) is not shown over the newer one.
        auto late = std::make_shared<filterlab::FilterOutcome>(*panel->shownOutcome());
        late->request = panel->shownOutcome()->request - 1;
        late->setting.k = 2;
        Q_EMIT panel->engine()->outcome(late);
        QCOMPARE(panel->shownOutcome()->setting, s6);
    }

    void sweepHeatmapEqualsCliAndCellsSetTheControls()
    {
        auto panel = openPanel();
        QVERIFY(waitFor([&] { return panel->isReady(); }));
        FilterLabSweepPane* pane = panel->sweepPane();
        panel->tabs()->setCurrentWidget(pane);
        QVERIFY(pane->sweepButton()->isEnabled());
        pane->sweepButton()->click();
        QVERIFY(waitFor([&] { return !pane->isSweeping(); }));
        QVERIFY(pane->primaryView()->figure());
        const figures::SweepFigure full = *pane->primaryView()->figure(); // the view replaces its figure later
        const auto* figure = &full;
        QCOMPARE(figure->name, std::string("phi-u_resid_all"));
        QCOMPARE(figure->done(), 4 * 20);
        const auto rows = cliSweep({"--filter", "phi-u"}, "full.csv");
        QCOMPARE(rows.size(), std::size_t{1 + 80});
        for (std::size_t i = 1; i < rows.size(); ++i) {
            const int layer = rows[i].first[2].toInt(), k = rows[i].first[3].toInt();
            QVERIFY(std::abs(figure->value(layer, k - 1) - rows[i].second) < 1e-6);
        }
        // A click on a cell sets the controls there and re-filters to the cell's value.
        Q_EMIT pane->primaryView()->cellClicked(2, 7);
        QCOMPARE(panel->setting().layers, std::vector<int>{2});
        QCOMPARE(panel->setting().k, 7);
        const filterlab::FilterSetting cell = panel->setting();
        QVERIFY(waitFor([&] { return shows(*panel, cell); }));
        QVERIFY(std::abs(panel->shownOutcome()->filtered->nll - figure->value(2, 6)) < 1e-6);
        // Omega_u against Phi_u as a difference.
        panel->controls()->kindBox()->setCurrentIndex(
            panel->controls()->kindBox()->findData(static_cast<int>(FilterKind::OmegaU)));
        Q_EMIT panel->controls()->kindBox()->activated(panel->controls()->kindBox()->currentIndex());
        QCOMPARE(panel->setting().kind, FilterKind::OmegaU);
        panel->tabs()->setCurrentWidget(pane); // the cell click went back to the live tab
        pane->sweepButton()->click();
        QVERIFY(waitFor([&] { return !pane->isSweeping(); }));
        pane->compareBox()->setCurrentIndex(pane->compareBox()->findData(QStringLiteral("phi-u_resid_all")));
        Q_EMIT pane->compareBox()->activated(pane->compareBox()->currentIndex());
        pane->differenceBox()->setChecked(true);
        const auto* diff = pane->primaryView()->figure();
        QVERIFY(diff->isDifference());
        QCOMPARE(diff->otherName, std::string("phi-u_resid_all"));
        QVERIFY(std::abs(diff->value(0, 19) - (diff->nll[19] - diff->otherNll[19])) < 1e-12);
    }

    void cancelledSweepKeepsCellsAndReopensAtOnce()
    {
        std::size_t kept = 0;
        {
            auto panel = openPanel();
            QVERIFY(waitFor([&] { return panel->isReady(); }));
            panel->controls()->kindBox()->setCurrentIndex(
                panel->controls()->kindBox()->findData(static_cast<int>(FilterKind::Random)));
            Q_EMIT panel->controls()->kindBox()->activated(panel->controls()->kindBox()->currentIndex());
            FilterLabSweepPane* pane = panel->sweepPane(); // a hidden tab: the grid fills all the same
            pane->sweepButton()->click();
            const std::string name = "random_resid_all_seed0";
            QVERIFY(waitFor([&] { return pane->grid(name) && pane->grid(name)->done() >= 3; }));
            pane->cancelButton()->click();
            QVERIFY(waitFor([&] { return !pane->isSweeping(); }));
            kept = static_cast<std::size_t>(pane->grid(name)->done());
            QVERIFY(!pane->primaryView()->figure()); // nothing drawn while hidden...
            panel->tabs()->setCurrentWidget(pane);
            QCOMPARE(pane->primaryView()->figure()->done(), static_cast<int>(kept)); // ...until shown
            QVERIFY(kept >= 3 && kept < 80);
        }
        const CacheReader cache(path("cache.h5").toStdString());
        QCOMPARE(cache.sampleIndices().size(), std::size_t{3});
        // A new lab on the same cache shows the stored sweeps before computing anything.
        auto panel = openPanel();
        QVERIFY(waitFor([&] { return panel->isReady(); }));
        QVERIFY(panel->sweepPane()->grid("phi-u_resid_all") != nullptr);
        QVERIFY(panel->sweepPane()->grid("phi-u_resid_all")->complete());
        const auto random = panel->sweepPane()->grid("random_resid_all_seed0");
        QVERIFY(random != nullptr);
        QCOMPARE(static_cast<std::size_t>(random->done()), kept);
    }

    void generationSideBySide()
    {
        auto panel = openPanel();
        QVERIFY(waitFor([&] { return panel->isReady(); }));
        panel->controls()->kSlider()->setValue(19);
        panel->generationPane()->promptEdit()->setText(QStringLiteral("Once upon a time"));
        panel->generationPane()->generateButton()->click();
        QVERIFY(waitFor([&] { return panel->generationPane()->view()->figure() != nullptr; }));
        const auto* g = panel->generationPane()->view()->figure();
        QCOMPARE(g->unfiltered.size(), std::size_t{48});
        QCOMPARE(g->filtered.size(), std::size_t{48});
        QCOMPARE(g->prompt.ids.front(), snapshot->tokenizer->bosId());
        QVERIFY(g->unfilteredRepetition >= 0 && g->filteredRepetition <= 1);
    }

    // The Stream tab: the dark-ratio view and the spectrogram at the stream after the next layer
    // show the engine's measurement of the selected sample; moving k updates both, a click on a
    // stream of the heatmap or the spin box picks the spectrogram's stream, and a new filter
    // layer moves it to that layer's next one.
    void streamTabFollowsTheSlider()
    {
        auto panel = openPanel();
        FilterLabStreamPane* pane = panel->streamPane();
        panel->tabs()->setCurrentWidget(pane);
        QVERIFY(pane->darkRatioView()->emptyText().contains(QStringLiteral("Preparing")) ||
                pane->darkRatioView()->emptyText().contains(QStringLiteral("slider")));
        QVERIFY(waitFor([&] { return panel->isReady() && panel->shownOutcome(); }));
        const filterlab::FilterSetting start = panel->setting(); // k = 20 at layer 1: nothing removed
        QCOMPARE(pane->stream(), 3);                             // the exit of layer 2
        QVERIFY(waitFor([&] { return pane->darkRatioView()->figure() && pane->spectrogramView()->figure(); }));
        const auto* ratio = pane->darkRatioView()->figure();
        QCOMPARE(ratio->streams, panel->controls()->layerCount() + 1);
        QCOMPARE(panel->controls()->layerCount(), 4);
        QCOMPARE(ratio->tokens.size(), std::size_t{48});
        const auto* spectrogram = pane->spectrogramView()->figure();
        QCOMPARE(spectrogram->axis, figures::SpectrogramFigure::Axis::TokenByBand);
        QCOMPARE(spectrogram->fixed, 3);
        QCOMPARE(spectrogram->rows, 48);
        QCOMPARE(spectrogram->bands, 20);
        const std::vector<double> before = ratio->ratio;
        const std::vector<double> energyBefore = spectrogram->energy;
        QVERIFY(pane->summary()->text().contains(QStringLiteral("Stream 3")));

        panel->controls()->kSlider()->setValue(8); // bands 9-20 gone at the exit of layer 1
        // Until the answer comes, the tab keeps the last one.
        QCOMPARE(pane->darkRatioView()->figure()->ratio, before);
        QVERIFY(pane->spectrogramView()->hasFigure());
        filterlab::FilterSetting s8 = start;
        s8.k = 8;
        QVERIFY(waitFor([&] { return shows(*panel, s8); }));
        QVERIFY(waitFor([&] { return pane->darkRatioView()->figure()->ratio != before; }));
        ratio = pane->darkRatioView()->figure();
        spectrogram = pane->spectrogramView()->figure();
        // What the views show is the engine's measurement of the sample, filtered.
        const filterlab::StreamSpectra& filtered = *panel->shownOutcome()->filteredStreams;
        const std::size_t T = 48;
        QVERIFY(std::equal(ratio->ratio.begin(), ratio->ratio.end(), filtered.samples[0].ratio.begin()));
        QVERIFY(std::equal(spectrogram->energy.begin(), spectrogram->energy.end(), filtered.energyAt(0, 3)));
        QVERIFY(spectrogram->energy != energyBefore);
        // Streams 0-1 are before the filter; stream 2 has no dark band left (band 20 is in 9-20).
        QVERIFY(std::equal(ratio->ratio.begin(), ratio->ratio.begin() + 2 * T, before.begin()));
        for (std::size_t t = 0; t < T; ++t) QVERIFY(ratio->ratio[2 * T + t] < 1e-3);
        QVERIFY(filtered.meanRatio(0, 3) != panel->shownOutcome()->unfilteredStreams->meanRatio(0, 3));
        QVERIFY(pane->summary()->text().contains(QString::number(filtered.meanRatio(0, 3), 'g', 3)));

        // A click on stream 2 of the heatmap (the view asks; the pane owns its views' selection).
        workbench::Selection click = pane->darkRatioView()->selection();
        click.layer = 2;
        click.token = 5;
        click.locked = true;
        QSignalSpy toWorkbench(panel.get(), &FilterLabPanel::selectionRequested);
        Q_EMIT pane->darkRatioView()->selectionRequested(click);
        QCOMPARE(pane->stream(), 2);
        // ... and the workbench's selection follows (token 5 of the same sample, stream 2).
        QCOMPARE(toWorkbench.count(), 1);
        const auto forwarded = toWorkbench.at(0).at(0).value<workbench::Selection>();
        QCOMPARE(forwarded.token, 5);
        QCOMPARE(forwarded.layer, 2);
        QCOMPARE(forwarded.sample, click.sample);
        QCOMPARE(pane->spectrogramView()->figure()->fixed, 2);
        QCOMPARE(pane->darkRatioView()->barStream(), 2);
        pane->streamBox()->setValue(1);
        QCOMPARE(pane->spectrogramView()->figure()->fixed, 1);
        QVERIFY(pane->summary()->text().contains(QStringLiteral("unchanged"))); // before the filter
        // Another k keeps the stream picked; another layer moves it to that layer's next one,
        // clamped to L = 4.
        panel->controls()->kSlider()->setValue(10);
        s8.k = 10;
        QVERIFY(waitFor([&] { return shows(*panel, s8); }));
        QCOMPARE(pane->stream(), 1);
        panel->controls()->layersEdit()->setText(QStringLiteral("3"));
        Q_EMIT panel->controls()->layersEdit()->editingFinished();
        QVERIFY(waitFor([&] { return panel->shownOutcome()->setting.layers == std::vector<int>{3}; }));
        QCOMPARE(pane->stream(), 4);
        QCOMPARE(pane->spectrogramView()->figure()->fixed, 4);
        QCOMPARE(FilterLabStreamPane::nextLayerStream(1, 5), 3);
        QCOMPARE(FilterLabStreamPane::nextLayerStream(4, 5), 5);
    }

    // Behind another tab the engine does not measure the stream (it costs a resid tap and a
    // projection per answer); raising the tab asks for the shown setting again, measured.
    void streamTabMeasuresOnlyWhenShown()
    {
        auto panel = openPanel();
        QCOMPARE(panel->tabs()->currentIndex(), 0);
        QVERIFY(waitFor([&] { return panel->isReady() && panel->shownOutcome(); }));
        panel->controls()->kSlider()->setValue(19);
        const filterlab::FilterSetting s19 = panel->setting();
        QVERIFY(waitFor([&] { return shows(*panel, s19); }));
        QVERIFY(!panel->shownOutcome()->filteredStreams);
        QVERIFY(!panel->streamPane()->darkRatioView()->hasFigure());
        const std::uint64_t before = panel->shownOutcome()->request;
        panel->tabs()->setCurrentWidget(panel->streamPane());
        QVERIFY(waitFor([&] { return panel->shownOutcome()->request > before; }));
        QCOMPARE(panel->shownOutcome()->setting, s19);
        QVERIFY(panel->shownOutcome()->filteredStreams);
        QVERIFY(waitFor([&] { return panel->streamPane()->darkRatioView()->hasFigure(); }));
        QCOMPARE(panel->streamPane()->spectrogramView()->figure()->fixed, 3);
    }

    void needsAModelAndACache()
    {
        FilterLabPanel panel;
        panel.setSource(path("cache.h5"), nullptr);
        QVERIFY(panel.nllView()->emptyText().contains(QStringLiteral("model")));
        panel.setSource(QString(), snapshot);
        QVERIFY(panel.nllView()->emptyText().contains(QStringLiteral("Run a corpus")));
        // A hidden lab starts no engine; showing it does.
        panel.setSource(path("nope.h5"), snapshot);
        QVERIFY(!panel.engine()->isOpen());
        panel.show();
        QVERIFY(panel.engine()->isOpen());
        QVERIFY(waitFor([&] { return panel.nllView()->emptyText().contains(QStringLiteral("nope.h5")); }, 20000));
    }
};

QTEST_MAIN(TestFilterLabPanel)
#include "test_filter_lab_panel.moc"
