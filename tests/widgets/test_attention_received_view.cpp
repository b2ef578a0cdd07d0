// AttentionReceivedView draws one bar per key token (BoS apart), whiskers of one standard
// deviation, emits the token under the mouse and exports the figure's table.
#include "attention_received_view.h"
#include "token_axis.h"
#include "token_bars.h"
#include "view_test_support.h"

#include <QCheckBox>
#include <QSignalSpy>

using spectro::widgets::AttentionReceivedView;
using spectro::workbench::Selection;
namespace figures = spectro::figures;
namespace test = spectro::test;

class TestAttentionReceivedView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void drawsOneBarPerToken();
    void exports();
    void hoverAndClickSelectAToken();
    void keysStepTokens();
    void lockedSelectionScrollsIntoView();
    void spreadSettingRoundTrips();

private:
    static std::shared_ptr<const figures::AttentionReceivedFigure> figure(int tokens = 12)
    {
        auto f = std::make_shared<figures::AttentionReceivedFigure>();
        f->sample = 2;
        f->layer = 1;
        f->head = -1;
        f->tokens = test::tokenLabels(tokens);
        for (int t = 0; t < tokens; ++t) {
            f->mean.push_back(t + 1 < tokens ? (t == 0 ? 0.6 : 0.4 / (t + 1)) : std::nan(""));
            f->variance.push_back(t + 1 < tokens ? 0.001 * (t + 1) : std::nan(""));
        }
        f->provenance = test::provenance();
        return f;
    }
};

void TestAttentionReceivedView::startsEmpty()
{
    AttentionReceivedView view;
    test::verifyEmpty(view);
}

void TestAttentionReceivedView::drawsOneBarPerToken()
{
    AttentionReceivedView view;
    const auto f = figure();
    view.setFigure(f);
    // BoS in its own colour, the rest as one series; the last token (no later query) has no bar.
    const auto* bos = view.bars().bosBar()->data().data();
    QCOMPARE(bos->size(), 1);
    QCOMPARE(bos->at(0)->key, 0.0);
    QCOMPARE(bos->at(0)->value, 0.6);
    const auto* bars = view.bars().bars()->data().data();
    QCOMPARE(bars->size(), 10);
    for (int i = 0; i < bars->size(); ++i) {
        QCOMPARE(bars->at(i)->key, double(i + 1));
        QCOMPARE(bars->at(i)->value, f->mean[static_cast<std::size_t>(i + 1)]);
    }
    auto* whiskers = view.bars().whiskers();
    QVERIFY(whiskers->visible());
    QCOMPARE(whiskers->dataCount(), 10);
    QVERIFY(std::abs(whiskers->data()->at(2).errorPlus - std::sqrt(f->variance[3])) < 1e-15);
    QCOMPARE(view.tokenAxis()->count(), 12);
}

void TestAttentionReceivedView::exports()
{
    AttentionReceivedView view;
    test::showView(view);
    const auto f = figure();
    view.setFigure(f);
    test::verifyExports(view, f->table().csv());
}

void TestAttentionReceivedView::hoverAndClickSelectAToken()
{
    AttentionReceivedView view;
    test::showView(view);
    view.setFigure(figure());
    Selection start;
    start.layer = 1;
    start.sample = 2;
    view.setSelection(start);
    QCustomPlot* plot = view.plotWidget();
    QSignalSpy hovered(&view, &AttentionReceivedView::selectionHovered);
    QSignalSpy requested(&view, &AttentionReceivedView::selectionRequested);
    const double y = plot->yAxis->range().center();
    test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 3.2, y));
    QCOMPARE(hovered.count(), 1);
    const auto s = hovered.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.token, 3);
    QCOMPARE(s.layer, 1);
    QCOMPARE(s.sample, 2);
    QVERIFY(view.readout().contains(QStringLiteral("\u00b7a")));
    QVERIFY(view.readout().contains(QStringLiteral("8 later queries")));
    test::mouseClick(plot, test::pixelOf(plot->xAxis, plot->yAxis, 0.1, y));
    QCOMPARE(requested.count(), 1);
    const auto locked = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(locked.token, 0);
    QVERIFY(locked.locked);
}

void TestAttentionReceivedView::keysStepTokens()
{
    AttentionReceivedView view;
    test::showView(view);
    view.setFigure(figure());
    Selection s;
    s.token = 4;
    view.setSelection(s);
    QSignalSpy requested(&view, &AttentionReceivedView::selectionRequested);
    test::pressKey(view, Qt::Key_Left);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().token, 3);
    test::pressKey(view, Qt::Key_End);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().token, 11);
    // + zooms the token axis in.
    test::pressKey(view, Qt::Key_Plus);
    QVERIFY(view.tokenAxis()->upper() - view.tokenAxis()->lower() < 12);
    test::pressKey(view, Qt::Key_0);
    QCOMPARE(view.tokenAxis()->upper() - view.tokenAxis()->lower(), 12.0);
}

void TestAttentionReceivedView::lockedSelectionScrollsIntoView()
{
    AttentionReceivedView view;
    test::showView(view);
    view.setFigure(figure(4096));
    view.tokenAxis()->setVisibleRange(-0.5, 99.5);
    Selection s;
    s.token = 3000;
    s.locked = true;
    view.setSelection(s);
    QVERIFY(view.tokenAxis()->lower() <= 2999.5 && view.tokenAxis()->upper() >= 3000.5);
    QCOMPARE(view.tokenAxis()->upper() - view.tokenAxis()->lower(), 100.0);
}

void TestAttentionReceivedView::spreadSettingRoundTrips()
{
    AttentionReceivedView view;
    view.setFigure(figure());
    view.applySettings(QStringLiteral("{\"spread\":false}"));
    QVERIFY(!view.bars().whiskers()->visible());
    QCOMPARE(view.settings(), QStringLiteral("{\"spread\":false}"));
    auto* box = view.findChild<QCheckBox*>();
    QVERIFY(box && !box->toolTip().isEmpty());
}

QTEST_MAIN(TestAttentionReceivedView)
#include "test_attention_received_view.moc"
