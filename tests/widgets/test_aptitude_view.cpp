// AptitudeView shows a matrix's aptitude per unit and band (or singular index), the dark band's
// aptitude per unit against the uniform level, emits head and band under the mouse, and exports
// the figure's table.
#include "aptitude_view.h"
#include "cell_map.h"
#include "fitted_ticker.h"
#include "view_test_support.h"

#include <QComboBox>
#include <QSignalSpy>

using spectro::widgets::AptitudeView;
using spectro::workbench::Selection;
namespace figures = spectro::figures;
namespace test = spectro::test;

class TestAptitudeView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void showsEveryHeadAndBand();
    void singularIndicesAreTickedByBand();
    void aWideNeuronMatrixIsBinned();
    void exports();
    void hoverAndClickSelectHeadAndBand();
    void keysMoveHeadAndBand();
    void choosersAskForAnotherFigure();

private:
    static std::shared_ptr<const figures::AptitudeFigure> figure(bool byBand = true)
    {
        auto f = std::make_shared<figures::AptitudeFigure>();
        f->matrix = "wo";
        f->layer = 4;
        f->writer = true;
        f->unit = "head";
        f->byBand = byBand;
        f->units = 8;
        f->bandEdges = {0, 16, 32, 48, 64};
        f->columns = byBand ? 4 : 64;
        for (int u = 0; u < f->units; ++u)
            for (int c = 0; c < f->columns; ++c) f->values.push_back(0.01 * u + 0.001 * c);
        for (int u = 0; u < f->units; ++u) f->darkAptitude.push_back(u == 5 ? 0.38 : 0.2);
        f->uniformLevel = 0.5;
        f->provenance = test::provenance();
        return f;
    }
};

void TestAptitudeView::startsEmpty()
{
    AptitudeView view;
    test::verifyEmpty(view);
}

void TestAptitudeView::showsEveryHeadAndBand()
{
    AptitudeView view;
    const auto f = figure();
    view.setFigure(f);
    QCPColorMapData* data = view.cells().colorMap()->data();
    QCOMPARE(data->keySize(), 4);
    QCOMPARE(data->valueSize(), 8);
    for (int u = 0; u < 8; ++u)
        for (int c = 0; c < 4; ++c) QCOMPARE(data->cell(c, u), f->values[static_cast<std::size_t>(u) * 4 + c]);
    QCOMPARE(view.darkBars()->dataCount(), 8);
    QCOMPARE(view.darkBars()->data()->at(5)->value, 0.38);
    QCOMPARE(view.uniformMarker(), 0.5);
    QCOMPARE(view.bandOfColumn(3), 4);
}

void TestAptitudeView::singularIndicesAreTickedByBand()
{
    AptitudeView view;
    view.setFigure(figure(false));
    QCOMPARE(view.cells().colorMap()->data()->keySize(), 64);
    QCOMPARE(view.bandOfColumn(15), 1);
    QCOMPARE(view.bandOfColumn(16), 2);
    QCOMPARE(view.bandOfColumn(63), 4);
    auto ticker = view.cells().colorMap()->keyAxis()->ticker().dynamicCast<spectro::widgets::FittedTextTicker>();
    QVERIFY(ticker);
    QCOMPARE(ticker->labels().size(), std::size_t(4));
    QCOMPARE(ticker->labels()[0].first, 7.5);
    QCOMPARE(ticker->labels()[0].second, QStringLiteral("1"));
    QCOMPARE(ticker->labels()[3].first, 55.5);
    QVERIFY(ticker->labels()[3].second.contains(QStringLiteral("dark")));
}

