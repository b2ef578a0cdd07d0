// The filter lab's latency, through the real widgets and engine thread:
//   spectro-bench-slider MODEL [--samples N=8] [--tokens T=256] [--steps S=200] [--layer L]
//                        [--text FILE] [--sweep-seconds S=20] [--screenshot PNG] [--sweep-screenshot PNG]
//                        [--stream-screenshot PNG]
// Writes the unfiltered taps of N samples of T tokens (random ids, or windows of --text) to a
// cache in a temporary folder, opens the filter lab panel on it offscreen, then drags the k
// slider through a scripted triangle (N-1 down to 1 and back, S steps; the figures reported use
// the default 200): each step sets the slider and waits until the NLL view and the per-token view have replotted with
// that step's answer. Then it starts the Phi_u sweep and drags 20 more steps while it runs. The app's event-loop probe
// (app/gui/event_loop_probe.h) measures the GUI thread's stall (the lateness of a 5 ms timer) during the drag and
// during the sweep, and its longest event in the GUI thread's own CPU time, which says what the widgets cost whatever
// the machine's load (the GUI thread's CPU time per step includes the probe's ticks, a few microseconds each). Prints
// one JSON object: p50_ms, p95_ms, max_ms of the drag, max_gui_stall_ms (drag and sweep), the engine's own re-filter
// time, the sweep's progress.
#include "bench_util.h"
#include "corpus/samples.h"
#include "engine/runtime.h"
#include "engine/transformer.h"
#include "event_loop_probe.h"
#include "experiments/refilter.h"
#include "filter_lab_controls.h"
#include "filter_lab_panel.h"
#include "dark_ratio_view.h"
#include "filter_lab_stream_pane.h"
#include "filter_lab_sweep_pane.h"
#include "filter_nll_view.h"
#include "model/checkpoint_loader.h"
#include "model/fingerprint.h"
#include "per_token_nll_view.h"
#include "qcustomplot_include.h"
#include "store/cache_writer.h"
#include "sweep_heatmap_view.h"
#include "tokenizer/tokenizer.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <unistd.h>

using namespace spectro;
using namespace spectro::bench;

namespace {

// CPU time of the calling thread (the GUI thread's own work, whatever the machine's load).
double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

// Writes the unfiltered taps (resid, mlp_out) of `ids` to a cache, as `run` would.
void writeCache(const std::string& path, const std::string& modelPath, const std::shared_ptr<const Checkpoint>& ckpt,
                const Tokenizer* tokenizer, const std::vector<std::vector<int>>& ids)
{
    const Transformer model(ckpt);
    const Refilter unfiltered(model, ids);
    CacheWriter w(path, ckpt->config,
                  {modelPath, "bench", fingerprint(*ckpt), tokenizer ? tokenizer->source() : "none", "{}"}, {});
    if (tokenizer) {
        std::vector<std::string> pieces;
        for (int id = 0; id < tokenizer->vocabSize(); ++id) pieces.push_back(tokenizer->piece(id));
        w.setVocabulary(pieces, tokenizer->bosId(), tokenizer->eosId());
    }
    for (std::size_t i = 0; i < unfiltered.base().size(); ++i)
        w.addSample(static_cast<int>(i), unfiltered.base()[i], "", {});
    w.commit();
}

} // namespace

