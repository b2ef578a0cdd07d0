// Colour maps binned to the screen: the bins are means of the cells they cover (checked against a
// direct computation), small maps are exact, big ones are binned off the GUI thread for the
// visible window, and the newest request wins.
#include "binned_color_map.h"
#include "plot_style.h"
#include "qcustomplot_include.h"

#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>
#include <cmath>
#include <random>

using namespace spectro::widgets;

namespace {

// The first source cell of bin b of m over n cells: ceil(b n / m).
int binStart(int b, int n, int m)
{
    return (b * n + m - 1) / m;
}

// The mean of the finite cells of rows [r0, r1) x columns [c0, c1), directly.
double blockMean(const std::vector<double>& m, int columns, int r0, int r1, int c0, int c1)
{
    double sum = 0;
    int n = 0;
    for (int r = r0; r < r1; ++r)
        for (int c = c0; c < c1; ++c) {
            const double v = m[static_cast<std::size_t>(r) * columns + c];
            if (std::isfinite(v)) {
                sum += v;
                ++n;
            }
        }
    return n ? sum / n : std::nan("");
}

std::vector<double> randomMatrix(int rows, int columns, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<double> m(static_cast<std::size_t>(rows) * columns);
    for (double& v : m) v = u(rng);
    return m;
}

struct MapPlot {
    QWidget window;
    QCustomPlot* plot;
    QCPColorMap* map;
    BinnedColorMap* binned;
    MapPlot()
    {
        auto* layout = new QVBoxLayout(&window);
        plot = new QCustomPlot(&window);
        layout->addWidget(plot);
        map = new QCPColorMap(plot->xAxis, plot->yAxis);
        binned = new BinnedColorMap(map);
        window.resize(700, 500);
        window.show();
        (void)QTest::qWaitForWindowExposed(&window);
        plot->replot();
    }
};

} // namespace

class TestBinnedColorMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void binsAreMeansOfTheirCells();
    void oneBinCoversTheWindow();
    void abortStopsStaleWork();
    void smallMapsAreExact();
    void bigMapsAreBinnedOffTheGuiThread();
    void zoomingRebinsTheVisibleWindow();
    void newestMatrixWins();
};

void TestBinnedColorMap::binsAreMeansOfTheirCells()
{
    const int rows = 37, columns = 53;
    std::vector<double> m = randomMatrix(rows, columns, 7);
    m[5 * columns + 6] = std::nan(""); // NaN cells are left out of their bin's mean
    const MatrixSource source = MatrixSource::owning(m, rows, columns);
    const BinWindow window{3, 37, 10, 53, 5, 7};
    const auto data = binMatrix(source, window);
    QVERIFY(data);
    QCOMPARE(data->keySize(), 7);
    QCOMPARE(data->valueSize(), 5);
    for (int br = 0; br < 5; ++br) {
        for (int bc = 0; bc < 7; ++bc) {
            // Cell i of n goes to bin floor(i m / n): bin b covers [ceil(b n / m), ceil((b + 1) n / m)).
            const int r0 = 3 + binStart(br, 34, 5), r1 = 3 + binStart(br + 1, 34, 5);
            const int c0 = 10 + binStart(bc, 43, 7), c1 = 10 + binStart(bc + 1, 43, 7);
            QVERIFY(std::abs(data->cell(bc, br) - blockMean(m, columns, r0, r1, c0, c1)) < 1e-12);
        }
    }
    // The bins are centred on the cells they cover.
    QVERIFY(std::abs(data->keyRange().lower - (10 - 0.5 + 0.5 * 43.0 / 7)) < 1e-12);
    QVERIFY(std::abs(data->keyRange().upper - (10 - 0.5 + 6.5 * 43.0 / 7)) < 1e-12);
    const auto [lo, hi] = finiteRange(source);
    QVERIFY(lo >= 0 && hi <= 1 && lo < hi);
}

void TestBinnedColorMap::oneBinCoversTheWindow()
{
    const std::vector<double> m = randomMatrix(4, 6, 3);
    const auto data = binMatrix(MatrixSource::owning(m, 4, 6), BinWindow{0, 4, 0, 6, 1, 1});
    // One cell is stored twice a quarter apart, so that it draws with its full extent.
    QCOMPARE(data->keySize(), 2);
    QCOMPARE(data->cell(0, 0), data->cell(1, 1));
    QVERIFY(std::abs(data->cell(0, 0) - blockMean(m, 6, 0, 4, 0, 6)) < 1e-12);
    QCOMPARE(data->keyRange().lower, 1.0);
    QCOMPARE(data->keyRange().upper, 4.0);
}

void TestBinnedColorMap::abortStopsStaleWork()
{
    const std::vector<double> m = randomMatrix(200, 200, 1);
    int calls = 0;
    const auto data = binMatrix(MatrixSource::owning(m, 200, 200), BinWindow{0, 200, 0, 200, 10, 10}, [&] {
        ++calls;
        return true;
    });
    QVERIFY(!data);
    QCOMPARE(calls, 1);
}

