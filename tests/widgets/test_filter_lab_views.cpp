// The filter lab's views show exactly the figure they were given: the NLL bars and title, the
// per-token lines and the change strip (symmetric colour range), the sweep heatmap's cells (blank
// where not computed, the difference when asked) and its click-to-set, the generation rows; each
// exports its table as CSV and its figure as a vector file.
#include "filter_nll_view.h"
#include "generation_view.h"
#include "per_token_nll_view.h"
#include "qcustomplot_include.h"
#include "sweep_heatmap_view.h"
#include "token_axis.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace spectro;
using namespace spectro::widgets;

namespace {

std::shared_ptr<figures::NllSummaryFigure> summary()
{
    auto f = std::make_shared<figures::NllSummaryFigure>();
    f->setting = "phi-u k=19 | resid | layer 1 | all";
    f->baseline = 2.5;
    f->filtered = 2.9;
    f->tokens = 300;
    f->baselinePerSample = {2.4, 2.6};
    f->filteredPerSample = {2.8, 3.0};
    f->tokensPerSample = {150, 150};
    f->sampleIds = {4, 7};
    return f;
}

std::shared_ptr<figures::PerTokenNllFigure> perToken()
{
    auto f = std::make_shared<figures::PerTokenNllFigure>();
    f->sample = 7;
    f->setting = "phi-u k=19";
    f->tokens.ids = {1, 10, 11, 12};
    f->tokens.pieces = {"<s>", "·Once", "·upon", "·a"};
    f->baseline = {std::nan(""), 3.0, 1.0, 0.5};
    f->filtered = {std::nan(""), 3.5, 0.5, 2.5};
    return f;
}

std::shared_ptr<figures::SweepFigure> sweep(bool difference)
{
    auto f = std::make_shared<figures::SweepFigure>();
    f->name = "phi-u_resid_all";
    f->layers = {0, 1};
    f->ks = {1, 2, 3};
    f->nll = {5, 4, 3, 6, std::nan(""), 2};
    f->baseline = 2;
    if (difference) {
        f->otherName = "omega-u_resid_all";
        f->otherNll = {4, 4, 3, 3, 3, 3};
    }
    return f;
}

QPoint pixelOf(QCustomPlot* plot, double x, double y)
{
    return QPoint(static_cast<int>(plot->xAxis->coordToPixel(x)), static_cast<int>(plot->yAxis->coordToPixel(y)));
}

} // namespace

class TestFilterLabViews : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

    void exports(FigureView& view, const QString& name)
    {
        for (const QString& ext : {QStringLiteral("csv"), QStringLiteral("pdf"), QStringLiteral("svg")}) {
            const QString path = dir.filePath(name + "." + ext);
            QString error;
            QVERIFY2(view.exportTo(path, {}, &error), qPrintable(error));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(f.size() > 100);
        }
    }

