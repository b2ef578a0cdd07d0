// CellGridViewOf, the pointer on a grid of cells shared by the sink, attention pattern, spectrogram
// and aptitude views: a hover previews the selection the cell under the mouse stands for (and
// keeps the rest of the session's selection), a click locks it, nothing outside the grid does
// anything, and row 0 is drawn at the top. Driven through a minimal view of a 3 x 4 grid.
#include "cell_grid_view.h"
#include "cell_marks.h"
#include "view_helpers.h"
#include "view_test_support.h"

#include <QSignalSpy>

using spectro::widgets::CellGridViewOf;
using spectro::widgets::CellMap;
using spectro::widgets::MatrixSource;
using spectro::workbench::Selection;
namespace test = spectro::test;

namespace {

struct GridFigure {
    std::vector<double> values;
    spectro::figures::FigureTable table() const { return {}; }
};

constexpr int kRows = 3, kColumns = 4;

// A cell stands for (layer = row, head = column), as in the sink views.
class GridView : public CellGridViewOf<GridFigure> {
public:
    GridView() : CellGridViewOf(QStringLiteral("grid"))
    {
        spectro::widgets::addPlotTitle(plot()); // the colour scale goes into the figure's grid
        auto* scale = spectro::widgets::addColorScale(plot(), 0, 1, QStringLiteral("v"), plot()->axisRect());
        cells_ = std::make_unique<CellMap>(plot(), plot()->xAxis, plot()->yAxis, markerLayer(), scale);
        spectro::widgets::setUpCellGridAxes(plot());
        auto f = std::make_shared<GridFigure>();
        for (int i = 0; i < kRows * kColumns; ++i) f->values.push_back(i / 16.0);
        figure_ = f;
        cells_->setMatrix(MatrixSource::of(figure_, figure_->values, kRows, kColumns), 0.0, 1.0);
        cells_->showAll();
        showFigure();
    }

protected:
    QString cellReadout(int row, int column) const override
    {
        return QStringLiteral("row %1, column %2: %3").arg(row).arg(column).arg(cells_->value(row, column));
    }
    Selection cellSelection(Selection from, int row, int column) const override
    {
        from.layer = row;
        from.head = column;
        return from;
    }
};

} // namespace

class TestCellGridView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hoverPreviewsTheCellKeepingTheRestOfTheSelection();
    void clickLocksTheCell();
    void outsideTheGridNothingHappens();
    void rowZeroIsAtTheTop();
};

void TestCellGridView::hoverPreviewsTheCellKeepingTheRestOfTheSelection()
{
    GridView view;
    test::showView(view);
    Selection session;
    session.token = 5;
    session.band = 2;
    view.setSelection(session);
    QCustomPlot* plot = view.plotWidget();
    QSignalSpy hovered(&view, &GridView::selectionHovered);
    test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 3, 1)); // column 3, row 1
    QCOMPARE(hovered.count(), 1);
    const auto s = hovered.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.layer, 1);
    QCOMPARE(s.head, 3);
    QCOMPARE(s.token, 5);
    QCOMPARE(s.band, 2);
    QVERIFY(!s.locked);
    QCOMPARE(view.readout(), QStringLiteral("row 1, column 3: 0.4375")); // (1 * 4 + 3) / 16
    // Another pixel of the same cell is no new preview (previews follow the cell, not the mouse).
    test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 3.2, 1.1));
    QCOMPARE(hovered.count(), 0);
}

void TestCellGridView::clickLocksTheCell()
{
    GridView view;
    test::showView(view);
    QCustomPlot* plot = view.plotWidget();
    QSignalSpy requested(&view, &GridView::selectionRequested);
    test::mouseClick(plot, test::pixelOf(plot->xAxis, plot->yAxis, 0, 2));
    QCOMPARE(requested.count(), 1);
    const auto s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.layer, 2);
    QCOMPARE(s.head, 0);
    QVERIFY(s.locked);
}

void TestCellGridView::outsideTheGridNothingHappens()
{
    GridView view;
    test::showView(view);
    QCustomPlot* plot = view.plotWidget();
    QSignalSpy hovered(&view, &GridView::selectionHovered);
    QSignalSpy requested(&view, &GridView::selectionRequested);
    // Inside the axis rect, but past the last column (the range is widened a little for this).
    plot->xAxis->setRange(-0.5, kColumns + 1.5);
    plot->replot();
    const QPointF pastTheGrid = test::pixelOf(plot->xAxis, plot->yAxis, kColumns + 1, 1);
    test::mouseMove(plot, pastTheGrid);
    test::mouseClick(plot, pastTheGrid);
    // The colour scale, outside the axis rect.
    test::mouseMove(plot, QPointF(plot->width() - 5, plot->height() / 2.0));
    QCOMPARE(hovered.count(), 0);
    QCOMPARE(requested.count(), 0);
    QVERIFY(view.readout().isEmpty());
}

void TestCellGridView::rowZeroIsAtTheTop()
{
    GridView view;
    test::showView(view);
    QCustomPlot* plot = view.plotWidget();
    QVERIFY(plot->yAxis->rangeReversed());
    QVERIFY(plot->yAxis->coordToPixel(0) < plot->yAxis->coordToPixel(kRows - 1));
    // One tick per row and column: the ticks are the cells' indices.
    plot->replot();
    QCOMPARE(plot->yAxis->tickVector(), QVector<double>({0, 1, 2}));
    QCOMPARE(plot->xAxis->tickVector(), QVector<double>({0, 1, 2, 3}));
    QVERIFY(!plot->xAxis->grid()->visible());
}

QTEST_MAIN(TestCellGridView)
#include "test_cell_grid_view.moc"
