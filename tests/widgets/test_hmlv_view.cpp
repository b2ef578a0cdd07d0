// HmlvView scatters every (token, layer) pair at (mean, variance), coloured by U-dark ratio in
// classes, HMLV points filled, draws the thresholds and the per-layer comparison, picks the
// nearest point under the mouse, and exports the figure's table.
#include "hmlv_view.h"
#include "view_test_support.h"

#include <QSignalSpy>

using spectro::widgets::HmlvView;
using spectro::workbench::Selection;
namespace figures = spectro::figures;
namespace test = spectro::test;

class TestHmlvView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void scattersEveryPoint();
    void drawsThePerLayerComparison();
    void fallsBackToTheHmlvShare();
    void exports();
    void hoverPicksTheNearestPoint();
    void clickOnTheLayerPanelSelectsTheLayer();
    void selectedLayerOnly();
    void anOutlierDoesNotFlattenTheColours();

private:
    static std::shared_ptr<const figures::HmlvFigure> figure()
    {
        auto f = std::make_shared<figures::HmlvFigure>();
        f->layers = 3;
        f->meanAbove = 0.018;
        f->varianceBelow = 0.01;
        for (int l = 0; l < 3; ++l) {
            for (int t = 0; t < 6; ++t) {
                figures::HmlvFigure::Point p;
                p.sample = 0;
                p.layer = l;
                p.token = t;
                p.mean = 0.01 * (t + 1);
                p.variance = 0.004 * (5 - t) + 0.001 * l;
                p.udr = 0.1 * t + 0.05 * l;
                p.hmlv = p.mean > f->meanAbove && p.variance < f->varianceBelow && t > 0;
                f->points.push_back(p);
                f->pieces.push_back(test::tokenLabels(6).pieces[static_cast<std::size_t>(t)]);
            }
        }
        f->hmlvPerLayer = {3, 4, 4};
        f->pointsPerLayer = {6, 6, 6};
        f->udrHmlvMean = {0.35, 0.45, std::nan("")};
        f->udrRestMean = {0.1, 0.15, 0.2};
        f->provenance = test::provenance();
        return f;
    }
    static int drawnPoints(const HmlvView& view)
    {
        int n = 0;
        for (QCPGraph* g : view.scatterGraphs()) n += g->dataCount();
        return n;
    }
};

void TestHmlvView::startsEmpty()
{
    HmlvView view;
    test::verifyEmpty(view);
}

void TestHmlvView::scattersEveryPoint()
{
    HmlvView view;
    const auto f = figure();
    view.setFigure(f);
    QCOMPARE(drawnPoints(view), 18);
    QCOMPARE(static_cast<int>(view.drawnPoints().size()), 18);
    // Each point sits in the graph of its colour class and HMLV flag, at (mean, variance).
    for (const auto& p : f->points) {
        QCPGraph* g = view.scatterGraphs()[static_cast<std::size_t>(view.colourClass(p.udr) * 2 + (p.hmlv ? 1 : 0))];
        bool found = false;
        for (int i = 0; i < g->dataCount(); ++i) {
            found = found || (g->data()->at(i)->key == p.mean && g->data()->at(i)->value == p.variance);
        }
        QVERIFY2(found, qPrintable(QStringLiteral("layer %1 token %2").arg(p.layer).arg(p.token)));
    }
    // Classes span the figure's U-dark ratios: lowest and highest in the end classes.
    QCOMPARE(view.colourClass(0.0), 0);
    QCOMPARE(view.colourClass(0.6), HmlvView::kColourClasses - 1);
}

void TestHmlvView::drawsThePerLayerComparison()
{
    HmlvView view;
    const auto f = figure();
    view.setFigure(f);
    QCOMPARE(view.hmlvLayerGraph()->dataCount(), 3);
    QCOMPARE(view.hmlvLayerGraph()->data()->at(1)->value, 0.45);
    QVERIFY(std::isnan(view.hmlvLayerGraph()->data()->at(2)->value));
    QVERIFY(view.restLayerGraph()->visible());
    QCOMPARE(view.restLayerGraph()->data()->at(2)->value, 0.2);
}