void TestBinnedColorMap::smallMapsAreExact()
{
    MapPlot p;
    const std::vector<double> m = randomMatrix(30, 40, 11);
    p.binned->setMatrix(MatrixSource::owning(m, 30, 40));
    QVERIFY(p.binned->exact());
    QVERIFY(!p.binned->pending());
    QCOMPARE(p.map->data()->keySize(), 40);
    QCOMPARE(p.map->data()->valueSize(), 30);
    for (int r = 0; r < 30; ++r)
        for (int c = 0; c < 40; ++c) QCOMPARE(p.map->data()->cell(c, r), m[static_cast<std::size_t>(r) * 40 + c]);
    const auto [lo, hi] = finiteRange(p.binned->matrix());
    QCOMPARE(p.map->dataRange().lower, lo);
    QCOMPARE(p.map->dataRange().upper, hi);
}

void TestBinnedColorMap::bigMapsAreBinnedOffTheGuiThread()
{
    MapPlot p;
    const int n = 1500;
    auto owner = std::make_shared<std::vector<float>>(static_cast<std::size_t>(n) * n);
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> u(0, 1);
    for (float& v : *owner) v = u(rng);
    (*owner)[0] = 7.0f; // the colour range is the whole matrix's
    p.plot->xAxis->setRange(-0.5, n - 0.5);
    p.plot->yAxis->setRange(-0.5, n - 0.5);
    p.plot->replot();
    QSignalSpy binned(p.binned, &BinnedColorMap::binned);
    p.binned->setMatrix(MatrixSource::of(std::shared_ptr<const std::vector<float>>(owner), *owner, n, n));
    QVERIFY(!p.binned->exact());
    // setMatrix returned before the binning: the work is on a pool thread.
    QVERIFY(p.binned->pending());
    QVERIFY(binned.wait(10000));
    QVERIFY(!p.binned->pending());
    const BinWindow w = p.binned->shownWindow();
    const QRect rect = p.plot->axisRect()->rect();
    QCOMPARE(w.binColumns, rect.width());
    QCOMPARE(w.binRows, rect.height());
    QCOMPARE(p.map->data()->keySize(), rect.width());
    // Spot checks against the direct mean.
    std::vector<double> m(owner->begin(), owner->end());
    for (int b : {0, 17, w.binColumns - 1}) {
        const int c0 = binStart(b, n, w.binColumns), c1 = binStart(b + 1, n, w.binColumns);
        const int r0 = binStart(3, n, w.binRows), r1 = binStart(4, n, w.binRows);
        QVERIFY(std::abs(p.map->data()->cell(b, 3) - blockMean(m, n, r0, r1, c0, c1)) < 1e-6);
    }
    QCOMPARE(p.map->dataRange().upper, 7.0);
}

void TestBinnedColorMap::zoomingRebinsTheVisibleWindow()
{
    MapPlot p;
    const int n = 1024;
    const std::vector<double> m = randomMatrix(n, n, 9);
    p.plot->xAxis->setRange(-0.5, n - 0.5);
    p.plot->yAxis->setRange(-0.5, n - 0.5);
    p.plot->replot();
    QSignalSpy binned(p.binned, &BinnedColorMap::binned);
    p.binned->setMatrix(MatrixSource::owning(m, n, n));
    QVERIFY(binned.wait(10000));
    p.plot->xAxis->setRange(99.5, 199.5);
    p.plot->yAxis->setRange(499.5, 549.5);
    QTRY_VERIFY_WITH_TIMEOUT(p.binned->shownWindow().column0 == 100 && !p.binned->pending(), 10000);
    const BinWindow w = p.binned->shownWindow();
    QCOMPARE(w.column1, 200);
    QCOMPARE(w.row0, 500);
    QCOMPARE(w.row1, 550);
    // Fewer cells than pixels: every cell as it is.
    QCOMPARE(w.binColumns, 100);
    QCOMPARE(w.binRows, 50);
    QCOMPARE(p.map->data()->cell(3, 7), m[static_cast<std::size_t>(507) * n + 103]);
}

void TestBinnedColorMap::newestMatrixWins()
{
    MapPlot p;
    const int n = 800;
    p.plot->xAxis->setRange(-0.5, n - 0.5);
    p.plot->yAxis->setRange(-0.5, n - 0.5);
    p.plot->replot();
    std::vector<double> first(static_cast<std::size_t>(n) * n, 1.0), second(static_cast<std::size_t>(n) * n, 2.0);
    QSignalSpy binned(p.binned, &BinnedColorMap::binned);
    p.binned->setMatrix(MatrixSource::owning(first, n, n));
    p.binned->setMatrix(MatrixSource::owning(second, n, n));
    QVERIFY(binned.wait(10000));
    QTest::qWait(100); // a stale result arriving late must not replace the newest
    QCOMPARE(binned.count(), 1);
    QCOMPARE(p.map->data()->cell(0, 0), 2.0);
}

QTEST_MAIN(TestBinnedColorMap)
#include "test_binned_color_map.moc"
