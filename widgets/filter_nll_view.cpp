#include "filter_nll_view.h"

#include "legend_fit.h"
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <algorithm>
#include <cmath>

namespace spectro::widgets {

namespace {

constexpr double kBarWidth = 0.38;

QColor baselineColor()
{
    return QColor(0x9a, 0x9a, 0x9a);
}

} // namespace

FilterNllView::FilterNllView(QWidget* parent) : FigureView(QStringLiteral("filterlab-nll"), parent)
{
    title_ = addPlotTitle(plot());
    baseline_ = new QCPBars(plot()->xAxis, plot()->yAxis);
    baseline_->setName(tr("unfiltered"));
    baseline_->setWidth(kBarWidth);
    baseline_->setPen(Qt::NoPen);
    baseline_->setBrush(baselineColor());
    filtered_ = new QCPBars(plot()->xAxis, plot()->yAxis);
    filtered_->setName(tr("filtered"));
    filtered_->setWidth(kBarWidth);
    filtered_->setPen(Qt::NoPen);
    filtered_->setBrush(primarySeriesColor());
    // Under the figure, side by side: inside, at one-column size, it covered the filtered bar and
    // both mean lines.
    legendUnderFigure(plot(), 2);
    plot()->xAxis->setLabel(tr("sample"));
    plot()->yAxis->setLabel(tr("mean NLL (nats per token)"));
    baselineMean_ = addMarkerLine(plot(), plot()->axisRect(), plot()->layer(QStringLiteral("main")),
                                  QPen(baselineColor(), 1, Qt::DashLine));
    filteredMean_ = addMarkerLine(plot(), plot()->axisRect(), plot()->layer(QStringLiteral("main")),
                                  QPen(primarySeriesColor(), 1, Qt::DashLine));
    selected_ = addMarkerRect(plot(), plot()->axisRect(), markerLayer(), QPen(selectionColor(), 2), Qt::NoBrush);
    showEmpty(tr("Open a model and a cache with the resid tap, then move the filter lab's controls."));
}

void FilterNllView::setFigure(figures::FigurePtr<figures::NllSummaryFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_) {
        showEmpty(tr("No re-filtered NLL yet."));
        return;
    }
    const auto n = static_cast<int>(figure_->baselinePerSample.size());
    QVector<double> xb(n), xf(n), yb(n), yf(n);
    double top = std::max(figure_->baseline, figure_->filtered);
    for (int s = 0; s < n; ++s) {
        xb[s] = s - kBarWidth / 2;
        xf[s] = s + kBarWidth / 2;
        yb[s] = figure_->baselinePerSample[static_cast<std::size_t>(s)];
        yf[s] = figure_->filteredPerSample[static_cast<std::size_t>(s)];
        top = std::max({top, yb[s], std::isfinite(yf[s]) ? yf[s] : 0.0});
    }
    baseline_->setData(xb, yb, true);
    filtered_->setData(xf, yf, true);
    placeHorizontal(baselineMean_, figure_->baseline);
    placeHorizontal(filteredMean_, figure_->filtered);
    title_->setText(title());
    plot()->xAxis->setRange(-0.6, n - 0.4);
    plot()->yAxis->setRange(0, top * 1.08);
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(std::max(1, n / 16));
    plot()->xAxis->setTicker(ticker);
    showFigure();
    selectionChanged();
    plot()->replot(QCustomPlot::rpQueuedReplot);
}

QString FilterNllView::title() const
{
    if (!figure_) return {};
    const double change = figure_->change();
    return tr("NLL %1 \u2192 %2 (%3%4)\n%5")
        .arg(QString::number(figure_->baseline, 'f', 3), QString::number(figure_->filtered, 'f', 3),
             change >= 0 ? QStringLiteral("+") : QString(), QString::number(change, 'f', 3),
             QString::fromStdString(figure_->setting));
}

figures::FigureTable FilterNllView::table() const
{
    return figure_ ? figure_->table() : figures::FigureTable{};
}

void FilterNllView::resetFigure()
{
    figure_.reset();
}

void FilterNllView::selectionChanged()
{
    if (!figure_) return;
    const int s = figure_->indexOf(selection().sample);
    if (s >= 0) {
        placeRect(selected_, s - 0.5, 0, s + 0.5, plot()->yAxis->range().upper);
    } else {
        selected_->setVisible(false);
    }
    replotMarkers();
}

int FilterNllView::sampleAt(const QPointF& pixel) const
{
    if (!figure_ || !plot()->axisRect()->rect().contains(pixel.toPoint())) return -1;
    const long s = std::lround(plot()->xAxis->pixelToCoord(pixel.x()));
    return s >= 0 && s < static_cast<long>(figure_->baselinePerSample.size()) ? static_cast<int>(s) : -1;
}

void FilterNllView::hoverAt(const QPointF& pixel)
{
    const int s = sampleAt(pixel);
    if (s < 0) {
        setReadout(tr("All samples: NLL %1 unfiltered, %2 filtered, over %3 tokens")
                       .arg(number(figure_->baseline), number(figure_->filtered))
                       .arg(figure_->tokens));
        return;
    }
    const auto i = static_cast<std::size_t>(s);
    const double b = figure_->baselinePerSample[i], f = figure_->filteredPerSample[i];
    setReadout(tr("Sample %1: NLL %2 unfiltered, %3 filtered (%4), %5 tokens")
                   .arg(figure_->sampleId(s))
                   .arg(number(b), number(f), number(f - b))
                   .arg(i < figure_->tokensPerSample.size() ? figure_->tokensPerSample[i] : 0));
}

void FilterNllView::clickAt(const QPointF& pixel)
{
    const int s = sampleAt(pixel);
    if (s < 0) return;
    workbench::Selection next = selection();
    next.sample = figure_->sampleId(s);
    lock(next);
}

workbench::Selection FilterNllView::keyStep(const workbench::Selection& from, int key) const
{
    workbench::Selection s = from;
    if (!figure_) return s;
    const int n = static_cast<int>(figure_->baselinePerSample.size());
    const int i = std::max(0, figure_->indexOf(from.sample));
    if (key == Qt::Key_Left) s.sample = figure_->sampleId(std::max(0, i - 1));
    if (key == Qt::Key_Right) s.sample = figure_->sampleId(std::min(n - 1, i + 1));
    return s;
}

} // namespace spectro::widgets