void TestHmlvView::fallsBackToTheHmlvShare()
{
    HmlvView view;
    auto f = std::make_shared<figures::HmlvFigure>(*figure());
    f->udrHmlvMean.clear();
    f->udrRestMean.clear();
    view.setFigure(f);
    QVERIFY(!view.restLayerGraph()->visible());
    QCOMPARE(view.hmlvLayerGraph()->data()->at(0)->value, 0.5);
}

void TestHmlvView::exports()
{
    HmlvView view;
    test::showView(view);
    const auto f = figure();
    view.setFigure(f);
    Selection s;
    s.token = 4;
    s.layer = 1;
    view.setSelection(s);
    test::verifyExports(view, f->table().csv());
}

void TestHmlvView::hoverPicksTheNearestPoint()
{
    HmlvView view;
    test::showView(view);
    const auto f = figure();
    view.setFigure(f);
    QCPAxisRect* rect = view.plotWidget()->axisRect();
    QSignalSpy hovered(&view, &HmlvView::selectionHovered);
    QSignalSpy requested(&view, &HmlvView::selectionRequested);
    const auto& p = f->points[8]; // layer 1, token 2
    QPointF at = test::pixelOf(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft), p.mean, p.variance);
    test::mouseMove(view.plotWidget(), at + QPointF(3, -2));
    auto s = hovered.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.layer, 1);
    QCOMPARE(s.token, 2);
    QVERIFY(view.readout().contains(QStringLiteral("layer 1, token 2")));
    test::mouseClick(view.plotWidget(), at);
    s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.layer, 1);
    QCOMPARE(s.token, 2);
    QVERIFY(s.locked);
    // Far from every point: nothing is picked.
    const int before = hovered.count();
    test::mouseMove(view.plotWidget(), QPointF(rect->left() + 2, rect->top() + 2));
    QCOMPARE(hovered.count(), before);
}

void TestHmlvView::clickOnTheLayerPanelSelectsTheLayer()
{
    HmlvView view;
    test::showView(view);
    view.setFigure(figure());
    QCPAxisRect* layers = view.hmlvLayerGraph()->keyAxis()->axisRect();
    QSignalSpy requested(&view, &HmlvView::selectionRequested);
    test::mouseClick(view.plotWidget(), test::pixelOf(layers->axis(QCPAxis::atBottom), layers->axis(QCPAxis::atLeft), 2,
                                                      layers->axis(QCPAxis::atLeft)->range().center()));
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().layer, 2);
}

void TestHmlvView::selectedLayerOnly()
{
    HmlvView view;
    view.setFigure(figure());
    view.applySettings(QStringLiteral("{\"selectedLayerOnly\":true,\"logAxes\":false}"));
    Selection s;
    s.layer = 2;
    view.setSelection(s);
    QCOMPARE(drawnPoints(view), 6);
    for (int i : view.drawnPoints()) QCOMPARE(view.figure()->points[static_cast<std::size_t>(i)].layer, 2);
    QCOMPARE(view.settings(), QStringLiteral("{\"logAxes\":false,\"selectedLayerOnly\":true}"));
}

void TestHmlvView::anOutlierDoesNotFlattenTheColours()
{
    // 200 pairs with U-dark ratios 0 .. 1 and one BoS-like pair at 50: the colour classes span the
    // 1st to 99th percentile, so the ratios of 0 .. 1 still use every class.
    auto f = std::make_shared<figures::HmlvFigure>();
    f->layers = 1;
    for (int i = 0; i < 200; ++i) {
        figures::HmlvFigure::Point p;
        p.token = i + 1;
        p.mean = 0.01;
        p.variance = 0.001;
        p.udr = i / 199.0;
        f->points.push_back(p);
    }
    figures::HmlvFigure::Point bos;
    bos.udr = 50;
    f->points.push_back(bos);
    f->pieces.assign(f->points.size(), "x");
    HmlvView view;
    view.setFigure(f);
    // Range [0.01, 0.995] (the 1st and 99th percentile of 201 values) in 8 classes: 0.55 is class 4.
    QCOMPARE(view.colourClass(0.55), 4);
    QVERIFY(view.colourClass(0.1) < view.colourClass(0.3));
    QCOMPARE(view.colourClass(50), HmlvView::kColourClasses - 1);
    QCOMPARE(view.colourClass(0.0), 0);
}

QTEST_MAIN(TestHmlvView)
#include "test_hmlv_view.moc"