private Q_SLOTS:
    void nllSummary()
    {
        FilterNllView view;
        view.resize(600, 400);
        view.show();
        QVERIFY(!view.hasFigure());
        view.setFigure(summary());
        QVERIFY(view.hasFigure());
        QVERIFY(view.title().contains(QStringLiteral("2.500 \u2192 2.900 (+0.400)")));
        QCOMPARE(view.table().rows.back()[0], std::string("all"));
        QCOMPARE(view.table().rows[1][0], std::string("7")); // the cache's sample index
        // A click on the second bar selects the cache's sample 7.
        QSignalSpy requested(&view, &FigureView::selectionRequested);
        QTest::qWait(50);
        QTest::mouseClick(view.plotWidget(), Qt::LeftButton, {}, pixelOf(view.plotWidget(), 1, 1.0));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.front().front().value<workbench::Selection>().sample, 7);
        exports(view, "nll");
    }

    void perTokenChange()
    {
        PerTokenNllView view;
        view.resize(700, 400);
        view.show();
        view.setFigure(perToken());
        QCOMPARE(view.filteredGraph()->data()->size(), 4);
        QCOMPARE(view.filteredGraph()->data()->at(3)->value, 2.5);
        QCPColorMap* strip = view.changeStrip();
        QCOMPARE(strip->data()->keySize(), 4);
        QCOMPARE(strip->data()->cell(1, 0), 0.5);
        QCOMPARE(strip->data()->cell(3, 0), 2.0);
        QCOMPARE(strip->data()->cell(3, 1), 2.0); // two equal rows, so that the strip has a height
        QVERIFY(std::isnan(strip->data()->cell(0, 0)));
        // Symmetric (white is "unchanged"), up to the 95th percentile of |change| of (0.5, 0.5, 2):
        // the element at floor(0.95 * 2) of the sorted magnitudes, 0.5; the token at 2 saturates.
        QCOMPARE(strip->dataRange().upper, 0.5);
        QCOMPARE(strip->dataRange().lower, -0.5);
        QCOMPARE(view.tokenAxis()->count(), 4);
        // The NLL axis holds the largest NLL (3.5, with 8 % room) and the strip keeps its own
        // fixed axis: a view that set the strip's range instead clipped every line at its top.
        const QCPRange nllRange = view.filteredGraph()->valueAxis()->range();
        QCOMPARE(nllRange.lower, 0.0);
        QVERIFY(std::abs(nllRange.upper - 3.5 * 1.08) < 1e-6);
        QCOMPARE(strip->valueAxis()->range().lower, -0.5);
        QCOMPARE(strip->valueAxis()->range().upper, 0.5);
        QVERIFY(view.filteredGraph()->valueAxis() != strip->valueAxis());
        // The legend names the two curves and nothing else (the strip is explained by its scale).
        QCPLegend* legend = view.plotWidget()->legend;
        QCOMPARE(legend->itemCount(), 2);
        QVERIFY(legend->hasItemWithPlottable(view.filteredGraph()));
        QVERIFY(!legend->hasItemWithPlottable(strip));
        const auto t = view.table();
        QCOMPARE(t.columns, (std::vector<std::string>{"token", "piece", "baseline_nll", "filtered_nll", "change"}));
        QCOMPARE(t.rows[3][4], std::string("2"));
        exports(view, "per-token");
    }

    void sweepHeatmap()
    {
        SweepHeatmapView view;
        view.resize(600, 400);
        view.show();
        view.setFigure(sweep(false));
        QCOMPARE(view.drawnValue(0, 0), 5.0);
        QCOMPARE(view.drawnValue(1, 2), 2.0);
        QVERIFY(std::isnan(view.drawnValue(1, 1))); // not computed yet: blank
        QSignalSpy clicked(&view, &SweepHeatmapView::cellClicked);
        QTest::qWait(50);
        QTest::mouseClick(view.plotWidget(), Qt::LeftButton, {}, pixelOf(view.plotWidget(), 2, 1));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.front()[0].toInt(), 1); // layer
        QCOMPARE(clicked.front()[1].toInt(), 3); // k
        QCOMPARE(view.table().rows.size(), std::size_t{6});
        exports(view, "sweep");
        view.setFigure(sweep(true));
        QCOMPARE(view.drawnValue(1, 0), 3.0);
        QCOMPARE(view.drawnValue(1, 2), -1.0);
        QCOMPARE(view.colorMap()->dataRange().upper, 3.0);
        QCOMPARE(view.table().columns.back(), std::string("difference"));
    }

    void generationRows()
    {
        auto f = std::make_shared<figures::GenerationFigure>();
        f->setting = "psi k=19";
        f->prompt.ids = {1, 5};
        f->prompt.pieces = {"<s>", "·Once"};
        f->unfiltered.ids = {6, 7};
        f->unfiltered.pieces = {"·upon", "·a"};
        f->filtered.ids = {6, 6, 6, 6};
        f->filtered.pieces = {"·upon", "·upon", "·upon", "·upon"};
        f->unfilteredRepeated = {false, false};
        f->filteredRepeated = {false, true, true, true};
        f->n = 2;
        f->filteredRepetition = 2.0 / 3.0;
        GenerationView view;
        view.resize(700, 400);
        view.show();
        view.setFigure(f);
        QVERIFY(view.hasFigure());
        QVERIFY(view.textHtml().contains(QStringLiteral("background")));
        QVERIFY(view.textHtml().contains(QStringLiteral("0.67")));
        QCOMPARE(view.table().rows.size(), std::size_t{2 + 2 + 4});
        exports(view, "generation");
    }
};

QTEST_MAIN(TestFilterLabViews)
#include "test_filter_lab_views.moc"
