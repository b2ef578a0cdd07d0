// DarkRatioView shows the stream x token ratios as a heatmap and the selected stream's row as
// bars, follows the selected layer with the bars, emits token and stream under the mouse, and
// exports the figure's table.
#include "cell_map.h"
#include "dark_ratio_view.h"
#include "token_axis.h"
#include "token_bars.h"
#include "view_test_support.h"

#include <QSignalSpy>

using spectro::widgets::DarkRatioView;
using spectro::workbench::Selection;
namespace figures = spectro::figures;
namespace test = spectro::test;

class TestDarkRatioView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void showsEveryStreamAndToken();
    void barsFollowTheSelectedStream();
    void exports();
    void hoverAndClick();
    void keysMoveTokenAndStream();
    void namesTheEmbeddingRatio();

private:
    static constexpr int kStreams = 6, kTokens = 20;
    static std::shared_ptr<const figures::DarkRatioFigure> figure(const std::string& matrix = "unembed")
    {
        auto f = std::make_shared<figures::DarkRatioFigure>();
        f->sample = 1;
        f->matrix = matrix;
        f->tokens = test::tokenLabels(kTokens);
        f->streams = kStreams;
        for (int s = 0; s < kStreams; ++s)
            for (int t = 0; t < kTokens; ++t) f->ratio.push_back(t == 0 ? 0.5 * s : 0.01 * s + 0.001 * t);
        f->provenance = test::provenance();
        return f;
    }
    static double ratio(const figures::DarkRatioFigure& f, int s, int t)
    {
        return f.ratio[static_cast<std::size_t>(s) * kTokens + t];
    }
};

void TestDarkRatioView::startsEmpty()
{
    DarkRatioView view;
    test::verifyEmpty(view);
}

void TestDarkRatioView::showsEveryStreamAndToken()
{
    DarkRatioView view;
    const auto f = figure();
    view.setFigure(f);
    QCPColorMapData* data = view.cells().colorMap()->data();
    QCOMPARE(data->keySize(), kTokens);
    QCOMPARE(data->valueSize(), kStreams);
    for (int s = 0; s < kStreams; ++s)
        for (int t = 0; t < kTokens; ++t) QCOMPARE(data->cell(t, s), ratio(*f, s, t));
    QCOMPARE(view.tokenAxis()->count(), kTokens);
}

void TestDarkRatioView::barsFollowTheSelectedStream()
{
    DarkRatioView view;
    const auto f = figure();
    view.setFigure(f);
    Selection s;
    s.layer = 4;
    view.setSelection(s);
    QCOMPARE(view.barStream(), 4);
    QCOMPARE(view.bars().bosBar()->data()->at(0)->value, ratio(*f, 4, 0));
    const auto* bars = view.bars().bars()->data().data();
    QCOMPARE(bars->size(), kTokens - 1);
    for (int t = 1; t < kTokens; ++t) QCOMPARE(bars->at(t - 1)->value, ratio(*f, 4, t));
    // A layer past the last stream shows the last one.
    s.layer = 40;
    view.setSelection(s);
    QCOMPARE(view.barStream(), kStreams - 1);
}

void TestDarkRatioView::exports()
{
    DarkRatioView view;
    test::showView(view);
    const auto f = figure();
    view.setFigure(f);
    Selection s;
    s.layer = 3;
    s.token = 5;
    view.setSelection(s);
    test::verifyExports(view, f->table().csv());
}

void TestDarkRatioView::hoverAndClick()
{
    DarkRatioView view;
    test::showView(view);
    view.setFigure(figure());
    Selection start;
    start.layer = 2;
    view.setSelection(start);
    QCustomPlot* plot = view.plotWidget();
    QCPAxisRect* bars = view.bars().rect();
    QCPAxisRect* map = view.cells().rect();
    QSignalSpy hovered(&view, &DarkRatioView::selectionHovered);
    QSignalSpy requested(&view, &DarkRatioView::selectionRequested);
    // On the heatmap: token and stream.
    test::mouseMove(plot, test::pixelOf(map->axis(QCPAxis::atBottom), map->axis(QCPAxis::atLeft), 7, 5));
    auto s = hovered.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.token, 7);
    QCOMPARE(s.layer, 5);
    QVERIFY(view.readout().contains(QStringLiteral("resid[5] (exit of layer 4)")));
    QVERIFY(view.readout().contains(QStringLiteral("0.057")));
    // On the bars: the token, at the bars' stream.
    test::mouseClick(plot, test::pixelOf(bars->axis(QCPAxis::atBottom), bars->axis(QCPAxis::atLeft), 11,
                                         bars->axis(QCPAxis::atLeft)->range().center()));
    s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.token, 11);
    QCOMPARE(s.layer, 2);
    QVERIFY(s.locked);
    test::mouseClick(plot, test::pixelOf(map->axis(QCPAxis::atBottom), map->axis(QCPAxis::atLeft), 0, 1));
    s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.token, 0);
    QCOMPARE(s.layer, 1);
}

void TestDarkRatioView::keysMoveTokenAndStream()
{
    DarkRatioView view;
    test::showView(view);
    view.setFigure(figure());
    Selection s;
    s.layer = 2;
    s.token = 3;
    view.setSelection(s);
    QSignalSpy requested(&view, &DarkRatioView::selectionRequested);
    test::pressKey(view, Qt::Key_Up);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().layer, 3);
    test::pressKey(view, Qt::Key_Right);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().token, 4);
}

void TestDarkRatioView::namesTheEmbeddingRatio()
{
    DarkRatioView view;
    view.setFigure(figure("embed"));
    QCOMPARE(view.cells().colorMap()->colorScale()->axis()->label(), QStringLiteral("E-dark ratio"));
}

QTEST_MAIN(TestDarkRatioView)
#include "test_dark_ratio_view.moc"