int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    gui::TimedApplication app(argc, argv);
    Flags flags;
    if (!flags.parse(argc, argv,
                     {"--samples", "--tokens", "--steps", "--layer", "--text", "--sweep-seconds", "--screenshot",
                      "--sweep-screenshot", "--stream-screenshot"},
                     true) ||
        flags.positional().empty()) {
        std::fprintf(stderr,
                     "usage: %s MODEL [--samples N] [--tokens T] [--steps S=200] [--layer L] [--text FILE] "
                     "[--sweep-seconds S] [--screenshot PNG] [--sweep-screenshot PNG] [--stream-screenshot PNG]\n",
                     argv[0]);
        return 2;
    }
    const int samples = static_cast<int>(flags.integer("--samples", 8));
    const int tokens = static_cast<int>(flags.integer("--tokens", 256));
    const int steps = static_cast<int>(flags.integer("--steps", 200));
    const double sweepSeconds = static_cast<double>(flags.integer("--sweep-seconds", 20));
    if (samples < 1 || tokens < 2 || steps < 1) {
        std::fprintf(stderr, "error: --samples >= 1, --tokens >= 2, --steps >= 1\n");
        return 2;
    }
    const auto dir = std::filesystem::temp_directory_path() / ("spectro-bench-slider-" + std::to_string(getpid()));
    try {
        initRuntime();
        const std::string modelPath = flags.positional();
        auto t = Clock::now();
        auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(modelPath));
        const std::shared_ptr<const Tokenizer> tokenizer = findTokenizer(*ckpt);
        const ModelConfig& c = ckpt->config;
        std::vector<std::vector<int>> ids;
        const std::string text = flags.text("--text", "");
        if (!text.empty()) {
            if (!tokenizer) throw Error(modelPath + ": --text needs the model's tokenizer");
            for (auto& s : samplesFromTextFile(text, *tokenizer, std::min(tokens, c.maxSeqLen), samples))
                ids.push_back(std::move(s.tokens));
        } else {
            for (int i = 0; i < samples; ++i)
                ids.push_back(benchTokenIds(c.vocabSize, std::min(tokens, c.maxSeqLen), 131 * i));
        }
        std::filesystem::create_directories(dir);
        const std::string cache = (dir / "taps.h5").string();
        writeCache(cache, modelPath, ckpt, tokenizer.get(), ids);
        const double cacheSeconds = since(t);

        auto snapshot = std::make_shared<gui::ModelSnapshot>();
        snapshot->path = QString::fromStdString(modelPath);
        snapshot->checkpoint = ckpt;
        snapshot->tokenizer = tokenizer;
        snapshot->config = c;
        gui::FilterLabPanel panel;
        panel.resize(1500, 860);
        panel.samplesBox()->setValue(samples);
        panel.show();
        t = Clock::now();
        panel.setSource(QString::fromStdString(cache), snapshot);

        // What "redrawn" means: both live plots replotted after the step's answer was shown.
        QElapsedTimer clock;
        clock.start();
        qint64 shownAt = -1, nllDrawn = -1, tokensDrawn = -1;
        filterlab::FilterSetting target;
        QEventLoop* waiting = nullptr;
        std::vector<double> engineMs;
        auto drawn = [&] {
            return panel.shownOutcome() && panel.shownOutcome()->setting == target && nllDrawn > shownAt &&
                   tokensDrawn > shownAt;
        };
        QObject::connect(&panel, &gui::FilterLabPanel::outcomeShown, [&](const filterlab::OutcomePtr& o) {
            shownAt = clock.nsecsElapsed();
            if (o->setting == target) engineMs.push_back(1e3 * o->seconds);
        });
        auto onReplot = [&](qint64* at) {
            *at = clock.nsecsElapsed();
            if (waiting && drawn()) waiting->quit();
        };
        QObject::connect(panel.nllView()->plotWidget(), &QCustomPlot::afterReplot, [&] { onReplot(&nllDrawn); });
        QObject::connect(panel.perTokenView()->plotWidget(), &QCustomPlot::afterReplot,
                         [&] { onReplot(&tokensDrawn); });
        auto waitUntil = [&](const std::function<bool()>& done, int timeoutMs) {
            QElapsedTimer w;
            w.start();
            while (!done()) {
                if (w.elapsed() > timeoutMs) throw Error("timed out waiting for the filter lab");
                app.processEvents(QEventLoop::AllEvents, 10);
                if (!done()) QThread::msleep(1);
            }
        };
        waitUntil([&] { return panel.isReady() && panel.shownOutcome(); }, 600000);
        const double openSeconds = since(t);
        const int bands = panel.controls()->bandCount();
        const int layer = static_cast<int>(flags.integer("--layer", panel.setting().layers.front()));
        filterlab::FilterSetting base = panel.setting();
        base.layers = {layer};
        panel.controls()->setSetting(base);
        QSlider* slider = panel.controls()->kSlider();

        // One step: move the slider, wait for both plots to show its answer.
        auto step = [&](int k) {
            target = panel.setting();
            target.kind = FilterKind::PhiU;
            target.k = k;
            const qint64 t0 = clock.nsecsElapsed();
            slider->setValue(k);
            if (!drawn()) {
                QEventLoop loop;
                waiting = &loop;
                QTimer::singleShot(600000, &loop, &QEventLoop::quit);
                loop.exec();
                waiting = nullptr;
            }
            if (!drawn()) throw Error("no answer for k = " + std::to_string(k));
            return static_cast<double>(std::max(nllDrawn, tokensDrawn) - t0) / 1e6;
        };
        // The triangle N-1, ..., 1, 2, ..., N, N-1, ...: every step changes k.
        auto kAt = [&](int i) {
            const int period = 2 * (bands - 1);
            const int phase = (i + 1) % period;
            return phase <= bands - 1 ? bands - phase : phase - bands + 2;
        };
        step(bands); // warm: the first answer at the drag's layer
        // The GUI thread's lateness (a 5 ms timer) and its longest event (its own CPU time).
        gui::EventLoopProbe stall(5);
        std::vector<double> latency;
        stall.start();
        app.startMeasuring();
        const double cpu0 = threadCpuSeconds();
        for (int i = 0; i < steps; ++i) latency.push_back(step(kAt(i)));
        const double guiCpuPerStepMs = 1e3 * (threadCpuSeconds() - cpu0) / static_cast<double>(latency.size());
        stall.stop();
        app.stopMeasuring();
        const double dragStall = stall.maxStallMs(), dragEventCpu = app.maxCpuOfAnyEventMs();

        // The sweep in the background, and the slider while it runs.
        gui::FilterLabSweepPane* pane = panel.sweepPane();
        const auto sweepStart = Clock::now();
        stall.start();
        app.startMeasuring();
        pane->sweepButton()->click();
        std::vector<double> duringSweep;
        for (int i = 0; i < 20 && pane->isSweeping(); ++i) duringSweep.push_back(step(kAt(i)));
        waitUntil([&] { return !pane->isSweeping() || since(sweepStart) > sweepSeconds; }, 3600000);
        const bool finished = !pane->isSweeping();
        if (!finished) pane->cancelButton()->click();
        waitUntil([&] { return !pane->isSweeping(); }, 600000);
        stall.stop();
        app.stopMeasuring();
        const double sweepStall = stall.maxStallMs(), sweepEventCpu = app.maxCpuOfAnyEventMs();
        const double sweepElapsed = since(sweepStart);
        const auto grid = pane->grid("phi-u_" + siteName(base.site) + "_" + positionsName(base.positions));
        const int cells = grid ? grid->done() : 0;

        if (flags.text("--screenshot", "") != "" || flags.text("--sweep-screenshot", "") != "" ||
            flags.text("--stream-screenshot", "") != "") {
            // The lesson's moment: the dark band gone at the drag's layer.
            step(bands - 1);
            app.processEvents();
            if (const std::string png = flags.text("--screenshot", ""); !png.empty()) {
                panel.tabs()->setCurrentIndex(0);
                app.processEvents();
                if (!panel.grab().save(QString::fromStdString(png))) throw Error(png + ": cannot write the screenshot");
            }
            if (const std::string png = flags.text("--sweep-screenshot", ""); !png.empty()) {
                panel.tabs()->setCurrentIndex(1);
                app.processEvents();
                QThread::msleep(50);
                app.processEvents();
                if (!panel.grab().save(QString::fromStdString(png))) throw Error(png + ": cannot write the screenshot");
            }
            if (const std::string png = flags.text("--stream-screenshot", ""); !png.empty()) {
                panel.tabs()->setCurrentWidget(panel.streamPane()); // asks for the measurement
                waitUntil([&] { return panel.streamPane()->darkRatioView()->hasFigure(); }, 60000);
                app.processEvents();
                QThread::msleep(50);
                app.processEvents();
                if (!panel.grab().save(QString::fromStdString(png))) throw Error(png + ": cannot write the screenshot");
            }
        }
        std::printf(
            "{\"model\": \"%s\", \"dim\": %d, \"layers\": %d, \"samples\": %d, \"tokens\": %d, \"filtered_layer\": %d,"
            " \"steps\": %zu,\n \"p50_ms\": %.2f, \"p95_ms\": %.2f, \"max_ms\": %.2f, \"max_gui_stall_ms\": %.2f,"
            " \"drag_gui_stall_ms\": %.2f, \"sweep_gui_stall_ms\": %.2f,\n \"gui_cpu_ms_per_step\": %.2f,"
            " \"gui_event_cpu_max_ms\": %.2f, \"sweep_gui_event_cpu_max_ms\": %.2f,"
            " \"engine_p50_ms\": %.2f,"
            " \"engine_p95_ms\": %.2f, \"during_sweep_p50_ms\": %.2f, \"during_sweep_p95_ms\": %.2f,"
            " \"sweep_cells\": %d, \"sweep_total_cells\": %d, \"sweep_finished\": %s, \"sweep_s\": %.2f,\n"
            " \"cache_s\": %.2f, \"open_s\": %.2f, \"threads\": %d}\n",
            modelPath.c_str(), c.dim, c.nLayers, static_cast<int>(ids.size()), static_cast<int>(ids.front().size()),
            layer, latency.size(), percentile(latency, 0.5), percentile(latency, 0.95), percentile(latency, 1.0),
            std::max(dragStall, sweepStall), dragStall, sweepStall, guiCpuPerStepMs, dragEventCpu, sweepEventCpu,
            percentile(engineMs, 0.5), percentile(engineMs, 0.95), percentile(duringSweep, 0.5),
            percentile(duringSweep, 0.95), cells, c.nLayers * bands, finished ? "true" : "false", sweepElapsed,
            cacheSeconds, openSeconds, computeThreads());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        std::filesystem::remove_all(dir);
        return 1;
    }
    std::filesystem::remove_all(dir);
    return 0;
}
