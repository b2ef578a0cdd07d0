// AttentionPatternView shows the pattern it is given cell for cell (small samples) or binned to
// the screen off the GUI thread (a 4,096-token sample), emits the key token under the mouse and
// exports the figure's table.
#include "attention_pattern_view.h"
#include "cell_map.h"
#include "token_axis.h"
#include "view_test_support.h"

#include <QElapsedTimer>
#include <QSignalSpy>

using spectro::widgets::AttentionPatternView;
using spectro::workbench::Selection;
namespace figures = spectro::figures;
namespace test = spectro::test;

class TestAttentionPatternView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void showsEveryCellOfASmallPattern();
    void exports();
    void hoverAndClickSelectTheKey();
    void aLongSampleIsBinnedOffTheGuiThread();
    void logColourSettingRoundTrips();

private:
    // Causal attention with a sink at BoS: half of every query's attention on token 0.
    static std::shared_ptr<const figures::AttentionPatternFigure> figure(int t)
    {
        auto f = std::make_shared<figures::AttentionPatternFigure>();
        f->layer = 1;
        f->head = 3;
        f->size = t;
        f->tokens = test::tokenLabels(t);
        f->probs.assign(static_cast<std::size_t>(t) * t, 0.0f);
        for (int q = 0; q < t; ++q) {
            for (int k = 0; k <= q; ++k) {
                f->probs[static_cast<std::size_t>(q) * t + k] = q == 0 ? 1.0f : (k == 0 ? 0.5f : 0.5f / q);
            }
        }
        f->provenance = test::provenance();
        return f;
    }
};

void TestAttentionPatternView::startsEmpty()
{
    AttentionPatternView view;
    test::verifyEmpty(view);
}

void TestAttentionPatternView::showsEveryCellOfASmallPattern()
{
    AttentionPatternView view;
    const auto f = figure(16);
    view.setFigure(f);
    QVERIFY(!view.isDrawing()); // small maps are drawn at once
    QCPColorMapData* data = view.cells().colorMap()->data();
    QCOMPARE(data->keySize(), 16);
    QCOMPARE(data->valueSize(), 16);
    for (int q = 0; q < 16; ++q)
        for (int k = 0; k < 16; ++k) QCOMPARE(data->cell(k, q), double(f->probs[static_cast<std::size_t>(q) * 16 + k]));
    // Query 0 at the top, as the matrix is written.
    QVERIFY(view.plotWidget()->yAxis->rangeReversed());
    QCOMPARE(view.cells().colorMap()->dataRange().upper, 1.0);
}

void TestAttentionPatternView::exports()
{
    AttentionPatternView view;
    test::showView(view);
    const auto f = figure(16);
    view.setFigure(f);
    test::verifyExports(view, f->table().csv());
}

void TestAttentionPatternView::hoverAndClickSelectTheKey()
{
    AttentionPatternView view;
    test::showView(view);
    view.setFigure(figure(16));
    QCustomPlot* plot = view.plotWidget();
    QSignalSpy hovered(&view, &AttentionPatternView::selectionHovered);
    QSignalSpy requested(&view, &AttentionPatternView::selectionRequested);
    test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 0, 9));
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.takeFirst().at(0).value<Selection>().token, 0);
    QVERIFY(view.readout().contains(QStringLiteral("query 9")));
    QVERIFY(view.readout().contains(QStringLiteral(": 0.5")));
    test::mouseClick(plot, test::pixelOf(plot->xAxis, plot->yAxis, 4, 12));
    const auto s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.token, 4);
    QVERIFY(s.locked);
}

void TestAttentionPatternView::aLongSampleIsBinnedOffTheGuiThread()
{
    AttentionPatternView view;
    test::showView(view);
    const int t = 4096;
    const auto f = figure(t);
    QSignalSpy binned(view.cells().binned(), &spectro::widgets::BinnedColorMap::binned);
    QElapsedTimer timer;
    timer.start();
    view.setFigure(f);
    const qint64 setMs = timer.elapsed();
    qInfo("setFigure of a %d x %d pattern: %lld ms on the GUI thread", t, t, setMs);
    // The 16.7 M cells were not touched on the GUI thread: the binning is still running, and the
    // view says so until it is done.
    QVERIFY(view.cells().binned()->pending());
    QVERIFY(view.isDrawing());
    QSignalSpy drawn(&view, &AttentionPatternView::drawingFinished);
    QVERIFY(binned.wait(20000));
    qInfo("binned to the screen %lld ms after setFigure, off the GUI thread", timer.elapsed());
    QCOMPARE(drawn.count(), 1);
    QVERIFY(!view.isDrawing());
    QCPColorMapData* data = view.cells().colorMap()->data();
    const QRect rect = view.plotWidget()->axisRect()->rect();
    QVERIFY(data->keySize() <= rect.width() && data->valueSize() <= rect.height());
    // The sink column: every bin of key 0..(4096 / width) holds half of the attention, binned
    // with its neighbours, so the first column stays the brightest.
    const int bins = data->keySize();
    double first = 0, second = 0;
    for (int r = data->valueSize() / 2; r < data->valueSize(); ++r) {
        first += data->cell(0, r);
        second += data->cell(bins / 2, r);
    }
    QVERIFY(first > 5 * second);
    // Read-outs read the figure, not the bins.
    QCOMPARE(view.cells().value(3000, 0), 0.5);
    // Zoom into the diagonal: rebinned to the window, cell for cell once it is narrow enough.
    view.tokenAxis()->setVisibleRange(1999.5, 2099.5);
    QTRY_VERIFY_WITH_TIMEOUT(!view.cells().binned()->pending() && view.cells().binned()->shownWindow().column0 == 2000,
                             20000);
    QCOMPARE(view.cells().colorMap()->data()->keySize(), 100);
    QCOMPARE(view.cells().colorMap()->data()->cell(5, 7), double(f->probs[static_cast<std::size_t>(2007) * t + 2005]));
}

void TestAttentionPatternView::logColourSettingRoundTrips()
{
    AttentionPatternView view;
    view.setFigure(figure(8));
    view.applySettings(QStringLiteral("{\"logColor\":true}"));
    QCOMPARE(view.cells().colorMap()->dataScaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(view.settings(), QStringLiteral("{\"logColor\":true}"));
}

QTEST_MAIN(TestAttentionPatternView)
#include "test_attention_pattern_view.moc"
