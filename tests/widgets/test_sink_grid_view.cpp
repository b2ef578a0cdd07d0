// SinkGridView shows the BoS sink of every layer and head, writes the values into small grids,
// emits the layer and head under the mouse, and exports the figure's table.
#include "cell_map.h"
#include "sink_grid_view.h"
#include "view_test_support.h"

#include <QSignalSpy>

using spectro::widgets::SinkGridView;
using spectro::workbench::Selection;
namespace figures = spectro::figures;
namespace test = spectro::test;

class TestSinkGridView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void showsEveryLayerAndHead();
    void exports();
    void hoverAndClickSelectLayerAndHead();
    void arrowsMoveThroughTheGrid();
    void rejectsAMalformedFigure();

private:
    static std::shared_ptr<const figures::SinkGridFigure> figure()
    {
        auto f = std::make_shared<figures::SinkGridFigure>();
        f->layers = 5;
        f->heads = 8;
        f->firstQuery = 16;
        f->samples = 8;
        f->uniformLevel = 0.021;
        for (int l = 0; l < 5; ++l)
            for (int h = 0; h < 8; ++h) f->bosAttention.push_back(l == 2 ? 0.9 - 0.05 * h : 0.02 * (h + 1));
        f->provenance = test::provenance();
        return f;
    }
};

void TestSinkGridView::startsEmpty()
{
    SinkGridView view;
    test::verifyEmpty(view);
}

void TestSinkGridView::showsEveryLayerAndHead()
{
    SinkGridView view;
    const auto f = figure();
    view.setFigure(f);
    QCPColorMapData* data = view.cells().colorMap()->data();
    QCOMPARE(data->keySize(), 8);
    QCOMPARE(data->valueSize(), 5);
    for (int l = 0; l < 5; ++l)
        for (int h = 0; h < 8; ++h) QCOMPARE(data->cell(h, l), f->bosAttention[static_cast<std::size_t>(l) * 8 + h]);
    // A fraction of the attention: the colour scale is [0, 1] whatever the data.
    QCOMPARE(view.cells().colorMap()->dataRange().lower, 0.0);
    QCOMPARE(view.cells().colorMap()->dataRange().upper, 1.0);
    // 40 cells: each carries its value as text.
    int labels = 0;
    for (int i = 0; i < view.plotWidget()->itemCount(); ++i) {
        if (auto* text = qobject_cast<QCPItemText*>(view.plotWidget()->item(i))) {
            ++labels;
            if (text->position->coords() == QPointF(1, 2)) QCOMPARE(text->text(), QStringLiteral("0.85"));
        }
    }
    QCOMPARE(labels, 40);
}

void TestSinkGridView::exports()
{
    SinkGridView view;
    test::showView(view);
    const auto f = figure();
    view.setFigure(f);
    test::verifyExports(view, f->table().csv());
}

void TestSinkGridView::hoverAndClickSelectLayerAndHead()
{
    SinkGridView view;
    test::showView(view);
    view.setFigure(figure());
    QCustomPlot* plot = view.plotWidget();
    QSignalSpy hovered(&view, &SinkGridView::selectionHovered);
    QSignalSpy requested(&view, &SinkGridView::selectionRequested);
    test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 3, 2));
    auto s = hovered.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.layer, 2);
    QCOMPARE(s.head, 3);
    QVERIFY(view.readout().contains(QStringLiteral("0.75")));
    QVERIFY(view.readout().contains(QStringLiteral("uniform 0.021")));
    test::mouseClick(plot, test::pixelOf(plot->xAxis, plot->yAxis, 7, 4));
    s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.layer, 4);
    QCOMPARE(s.head, 7);
    QVERIFY(s.locked);
}

void TestSinkGridView::arrowsMoveThroughTheGrid()
{
    SinkGridView view;
    test::showView(view);
    view.setFigure(figure());
    Selection s;
    s.layer = 1;
    s.head = -1; // the head average: Right starts at head 0
    view.setSelection(s);
    QSignalSpy requested(&view, &SinkGridView::selectionRequested);
    test::pressKey(view, Qt::Key_Right);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().head, 0);
    s.head = 7;
    view.setSelection(s);
    test::pressKey(view, Qt::Key_Right); // the last head: nothing to move to
    QCOMPARE(requested.count(), 0);
    test::pressKey(view, Qt::Key_Down); // layer 0 is at the top
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().layer, 2);
}

void TestSinkGridView::rejectsAMalformedFigure()
{
    SinkGridView view;
    auto f = std::make_shared<figures::SinkGridFigure>(*figure());
    f->bosAttention.pop_back();
    view.setFigure(f);
    QVERIFY(!view.hasFigure());
    QVERIFY(!view.emptyText().isEmpty());
}

QTEST_MAIN(TestSinkGridView)
#include "test_sink_grid_view.moc"
