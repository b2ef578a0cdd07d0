// The workbench end to end, in the offscreen window the app shows: open a test model, run two
// samples into a cache through the Run Corpus job, check that every view shows what core's figure
// builders compute for that cache (the same CSV, to the digit), save the session, then reopen it in
// a new window with the model gone: every cache-fed view shows the same data, the views that need
// weights say so, and the notice asks for the model. Clicking a token in the token strip changes
// the selected token in every view.
#include "engine_controller.h"
#include "figure_view.h"
#include "figures/figure_builders.h"
#include "figures/sink_figures.h"
#include "main_window.h"
#include "model/checkpoint.h"
#include "model/checkpoint_loader.h"
#include "notice_bar.h"
#include "qcustomplot_include.h"
#include "run_actions.h"
#include "session_controller.h"
#include "spectral/spectrum_store.h"
#include "store/cache_reader.h"
#include "test_support.h"
#include "token_strip_view.h"
#include "view_registry.h"
#include "workbench_docks.h"

#include <QDockWidget>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <map>

using namespace spectro;
using spectro::gui::MainWindow;
using spectro::widgets::FigureView;

namespace {

constexpr int kTimeoutMs = 120000;

QString settingOf(const FigureView* view, const char* key)
{
    return QJsonDocument::fromJson(view->settings().toUtf8()).object().value(QLatin1String(key)).toString();
}

// What core computes for a view of the default selection (sample 0, layer 0, head average, W_u,
// no token: BoS), called here directly with the view's settings, not through the registry.
std::string expectedCsv(const QString& id, const FigureView* view, const CacheReader& cache)
{
    using namespace figures;
    if (id == QStringLiteral("spectrum")) return buildSpectrumFigure(cache, "unembed").table().csv();
    if (id == QStringLiteral("attention_received")) return buildAttentionReceivedFigure(cache, 0, 0, -1).table().csv();
    if (id == QStringLiteral("attention_pattern")) return buildAttentionPatternFigure(cache, 0, 0, -1).table().csv();
    if (id == QStringLiteral("sink_grid")) return buildSinkGridFigure(cache).table().csv();
    if (id == QStringLiteral("dark_ratio")) return buildDarkRatioFigure(cache, 0, "unembed").table().csv();
    if (id == QStringLiteral("hmlv")) return buildHmlvFigure(cache).table().csv();
    if (id == QStringLiteral("bos_story")) return buildBosStoryFigure(cache, 0).table().csv();
    if (id == QStringLiteral("spectrogram")) {
        const bool byToken = settingOf(view, "axis") == QStringLiteral("token");
        return buildSpectrogramFigure(
                   cache, 0, byToken ? SpectrogramFigure::Axis::TokenByBand : SpectrogramFigure::Axis::StreamByBand, 0)
            .table()
            .csv();
    }
    if (id == QStringLiteral("token_strip")) {
        QString measure = settingOf(view, "measure");
        if (measure.isEmpty()) measure = QStringLiteral("udr");
        return buildTokenStripFigure(cache, 0, measure.toStdString(), 0).table().csv();
    }
    // The sink views, from what the run job's analysis stored.
    if (id == QStringLiteral("sink_rate")) return sinkRateFigureFromAnalysis(cache).table().csv();
    if (id == QStringLiteral("massive_activations"))
        return massiveActivationsFigureFromAnalysis(cache, 0, cacheTokenLabels(cache, 0), 100, 1000).table().csv();
    if (id == QStringLiteral("triad"))
        return triadFigureFromAnalysis(cache, 0, 0, cacheTokenLabels(cache, 0)).table().csv();
    return {};
}

bool settled(MainWindow& w)
{
    return w.isSettled();
}

} // namespace

class TestWorkbench : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void runSaveAndReopenWithoutModel();
    void clickingATokenInTheStripSelectsItEverywhere();
    void cancelledRunLeavesTheSessionAsItWas();

private:
    QTemporaryDir tmp_;
    QString cache_;
    QString fixture_;
};

