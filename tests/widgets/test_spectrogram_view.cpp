// SpectrogramView shows band energies (raw or as fractions) across streams or across tokens,
// bands up the vertical axis, emits band and row under the mouse, and exports the figure's table.
#include "cell_map.h"
#include "spectrogram_view.h"
#include "token_axis.h"
#include "view_test_support.h"

#include <QComboBox>
#include <QSignalSpy>

using spectro::widgets::SpectrogramView;
using spectro::workbench::Selection;
using Axis = spectro::figures::SpectrogramFigure::Axis;
namespace figures = spectro::figures;
namespace test = spectro::test;

class TestSpectrogramView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void streamsByBand();
    void tokensByBandOnTheTokenAxis();
    void fractionDividesByTheRowSum();
    void exports();
    void hoverAndClick();
    void axisChoiceAsksForAnotherFigure();

private:
    static std::shared_ptr<const figures::SpectrogramFigure> figure(Axis axis)
    {
        auto f = std::make_shared<figures::SpectrogramFigure>();
        f->axis = axis;
        f->fixed = axis == Axis::StreamByBand ? 3 : 2;
        f->tokens = test::tokenLabels(10);
        f->rows = axis == Axis::StreamByBand ? 6 : 10;
        f->bands = 4;
        for (int r = 0; r < f->rows; ++r)
            for (int j = 0; j < f->bands; ++j) f->energy.push_back((r + 1) * (j == 3 ? 5.0 : 1.0 + j));
        f->provenance = test::provenance();
        return f;
    }
};

void TestSpectrogramView::startsEmpty()
{
    SpectrogramView view;
    test::verifyEmpty(view);
}

void TestSpectrogramView::streamsByBand()
{
    SpectrogramView view;
    const auto f = figure(Axis::StreamByBand);
    view.setFigure(f);
    QCPColorMapData* data = view.cells().colorMap()->data();
    // Bands are the map's keys on the vertical axis, streams its values across.
    QCOMPARE(view.cells().colorMap()->keyAxis()->orientation(), Qt::Vertical);
    QCOMPARE(data->keySize(), 4);
    QCOMPARE(data->valueSize(), 6);
    for (int r = 0; r < 6; ++r)
        for (int j = 0; j < 4; ++j) QCOMPARE(data->cell(j, r), f->energy[static_cast<std::size_t>(r) * 4 + j]);
    QVERIFY(view.tokenAxis() == nullptr);
    QCOMPARE(view.plotWidget()->xAxis->range().upper, 5.5);
}

void TestSpectrogramView::tokensByBandOnTheTokenAxis()
{
    SpectrogramView view;
    view.setFigure(figure(Axis::TokenByBand));
    QVERIFY(view.tokenAxis() != nullptr);
    QCOMPARE(view.tokenAxis()->count(), 10);
    QCOMPARE(view.cells().colorMap()->data()->valueSize(), 10);
    // Back to streams: the token axis steps aside.
    view.setFigure(figure(Axis::StreamByBand));
    QVERIFY(view.tokenAxis() == nullptr);
    QCOMPARE(view.plotWidget()->xAxis->range().upper, 5.5);
}

void TestSpectrogramView::fractionDividesByTheRowSum()
{
    SpectrogramView view;
    const auto f = figure(Axis::StreamByBand);
    view.setFigure(f);
    view.applySettings(QStringLiteral("{\"axis\":\"stream\",\"fraction\":true,\"logColor\":false}"));
    QCPColorMapData* data = view.cells().colorMap()->data();
    for (int r = 0; r < 6; ++r) {
        double sum = 0;
        for (int j = 0; j < 4; ++j) sum += data->cell(j, r);
        QVERIFY(std::abs(sum - 1.0) < 1e-12);
    }
    // Row sums are 11 (r + 1): band 4 holds 5 / 11 of every row.
    QVERIFY(std::abs(data->cell(3, 2) - 5.0 / 11.0) < 1e-12);
    QCOMPARE(view.settings(), QStringLiteral("{\"axis\":\"stream\",\"fraction\":true,\"logColor\":false}"));
}

void TestSpectrogramView::exports()
{
    for (Axis axis : {Axis::StreamByBand, Axis::TokenByBand}) {
        SpectrogramView view;
        test::showView(view);
        const auto f = figure(axis);
        view.setFigure(f);
        test::verifyExports(view, f->table().csv());
        if (QTest::currentTestFailed()) return;
    }
}

void TestSpectrogramView::hoverAndClick()
{
    SpectrogramView view;
    test::showView(view);
    view.setFigure(figure(Axis::TokenByBand));
    QCustomPlot* plot = view.plotWidget();
    QSignalSpy hovered(&view, &SpectrogramView::selectionHovered);
    QSignalSpy requested(&view, &SpectrogramView::selectionRequested);
    // x = token 6, y = band 4 (key 3).
    test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 6, 3));
    auto s = hovered.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.token, 6);
    QCOMPARE(s.band, 4);
    // Row 6 sums to 7 * 11 = 77, band 4 has 35: 45.45 %.
    QVERIFY(view.readout().contains(QStringLiteral("energy 35")));
    QVERIFY(view.readout().contains(QStringLiteral("45.45%")));
    QVERIFY(view.readout().contains(QStringLiteral("(dark)")));
    test::mouseClick(plot, test::pixelOf(plot->xAxis, plot->yAxis, 1, 0));
    s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.token, 1);
    QCOMPARE(s.band, 1);
    QVERIFY(s.locked);

    view.setFigure(figure(Axis::StreamByBand));
    plot->replot();
    test::mouseClick(plot, test::pixelOf(plot->xAxis, plot->yAxis, 4, 2));
    s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.layer, 4);
    QCOMPARE(s.band, 3);
    // Up/Down move through the bands.
    Selection at;
    at.band = 2;
    view.setSelection(at);
    test::pressKey(view, Qt::Key_Up);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().band, 3);
}

void TestSpectrogramView::axisChoiceAsksForAnotherFigure()
{
    SpectrogramView view;
    view.setFigure(figure(Axis::StreamByBand));
    auto* choice = view.findChild<QComboBox*>();
    QVERIFY(choice && !choice->toolTip().isEmpty());
    QSignalSpy changed(&view, &SpectrogramView::settingsChanged);
    choice->setCurrentIndex(1);
    Q_EMIT choice->activated(1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(view.requestedAxis(), Axis::TokenByBand);
    QVERIFY(view.settings().contains(QStringLiteral("\"axis\":\"token\"")));
}

QTEST_MAIN(TestSpectrogramView)
#include "test_spectrogram_view.moc"
