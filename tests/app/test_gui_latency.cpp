// The GUI thread's latency while the engine works: the workbench window runs a corpus into a
// cache (checkpoints published as often as core allows, so the views reload while the run goes
// on) and then analyses it, while an event-loop probe measures how late a 5 ms timer fires and how long
// each event the GUI thread handles takes. Prints the largest stall, the 99th percentile and the
// longest event (docs/performance.md quotes them). The target is 50 ms: the test fails when one
// event takes 50 ms of the GUI thread's own CPU time (an HDF5 read or a figure build there would),
// whatever the machine's load.
//
// Environment (for the figures in docs/performance.md): SPECTRO_LATENCY_MODEL (default the demo
// model), SPECTRO_LATENCY_SAMPLES (default 32), SPECTRO_LATENCY_TOKENS (default 256),
// SPECTRO_LATENCY_TAPS (default resid,attn_out,mlp_out,attn), SPECTRO_LATENCY_CORPUS (default the
// shared TinyStories text, else the demo corpus).
#include "default_model.h"
#include "engine_controller.h"
#include "event_loop_probe.h"
#include "main_window.h"
#include "run_actions.h"
#include "session_controller.h"
#include "test_support.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <cstdio>
#include <cstdlib>

using spectro::gui::EventLoopProbe;
using spectro::gui::MainWindow;
using spectro::gui::TimedApplication;

namespace {

constexpr int kTimeoutMs = 280000;
constexpr double kTargetMs = 50;

// Runs a real event loop until `done` holds (QTRY_* would poll with sleeps between, which is not
// how the app's loop runs and would hide or fake stalls).
template <class Done> bool runLoopUntil(Done done, int timeoutMs)
{
    QEventLoop loop;
    QTimer check;
    check.setInterval(20);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done()) loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    check.start();
    loop.exec();
    return done();
}

TimedApplication* app()
{
    return static_cast<TimedApplication*>(QCoreApplication::instance());
}

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariable(name).toInt(&ok);
    return ok && v > 0 ? v : fallback;
}

} // namespace

class TestLatency : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void guiThreadStaysResponsiveDuringRunAndAnalysis();
};

void TestLatency::guiThreadStaysResponsiveDuringRunAndAnalysis()
{
    QString model = qEnvironmentVariable("SPECTRO_LATENCY_MODEL");
    if (model.isEmpty()) model = spectro::gui::defaultModelPath();
    if (model.isEmpty()) QSKIP("no demo model in this build");
    QTemporaryDir tmp;
    qputenv("SPECTRO_CACHE_DIR", tmp.filePath(QStringLiteral("spectra")).toUtf8());

    MainWindow w;
    w.setScripted(true);
    QSignalSpy errors(&w, &MainWindow::errorOccurred);
    w.show();
    w.openModel(model);
    QTRY_VERIFY_WITH_TIMEOUT(w.model() != nullptr, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), kTimeoutMs);

    spectro::gui::CorpusRunSettings run;
    run.corpusPath = qEnvironmentVariable("SPECTRO_LATENCY_CORPUS", spectro::gui::demoCorpusPath());
    if (qEnvironmentVariableIsEmpty("SPECTRO_LATENCY_CORPUS") &&
        QFileInfo::exists(
            QString::fromStdString(spectro::test::sharedPath("corpora/tinystories_validation_first_stories.txt")))) {
        run.corpusPath =
            QString::fromStdString(spectro::test::sharedPath("corpora/tinystories_validation_first_stories.txt"));
    }
    run.samples = envInt("SPECTRO_LATENCY_SAMPLES", 32);
    run.maxTokens = envInt("SPECTRO_LATENCY_TOKENS", 256);
    const QString taps = qEnvironmentVariable("SPECTRO_LATENCY_TAPS");
    if (!taps.isEmpty()) run.taps = taps;
    run.cachePath = tmp.filePath(QStringLiteral("latency.h5"));
    run.checkpointEverySeconds = 0; // as often as core allows (20 copy-times apart): the first batch is published

    QSignalSpy published(w.engine(), &spectro::gui::EngineController::cachePublished);
    QSignalSpy finished(w.engine(), &spectro::gui::EngineController::corpusRunFinished);
    // What the engine was doing when: to say during which stage the worst stall fell.
    std::vector<std::pair<double, QString>> stages;
    QElapsedTimer clock;
    QObject::connect(w.engine(), &spectro::gui::EngineController::progress, &w, [&](double, const QString& stage) {
        if (stages.empty() || stages.back().second != stage) stages.emplace_back(clock.nsecsElapsed() / 1e9, stage);
    });
    EventLoopProbe probe(5);
    clock.start();
    probe.start();
    app()->startMeasuring();
    w.runActions()->runCorpus(run);
    QVERIFY(runLoopUntil([&] { return finished.count() == 1 && w.isSettled(); }, kTimeoutMs));
    probe.stop();
    app()->stopMeasuring();
    QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.at(0).at(0).toString()));
    const auto outcome = finished.at(0).at(0).value<spectro::gui::CorpusRunOutcomePtr>();
    QVERIFY(outcome->analysed);

    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    std::printf(
        "GUI latency: %d samples x %d tokens of %s (taps %s), run + analysis %.1f s, %d publications, %zu ticks: "
        "timer lateness max %.1f ms, p99 %.1f ms, p50 %.2f ms; longest GUI-thread event %.1f ms wall (%.1f ms CPU, "
        "%s), "
        "most CPU in one event %.1f ms (target %.0f ms); load average %.1f on %d cores\n",
        run.samples, run.maxTokens, qPrintable(QFileInfo(model).fileName()), qPrintable(run.taps), outcome->seconds,
        static_cast<int>(published.count()), probe.stalls().size(), probe.maxStallMs(), probe.quantileMs(0.99),
        probe.quantileMs(0.5), app()->maxEventWallMs(), app()->maxEventCpuMs(), qPrintable(app()->longestEvent()),
        app()->maxCpuOfAnyEventMs(), kTargetMs, load[0], QThread::idealThreadCount());
    QString during;
    for (const auto& [at, stage] : stages) {
        if (at <= probe.maxStallAtSeconds()) during = stage;
    }
    std::printf("GUI latency: the largest lateness ended at %.1f s, during \"%s\"\n", probe.maxStallAtSeconds(),
                qPrintable(during));
    std::fflush(stdout);
    QVERIFY(published.count() >= 2); // the views reloaded during the run, not only at its end
    // The GUI thread's own work is the part this program controls; lateness also counts the time the
    // thread waited for a core, which on a shared machine other processes decide.
    QVERIFY2(app()->maxCpuOfAnyEventMs() < kTargetMs,
             qPrintable(QStringLiteral("one event took %1 ms of GUI-thread CPU").arg(app()->maxCpuOfAnyEventMs())));
    // Lateness is printed, not asserted: how long the GUI thread waits for a core is the machine's
    // load (the project machine is shared by several builds); docs/performance.md quotes a run on
    // an otherwise idle machine.
}

int main(int argc, char** argv)
{
    TimedApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    TestLatency test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "test_gui_latency.moc"