void TestWorkbench::initTestCase()
{
    SPECTRO_REQUIRE_SHARED();
    QVERIFY(tmp_.isValid());
    qputenv("SPECTRO_CACHE_DIR", tmp_.filePath(QStringLiteral("spectra")).toUtf8());
    // The cache the selection and cancel tests open, made (and analysed) by the CLI.
    fixture_ = tmp_.filePath(QStringLiteral("fixture.h5"));
    const QString cli = QStringLiteral(SPECTRO_CLI_PATH);
    QProcess run;
    run.start(cli, {QStringLiteral("run"), QString::fromStdString(test::modelPath("stories260K/stories260K.bin")),
                    QStringLiteral("--text"),
                    QString::fromStdString(test::sharedPath("corpora/tinystories_validation_first_stories.txt")),
                    QStringLiteral("--samples"), QStringLiteral("2"), QStringLiteral("--max-tokens"),
                    QStringLiteral("48"), QStringLiteral("--taps"), QStringLiteral("resid,attn_out,mlp_out,attn"),
                    QStringLiteral("--out"), fixture_});
    QVERIFY(run.waitForFinished(kTimeoutMs));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    QProcess analyze;
    analyze.start(cli, {QStringLiteral("analyze"), fixture_, QStringLiteral("--summary"),
                        tmp_.filePath(QStringLiteral("s.csv"))});
    QVERIFY(analyze.waitForFinished(kTimeoutMs));
    QVERIFY2(analyze.exitCode() == 0, analyze.readAllStandardError().constData());
}

