// The workbench end to end, in the offscreen window the app shows: open a test model, run two
// samples into a cache through the Run Corpus job, check that every view shows what core's figure
// builders compute for that cache (the same CSV, to the digit), save the session, then reopen it in
// a new window with the model gone: every cache-fed view shows the same data, the views that need
// weights say so, and the notice asks for the model. Clicking a token in the token strip changes
// the selected token in every view.
#include "engine_controller.h"
#include "figure_view.h"
#include "figures/figure_builders.h"
#include "main_window.h"
#include "notice_bar.h"
#include "qcustomplot_include.h"
#include "run_actions.h"
#include "session_controller.h"
#include "store/cache_reader.h"
#include "test_support.h"
#include "view_registry.h"
#include "workbench_docks.h"

#include <QDockWidget>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
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
        return buildSpectrogramFigure(cache, 0,
                                      byToken ? SpectrogramFigure::Axis::TokenByBand : SpectrogramFigure::Axis::StreamByBand, 0)
            .table()
            .csv();
    }
    if (id == QStringLiteral("token_strip")) {
        QString measure = settingOf(view, "measure");
        if (measure.isEmpty()) measure = QStringLiteral("udr");
        return buildTokenStripFigure(cache, 0, measure.toStdString(), 0).table().csv();
    }
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

private:
    QTemporaryDir tmp_;
    QString cache_;
};

void TestWorkbench::initTestCase()
{
    SPECTRO_REQUIRE_SHARED();
    QVERIFY(tmp_.isValid());
    qputenv("SPECTRO_CACHE_DIR", tmp_.filePath(QStringLiteral("spectra")).toUtf8());
}

void TestWorkbench::runSaveAndReopenWithoutModel()
{
    // A copy of the model (and its tokenizer) that the test can take away afterwards.
    const QString modelDir = tmp_.filePath(QStringLiteral("model"));
    QVERIFY(QDir().mkpath(modelDir));
    const QString model = modelDir + QStringLiteral("/stories260K.bin");
    QVERIFY(QFile::copy(QString::fromStdString(test::modelPath("stories260K/stories260K.bin")), model));
    QVERIFY(QFile::copy(QString::fromStdString(test::modelPath("stories260K/tok512.bin")), modelDir + QStringLiteral("/tok512.bin")));
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
            if (d.needsModel) {
                QVERIFY2(view->hasFigure(), qPrintable(d.id + QStringLiteral(": ") + view->emptyText()));
                continue;
            }
            QVERIFY2(view->hasFigure(), qPrintable(d.id + QStringLiteral(": ") + view->emptyText()));
            const std::string csv = view->table().csv();
            QCOMPARE(QString::fromStdString(csv), QString::fromStdString(expectedCsv(d.id, view, cache)));
            shown[d.id] = csv;
        }
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
    for (const gui::ViewDescriptor& d : gui::workbenchViews()) {
        FigureView* view = w.docks()->view(d.id);
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
    QVERIFY2(QFile::exists(cache_), "needs the cache of the end-to-end test");
    MainWindow w;
    w.setScripted(true);
    w.show();
    w.openCache(cache_);
    QTRY_VERIFY_WITH_TIMEOUT(settled(w), kTimeoutMs);
    FigureView* strip = w.docks()->view(QStringLiteral("token_strip"));
    QVERIFY(strip && strip->hasFigure());
    QCustomPlot* plot = strip->plotWidget();
    // Token 7 of the strip: its centre on the plot's token axis.
    const int token = 7;
    const QPoint at(qRound(plot->xAxis->coordToPixel(token)), qRound(plot->yAxis->coordToPixel(plot->yAxis->range().center())));
    QTest::mouseClick(plot, Qt::LeftButton, Qt::NoModifier, at);
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->selection().token, token, 5000);
    QVERIFY(w.session()->selection().locked);
    for (FigureView* view : w.docks()->views()) {
        QCOMPARE(view->selection().token, token);
        QVERIFY(view->selection().locked);
    }
    // The spectrogram (stream x band for the selected token) is rebuilt for it.
    QTRY_VERIFY_WITH_TIMEOUT(settled(w), kTimeoutMs);
    const CacheReader cache(cache_.toStdString());
    FigureView* spectrogram = w.docks()->view(QStringLiteral("spectrogram"));
    if (settingOf(spectrogram, "axis") != QStringLiteral("token")) {
        QCOMPARE(QString::fromStdString(spectrogram->table().csv()),
                 QString::fromStdString(
                     figures::buildSpectrogramFigure(cache, 0, figures::SpectrogramFigure::Axis::StreamByBand, token).table().csv()));
    }
    // Esc releases the lock everywhere.
    QTest::keyClick(&w, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!w.session()->selection().locked, 5000);
    for (FigureView* view : w.docks()->views()) QVERIFY(!view->selection().locked);
}

QTEST_MAIN(TestWorkbench)
#include "test_gui_workbench.moc"