void TestAptitudeView::aWideNeuronMatrixIsBinned()
{
    // W_2 of a 7B-shaped layer per singular index: 11,008 neurons x 4,096 indices.
    AptitudeView view;
    test::showView(view);
    auto f = std::make_shared<figures::AptitudeFigure>();
    f->matrix = "w2";
    f->writer = true;
    f->unit = "neuron";
    f->byBand = false;
    f->units = 11008;
    f->columns = 4096;
    f->bandEdges = {0, 2048, 4096};
    f->values.assign(static_cast<std::size_t>(f->units) * f->columns, 0.001);
    f->darkAptitude.assign(static_cast<std::size_t>(f->units), 0.7);
    f->uniformLevel = 0.7;
    QSignalSpy binned(view.cells().binned(), &spectro::widgets::BinnedColorMap::binned);
    view.setFigure(f);
    QVERIFY(view.cells().binned()->pending());
    QVERIFY(binned.wait(30000));
    QVERIFY(view.cells().colorMap()->data()->valueSize() <= view.cells().rect()->height());
    QCOMPARE(view.cells().colorMap()->data()->cell(3, 3), 0.001);
}

void TestAptitudeView::exports()
{
    for (bool byBand : {true, false}) {
        AptitudeView view;
        test::showView(view);
        const auto f = figure(byBand);
        view.setFigure(f);
        test::verifyExports(view, f->table().csv());
        if (QTest::currentTestFailed()) return;
    }
}

void TestAptitudeView::hoverAndClickSelectHeadAndBand()
{
    AptitudeView view;
    test::showView(view);
    view.setFigure(figure());
    QCustomPlot* plot = view.plotWidget();
    QCPAxisRect* map = view.cells().rect();
    QSignalSpy hovered(&view, &AptitudeView::selectionHovered);
    QSignalSpy requested(&view, &AptitudeView::selectionRequested);
    test::mouseMove(plot, test::pixelOf(map->axis(QCPAxis::atBottom), map->axis(QCPAxis::atLeft), 3, 6));
    QCOMPARE(hovered.count(), 1);
    auto s = hovered.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.head, 6);
    QCOMPARE(s.band, 4);
    QCOMPARE(s.layer, 4);
    QVERIFY(view.readout().contains(QStringLiteral("head 6, band 4, dark: 0.063")));
    // The dark-band bars: the head, and band N.
    QCPAxisRect* bars = view.darkBars()->keyAxis()->axisRect();
    test::mouseClick(plot, test::pixelOf(bars->axis(QCPAxis::atBottom), bars->axis(QCPAxis::atLeft), 0.1, 5));
    QCOMPARE(requested.count(), 1);
    s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.head, 5);
    QCOMPARE(s.band, 4);
    QVERIFY(s.locked);
}

void TestAptitudeView::keysMoveHeadAndBand()
{
    AptitudeView view;
    test::showView(view);
    view.setFigure(figure());
    Selection s;
    s.head = 2;
    s.band = 2;
    view.setSelection(s);
    QSignalSpy requested(&view, &AptitudeView::selectionRequested);
    test::pressKey(view, Qt::Key_Down);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().head, 3);
    test::pressKey(view, Qt::Key_Left);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().band, 1);
}

void TestAptitudeView::choosersAskForAnotherFigure()
{
    AptitudeView view;
    view.setFigure(figure());
    QSignalSpy changed(&view, &AptitudeView::settingsChanged);
    const auto boxes = view.findChildren<QComboBox*>();
    QCOMPARE(boxes.size(), 2);
    QComboBox* matrix = boxes[0]->findData(QStringLiteral("w2")) >= 0 ? boxes[0] : boxes[1];
    const int w2 = matrix->findData(QStringLiteral("w2"));
    matrix->setCurrentIndex(w2);
    Q_EMIT matrix->activated(w2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(view.requestedMatrix(), QStringLiteral("w2"));
    view.applySettings(QStringLiteral("{\"matrix\":\"wq\",\"byBand\":false}"));
    QCOMPARE(view.settings(), QStringLiteral("{\"byBand\":false,\"matrix\":\"wq\"}"));
    for (QComboBox* box : boxes) QVERIFY(!box->toolTip().isEmpty());
}

QTEST_MAIN(TestAptitudeView)
#include "test_aptitude_view.moc"