void TestWorkbench::runSaveAndReopenWithoutModel()
{
    // A copy of the model (and its tokenizer) that the test can take away afterwards.
    const QString modelDir = tmp_.filePath(QStringLiteral("model"));
    QVERIFY(QDir().mkpath(modelDir));
    const QString model = modelDir + QStringLiteral("/stories260K.bin");
    QVERIFY(QFile::copy(QString::fromStdString(test::modelPath("stories260K/stories260K.bin")), model));
    QVERIFY(QFile::copy(QString::fromStdString(test::modelPath("stories260K/tok512.model")),
                        modelDir + QStringLiteral("/tok512.model")));
    cache_ = tmp_.filePath(QStringLiteral("run.h5"));
    const QString session = tmp_.filePath(QStringLiteral("work.spectro"));
    std::map<QString, std::string> shown;

    {
        MainWindow w;
        w.setScripted(true);
        QSignalSpy errors(&w, &MainWindow::errorOccurred);
        w.show();
        w.openModel(model);
        QTRY_VERIFY_WITH_TIMEOUT(w.model() != nullptr, kTimeoutMs);
        gui::CorpusRunSettings run;
        run.corpusPath = QString::fromStdString(test::sharedPath("corpora/tinystories_validation_first_stories.txt"));
        run.samples = 2;
        run.maxTokens = 48;
        run.cachePath = cache_;
        QSignalSpy finished(w.engine(), &gui::EngineController::corpusRunFinished);
        w.runActions()->runCorpus(run);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(settled(w), kTimeoutMs);
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.at(0).at(0).toString()));
        QCOMPARE(QString::fromStdString(w.session()->session().cachePath), cache_);

        const CacheReader cache(cache_.toStdString());
        QCOMPARE(cache.sampleIndices(), (std::vector<int>{0, 1}));
        QVERIFY(cache.hasAnalysis("udr/000001")); // the run job analysed the cache
        for (const gui::ViewDescriptor& d : gui::workbenchViews()) {
            FigureView* view = w.docks()->view(d.id);
            QVERIFY(view);
            if (d.id == QStringLiteral("aptitude")) {
                // From the weights: W_o of layer 0 against W_u's singular vectors, in the cache's bands.
                QVERIFY2(view->hasFigure(), qPrintable(view->emptyText()));
                const Checkpoint checkpoint = loadCheckpoint(model.toStdString());
                const auto spectrum = loadOrComputeSpectrum(checkpoint, SpectralMatrix::Unembed);
                const QJsonObject o = QJsonDocument::fromJson(view->settings().toUtf8()).object();
                const auto expected =
                    figures::buildAptitudeFigure(checkpoint, *spectrum, figures::cacheBands(cache),
                                                 o.value(QStringLiteral("matrix")).toString().toStdString(), 0,
                                                 o.value(QStringLiteral("byBand")).toBool());
                QCOMPARE(QString::fromStdString(view->table().csv()), QString::fromStdString(expected.table().csv()));
                continue;
            }
            QVERIFY(!d.needsModel);
            QVERIFY2(view->hasFigure(), qPrintable(d.id + QStringLiteral(": ") + view->emptyText()));
            const std::string csv = view->table().csv();
            QCOMPARE(QString::fromStdString(csv), QString::fromStdString(expectedCsv(d.id, view, cache)));
            shown[d.id] = csv;
        }
        // The workspace the session keeps: a locked selection in layer 2 of sample 1, a view
        // closed, a view's setting changed. The views follow; what they then show is saved.
        workbench::Selection selection = w.session()->selection();
        selection.sample = 1;
        selection.layer = 2;
        selection.token = 5;
        selection.locked = true;
        w.session()->request(selection);
        w.docks()->dock(QStringLiteral("hmlv"))->close();
        w.docks()->applyViewSettings({{"spectrogram", "{\"axis\": \"token\"}"}});
        QTRY_VERIFY_WITH_TIMEOUT(settled(w), kTimeoutMs);
        for (const gui::ViewDescriptor& d : gui::workbenchViews()) shown[d.id] = w.docks()->view(d.id)->table().csv();
        QVERIFY(w.saveSession(session));
    }

    QVERIFY(QDir(modelDir).removeRecursively());
    MainWindow w;
    w.setScripted(true);
    QSignalSpy errors(&w, &MainWindow::errorOccurred);
    w.show();
    w.openSession(session);
    QTRY_VERIFY_WITH_TIMEOUT(settled(w), kTimeoutMs);
    QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.at(0).at(0).toString()));
    QVERIFY(w.model() == nullptr);
    QVERIFY2(w.notice()->text().contains(model), qPrintable(w.notice()->text()));
    QCOMPARE(w.session()->selection().sample, 1);
    QCOMPARE(w.session()->selection().layer, 2);
    QCOMPARE(w.session()->selection().token, 5);
    QVERIFY(w.session()->selection().locked);
    QVERIFY(w.docks()->dock(QStringLiteral("hmlv"))->isHidden());
    QVERIFY(!w.docks()->openViews().contains(QStringLiteral("hmlv")));
    QCOMPARE(settingOf(w.docks()->view(QStringLiteral("spectrogram")), "axis"), QStringLiteral("token"));
    for (const gui::ViewDescriptor& d : gui::workbenchViews()) {
        FigureView* view = w.docks()->view(d.id);
        if (w.docks()->dock(d.id)->isHidden()) continue;
        if (d.needsModel) {
            QVERIFY(!view->hasFigure());
            QVERIFY2(view->emptyText().contains(QStringLiteral("weights")), qPrintable(view->emptyText()));
            continue;
        }
        QVERIFY2(view->hasFigure(), qPrintable(d.id + QStringLiteral(": ") + view->emptyText()));
        QCOMPARE(QString::fromStdString(view->table().csv()), QString::fromStdString(shown.at(d.id)));
    }
}

