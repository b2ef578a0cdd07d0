// The fitted tickers label an axis only as densely as its size allows: FittedNumberTicker keeps
// round linear ticks at least a label's height apart and labels both ends of even a tiny panel;
// FittedLogTicker labels a log axis across its whole range (1, 2, 5 per decade where they fit,
// powers of ten, thinned, across many decades). Axis labels wrap at spaces to their axis's length.
#include "axis_label_fit.h"
#include "fitted_ticker.h"
#include "qcustomplot_include.h"

#include <QFontMetricsF>
#include <QTest>
#include <cmath>

using spectro::widgets::FittedLogTicker;
using spectro::widgets::FittedNumberTicker;

namespace {

// The y axis of a plot `height` pixels high with `lower..upper`, ticked by `install`.
template <class Install>
QVector<double> ticksOf(QCustomPlot& plot, int height, double lower, double upper, bool log, Install install)
{
    plot.resize(400, height);
    plot.show(); // a hidden widget gets its size (QCustomPlot its viewport) only when shown
    if (!QTest::qWaitForWindowExposed(&plot)) return {};
    if (log) plot.yAxis->setScaleType(QCPAxis::stLogarithmic);
    install(plot.yAxis);
    plot.yAxis->setRange(lower, upper);
    plot.replot(); // the first layout at this size
    plot.replot(); // the ticks fitted to it
    return plot.yAxis->tickVector();
}

// The smallest distance in pixels between two neighbouring ticks of the y axis.
double closestPixels(const QCustomPlot& plot, const QVector<double>& ticks)
{
    double closest = INFINITY;
    for (int i = 1; i < ticks.size(); ++i)
        closest =
            std::min(closest, std::abs(plot.yAxis->coordToPixel(ticks[i]) - plot.yAxis->coordToPixel(ticks[i - 1])));
    return closest;
}

double lineHeight(const QCustomPlot& plot)
{
    return QFontMetricsF(plot.yAxis->tickLabelFont()).height();
}

bool isOneTwoFive(double v)
{
    const double m = v / std::pow(10.0, std::floor(std::log10(v) + 1e-9));
    return std::abs(m - 1) < 1e-6 || std::abs(m - 2) < 1e-6 || std::abs(m - 5) < 1e-6;
}

} // namespace

class TestFittedTicker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aSmallPanelGetsBothEndsOfItsScale();
    void aTallAxisGetsMoreTicksNeverTouching();
    void anAxisTooShortForTwoLabelsKeepsOne();
    void aLogAxisOfADecadeAndAHalfIsLabelledBelowTen();
    void manyDecadesGetPowersOfTenOnly();
    void aShortLogAxisThinsTheDecades();
    void axisLabelsWrapAtSpacesToTheirWidth();
};

void TestFittedTicker::aSmallPanelGetsBothEndsOfItsScale()
{
    QCustomPlot plot;
    const auto ticks = ticksOf(plot, 90, 0, 0.17, false, [](QCPAxis* a) { FittedNumberTicker::install(a, 4); });
    // 0 to 0.17 in a few tens of pixels: QCustomPlot's own step would be 0.2 (only the 0).
    QCOMPARE(ticks, QVector<double>({0.0, 0.1}));
    QVERIFY(closestPixels(plot, ticks) >= lineHeight(plot));
}

void TestFittedTicker::anAxisTooShortForTwoLabelsKeepsOne()
{
    // A one-column colour bar: 0.03 to 1.97 in a few lines' height has room for one label, and
    // QCustomPlot's one-tick step (2) has no multiple inside the range: the scale was bare.
    QCustomPlot plot;
    const auto ticks = ticksOf(plot, 60, 0.03, 1.97, false, [](QCPAxis* a) { FittedNumberTicker::install(a, 4); });
    QVERIFY2(!ticks.isEmpty(), "no label on the axis");
    QVERIFY(ticks.contains(1.0));
    for (double t : ticks) QVERIFY(t >= 0.03 && t <= 1.97);
}

void TestFittedTicker::aTallAxisGetsMoreTicksNeverTouching()
{
    QCustomPlot plot;
    const auto ticks = ticksOf(plot, 600, 0, 0.17, false, [](QCPAxis* a) { FittedNumberTicker::install(a, 4); });
    QVERIFY2(ticks.size() >= 4, qPrintable(QString::number(ticks.size())));
    QVERIFY(closestPixels(plot, ticks) >= 1.25 * 1.2 * lineHeight(plot) - 1e-6);
}

void TestFittedTicker::aLogAxisOfADecadeAndAHalfIsLabelledBelowTen()
{
    // The demo's W_u: singular values about 2 to 50 (the view's range is lo / 1.6 .. hi * 1.6).
    QCustomPlot plot;
    QSharedPointer<FittedLogTicker> ticker;
    const auto ticks =
        ticksOf(plot, 500, 2.0 / 1.6, 50 * 1.6, true, [&](QCPAxis* a) { ticker = FittedLogTicker::install(a); });
    QCOMPARE(ticks, QVector<double>({2, 5, 10, 20, 50}));
    QVERIFY(closestPixels(plot, ticks) >= lineHeight(plot));
    QCOMPARE(ticker->decadeStep(), 1);
}

void TestFittedTicker::manyDecadesGetPowersOfTenOnly()
{
    QCustomPlot plot;
    const auto ticks = ticksOf(plot, 500, 1e-4, 1e4, true, [](QCPAxis* a) { FittedLogTicker::install(a); });
    QCOMPARE(ticks.size(), 9);
    for (double t : ticks)
        QVERIFY2(std::abs(std::log10(t) - std::round(std::log10(t))) < 1e-9, qPrintable(QString::number(t)));
}

void TestFittedTicker::aShortLogAxisThinsTheDecades()
{
    QCustomPlot plot;
    QSharedPointer<FittedLogTicker> ticker;
    const auto ticks = ticksOf(plot, 110, 1, 1e8, true, [&](QCPAxis* a) { ticker = FittedLogTicker::install(a); });
    QVERIFY(ticker->decadeStep() > 1);
    QVERIFY(ticks.size() >= 2);
    QVERIFY(closestPixels(plot, ticks) >= lineHeight(plot));
    for (double t : ticks) QVERIFY(isOneTwoFive(t));
}

void TestFittedTicker::axisLabelsWrapAtSpacesToTheirWidth()
{
    const QFontMetricsF metrics(QFont(QStringLiteral("DejaVu Sans"), 9));
    const QString label = QStringLiteral("mean attention from queries q > t");
    QCOMPARE(spectro::widgets::wrappedLabel(label, metrics, 1e6), label); // fits: unchanged
    const double width = metrics.horizontalAdvance(QStringLiteral("mean attention from"));
    const QString wrapped = spectro::widgets::wrappedLabel(label, metrics, width);
    QCOMPARE(wrapped, QStringLiteral("mean attention from\nqueries q > t"));
    for (const QString& line : wrapped.split(QLatin1Char('\n'))) QVERIFY(metrics.horizontalAdvance(line) <= width);
    // Two lines at most, the second taking the rest; nothing is lost.
    const QString narrow = spectro::widgets::wrappedLabel(label, metrics, 1);
    QCOMPARE(narrow, QStringLiteral("mean\nattention from queries q > t"));
}

QTEST_MAIN(TestFittedTicker)
#include "test_fitted_ticker.moc"
