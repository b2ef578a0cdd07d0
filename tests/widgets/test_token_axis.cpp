// The token axis of 4,096-token samples: clamped scrolling and zooming, piece labels once a token
// is wide enough, the scroll bar, linked views, and an inactive axis that leaves its axis alone.
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "token_axis.h"
#include "view_test_support.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QWheelEvent>

using spectro::widgets::TokenAxis;
using spectro::widgets::TokenAxisLink;
namespace test = spectro::test;

namespace {

// A plot with a token axis, shown so that pixel widths are known.
struct TokenPlot {
    QWidget window;
    QCustomPlot* plot;
    TokenAxis* axis;
    explicit TokenPlot(int tokens)
    {
        auto* layout = new QVBoxLayout(&window);
        plot = new QCustomPlot(&window);
        layout->addWidget(plot);
        spectro::widgets::applyPlotStyle(plot);
        axis = new TokenAxis(plot, &window);
        layout->addWidget(axis->scrollBar());
        axis->addAxis(plot->xAxis);
        axis->setTokens(test::tokenLabels(tokens));
        window.resize(820, 400);
        window.show();
        (void)QTest::qWaitForWindowExposed(&window);
        plot->replot();
    }
    QStringList labels()
    {
        plot->replot();
        return plot->xAxis->tickVectorLabels().toList();
    }
};

} // namespace

class TestTokenAxis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsTheWholeSample();
    void rangesAreClamped();
    void piecesOnceTokensAreWide();
    void scrollBarFollowsAndScrolls();
    void zoomAndEnsureVisible();
    void wheelZoomsTheTokenAxisOnly();
    void linkedAxesFollowSameLengthSamples();
    void inactiveAxisIgnoresRequests();
    void stepTokenClamps();
};

void TestTokenAxis::showsTheWholeSample()
{
    TokenPlot p(4096);
    QCOMPARE(p.axis->lower(), -0.5);
    QCOMPARE(p.axis->upper(), 4095.5);
    QCOMPARE(p.plot->xAxis->range().lower, -0.5);
    QVERIFY(!p.axis->showsPieces());
    QVERIFY(p.axis->scrollBar()->isHidden());
    // Positions, far enough apart to be read: no more than one label per 64 pixels.
    const QStringList labels = p.labels();
    QVERIFY(!labels.isEmpty());
    QVERIFY(labels.size() <= 820 / 64 + 1);
    bool ok = false;
    labels.first().toInt(&ok);
    QVERIFY(ok);
}

void TestTokenAxis::rangesAreClamped()
{
    TokenPlot p(100);
    p.axis->setVisibleRange(-40, 10);
    QCOMPARE(p.axis->lower(), -0.5);
    QCOMPARE(p.axis->upper(), 49.5);
    p.axis->setVisibleRange(90, 140);
    QCOMPARE(p.axis->upper(), 99.5);
    QCOMPARE(p.axis->lower(), 49.5);
    // No narrower than kMinimumSpan tokens, no wider than the sample.
    p.axis->setVisibleRange(10, 10.5);
    QCOMPARE(p.axis->upper() - p.axis->lower(), TokenAxis::kMinimumSpan);
    p.axis->setVisibleRange(-1000, 1000);
    QCOMPARE(p.axis->lower(), -0.5);
    QCOMPARE(p.axis->upper(), 99.5);
    // A drag on the axis itself is clamped the same way.
    p.plot->xAxis->setRange(-50, 20);
    QCOMPARE(p.plot->xAxis->range().lower, -0.5);
    QCOMPARE(p.axis->tokenAt(3.4), 3);
    QCOMPARE(p.axis->tokenAt(-0.6), -1);
    QCOMPARE(p.axis->tokenAt(99.6), -1);
    QCOMPARE(p.axis->describe(1), QStringLiteral("1 \u201c\u00b7Once\u201d"));
}

void TestTokenAxis::piecesOnceTokensAreWide()
{
    TokenPlot p(4096);
    p.axis->setVisibleRange(-0.5, 9.5);
    QStringList labels = p.labels();
    QVERIFY(p.axis->showsPieces());
    QCOMPARE(labels.size(), 10);
    QCOMPARE(labels.at(1), QStringLiteral("\u00b7Once"));
    QCOMPARE(p.plot->xAxis->tickLabelRotation(), 90.0);
    p.axis->showAll();
    labels = p.labels();
    QVERIFY(!p.axis->showsPieces());
    QCOMPARE(p.plot->xAxis->tickLabelRotation(), 0.0);
}