void TestWorkbench::clickingATokenInTheStripSelectsItEverywhere()
{
    MainWindow w;
    w.setScripted(true);
    w.show();
    w.openCache(fixture_);
    QTRY_VERIFY_WITH_TIMEOUT(settled(w), kTimeoutMs);
    FigureView* strip = w.docks()->view(QStringLiteral("token_strip"));
    QVERIFY(strip && strip->hasFigure());
    auto* stripView = qobject_cast<widgets::TokenStripView*>(strip);
    QVERIFY(stripView);
    // Token 7 of the strip: a click at the centre of its chip, as a user clicks it.
    const int token = 7;
    const QRectF chip = stripView->chipRect(token);
    QVERIFY(!chip.isEmpty());
    QTest::mouseClick(strip->plotWidget(), Qt::LeftButton, Qt::NoModifier, chip.center().toPoint());
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->selection().token, token, 5000);
    QVERIFY(w.session()->selection().locked);
    for (FigureView* view : w.docks()->views()) {
        QCOMPARE(view->selection().token, token);
        QVERIFY(view->selection().locked);
    }
    // The spectrogram (stream x band for the selected token) is rebuilt for it.
    QTRY_VERIFY_WITH_TIMEOUT(settled(w), kTimeoutMs);
    const CacheReader cache(fixture_.toStdString());
    FigureView* spectrogram = w.docks()->view(QStringLiteral("spectrogram"));
    if (settingOf(spectrogram, "axis") != QStringLiteral("token")) {
        QCOMPARE(QString::fromStdString(spectrogram->table().csv()),
                 QString::fromStdString(
                     figures::buildSpectrogramFigure(cache, 0, figures::SpectrogramFigure::Axis::StreamByBand, token)
                         .table()
                         .csv()));
    }
    // Esc releases the lock everywhere (a window shortcut: the window must be active).
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTest::keyClick(&w, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!w.session()->selection().locked, 5000);
    for (FigureView* view : w.docks()->views()) QVERIFY(!view->selection().locked);
}

void TestWorkbench::cancelledRunLeavesTheSessionAsItWas()
{
    MainWindow w;
    w.setScripted(true);
    w.show();
    w.openModel(QString::fromStdString(test::modelPath("stories260K/stories260K.bin")));
    w.openCache(fixture_);
    QTRY_VERIFY_WITH_TIMEOUT(w.model() && settled(w), kTimeoutMs);
    FigureView* grid = w.docks()->view(QStringLiteral("sink_grid"));
    QVERIFY2(grid && grid->hasFigure(), grid ? qPrintable(grid->emptyText()) : "no sink grid view");
    const std::string sinkGrid = grid->table().csv();

    // A long run into another cache, published after every batch, cancelled after its first
    // publication: the views previewed it, and go back to the session's cache.
    const QString other = tmp_.filePath(QStringLiteral("cancelled.h5"));
    gui::CorpusRunSettings run;
    run.corpusPath = QString::fromStdString(test::sharedPath("corpora/tinystories_validation_first_stories.txt"));
    run.samples = 400;
    run.maxTokens = 256;
    run.cachePath = other;
    run.checkpointEverySeconds = 0;
    QSignalSpy published(w.engine(), &gui::EngineController::cachePublished);
    QSignalSpy cancelled(w.engine(), &gui::EngineController::cancelled);
    QSignalSpy errors(&w, &MainWindow::errorOccurred);
    w.runActions()->runCorpus(run);
    // (The spy counts in the engine thread; the window sees the publication when its queued
    // signal arrives.)
    QTRY_VERIFY_WITH_TIMEOUT(w.runActions()->previewCache() == other || !errors.isEmpty(), kTimeoutMs);
    QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.at(0).at(0).toString()));
    QVERIFY(published.count() >= 1);
    w.engine()->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(settled(w), kTimeoutMs);
    QCOMPARE(QString::fromStdString(w.session()->session().cachePath), fixture_);
    QVERIFY(w.runActions()->previewCache().isEmpty());
    QCOMPARE(w.docks()->source()->cachePath(), fixture_.toStdString());
    QCOMPARE(grid->table().csv(), sinkGrid);
    // What was published stays on disk: running again resumes from it.
    QVERIFY(CacheReader(other.toStdString()).sampleIndices().size() >= 4);
}

QTEST_MAIN(TestWorkbench)
#include "test_gui_workbench.moc"