void TestTokenAxis::scrollBarFollowsAndScrolls()
{
    TokenPlot p(4096);
    p.axis->setVisibleRange(999.5, 1099.5);
    QScrollBar* bar = p.axis->scrollBar();
    QVERIFY(!bar->isHidden());
    QCOMPARE(bar->value(), 1000);
    QCOMPARE(bar->pageStep(), 100);
    QCOMPARE(bar->maximum(), 4096 - 100);
    QSignalSpy moved(p.axis, &TokenAxis::visibleRangeChanged);
    bar->setValue(3000);
    QCOMPARE(moved.count(), 1);
    QCOMPARE(p.axis->lower(), 2999.5);
    QCOMPARE(p.axis->upper(), 3099.5);
}

void TestTokenAxis::zoomAndEnsureVisible()
{
    TokenPlot p(4096);
    p.axis->zoomBy(0.25);
    QCOMPARE(p.axis->upper() - p.axis->lower(), 1024.0);
    QCOMPARE(0.5 * (p.axis->lower() + p.axis->upper()), 2047.5);
    p.axis->ensureVisible(4000);
    QVERIFY(p.axis->upper() >= 4000.5);
    QCOMPARE(p.axis->upper() - p.axis->lower(), 1024.0);
    const double lower = p.axis->lower();
    p.axis->ensureVisible(3500); // already visible: nothing moves
    QCOMPARE(p.axis->lower(), lower);
    p.axis->ensureVisible(10);
    QCOMPARE(p.axis->lower(), 9.5);
}

void TestTokenAxis::wheelZoomsTheTokenAxisOnly()
{
    TokenPlot p(4096);
    const QCPRange y = p.plot->yAxis->range();
    const QPointF centre = p.plot->axisRect()->rect().center();
    QWheelEvent wheel(centre, p.plot->mapToGlobal(centre), QPoint(), QPoint(0, 120 * 5), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(p.plot, &wheel);
    QVERIFY(p.axis->upper() - p.axis->lower() < 4096);
    QCOMPARE(p.plot->yAxis->range().lower, y.lower);
    QCOMPARE(p.plot->yAxis->range().upper, y.upper);
    QCOMPARE(p.plot->xAxis->range().lower, p.axis->lower());
}

void TestTokenAxis::linkedAxesFollowSameLengthSamples()
{
    TokenPlot a(512), b(512), c(300);
    TokenAxisLink link;
    link.add(a.axis);
    link.add(b.axis);
    link.add(c.axis);
    a.axis->setVisibleRange(99.5, 199.5);
    QCOMPARE(b.axis->lower(), 99.5);
    QCOMPARE(b.axis->upper(), 199.5);
    // Another sample's length: left alone.
    QCOMPARE(c.axis->lower(), -0.5);
    QCOMPARE(c.axis->upper(), 299.5);
    b.axis->zoomBy(0.5);
    QCOMPARE(a.axis->upper() - a.axis->lower(), 50.0);
    link.remove(b.axis);
    b.axis->showAll();
    QCOMPARE(a.axis->upper() - a.axis->lower(), 50.0);
}

void TestTokenAxis::inactiveAxisIgnoresRequests()
{
    TokenPlot p(100);
    p.axis->setActive(false);
    p.plot->xAxis->setRange(-0.5, 20.5); // e.g. 21 streams
    p.axis->setVisibleRange(10, 30);
    QCOMPARE(p.plot->xAxis->range().upper, 20.5);
    QVERIFY(p.axis->scrollBar()->isHidden());
    QVERIFY(p.plot->xAxis->ticker().dynamicCast<QCPAxisTickerFixed>());
    QVERIFY(!(p.plot->axisRect()->rangeDrag() & Qt::Horizontal));
    p.axis->setActive(true);
    QVERIFY(p.plot->axisRect()->rangeDrag() & Qt::Horizontal);
    QVERIFY(p.plot->xAxis->range().upper <= 99.5);
}

void TestTokenAxis::stepTokenClamps()
{
    spectro::workbench::Selection s;
    s.token = 5;
    QCOMPARE(spectro::widgets::stepToken(s, Qt::Key_Left, 10).token, 4);
    QCOMPARE(spectro::widgets::stepToken(s, Qt::Key_Right, 10).token, 6);
    QCOMPARE(spectro::widgets::stepToken(s, Qt::Key_End, 10).token, 9);
    QCOMPARE(spectro::widgets::stepToken(s, Qt::Key_Home, 10).token, 0);
    s.token = 9;
    QCOMPARE(spectro::widgets::stepToken(s, Qt::Key_Right, 10).token, 9);
    s.token = -1; // none yet: Right starts at the first token, Left at the last
    QCOMPARE(spectro::widgets::stepToken(s, Qt::Key_Right, 10).token, 0);
    QCOMPARE(spectro::widgets::stepToken(s, Qt::Key_Left, 10).token, 9);
}

QTEST_MAIN(TestTokenAxis)
#include "test_token_axis.moc"
