#include "sweep_heatmap_view.h"

#include "per_token_nll_view.h"
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <algorithm>
#include <cmath>

namespace spectro::widgets {

SweepHeatmapView::SweepHeatmapView(QString viewId, QWidget* parent) : FigureView(std::move(viewId), parent)
{
    title_ = addPlotTitle(plot());
    scale_ = addColorScale(plot(), 0, 1, tr("NLL"), plot()->axisRect()); // beside the map, not under it
    map_ = addColorMap(plot()->xAxis, plot()->yAxis, scale_);
    auto* margins = new QCPMarginGroup(plot());
    scale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    plot()->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    plot()->xAxis->setLabel(tr("k (bands kept)"));
    plot()->yAxis->setLabel(tr("filtered layer"));
    plot()->xAxis->grid()->setVisible(false);
    plot()->yAxis->grid()->setVisible(false);
    current_ = addMarkerRect(plot(), plot()->axisRect(), markerLayer(), QPen(selectionColor(), 2.5), Qt::NoBrush);
    hover_ = addMarkerRect(plot(), plot()->axisRect(), markerLayer(), QPen(hoverColor(), 1.5), Qt::NoBrush);
    showEmpty(tr("Press Sweep in the filter lab to fill the layer \u00d7 k heatmap for the chosen filter."));
}

void SweepHeatmapView::setFigure(figures::FigurePtr<figures::SweepFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_ || figure_->layers.empty() || figure_->ks.empty()) {
        figure_.reset();
        showEmpty(tr("No sweep yet."));
        return;
    }
    const int rows = static_cast<int>(figure_->layers.size()), columns = static_cast<int>(figure_->ks.size());
    map_->data()->setSize(columns, rows);
    map_->data()->setRange(QCPRange(0, columns - 1), QCPRange(0, rows - 1));
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            const double v = figure_->value(r, c);
            map_->data()->setCell(c, r, v);
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    const bool difference = figure_->isDifference();
    if (difference) {
        const double m = std::max({std::abs(lo), std::abs(hi), 1e-6});
        map_->setGradient(divergingGradient());
        map_->setDataRange(QCPRange(-m, m));
        scale_->axis()->setLabel(tr("\u0394 NLL"));
    } else {
        QCPColorGradient g = sequentialGradient();
        g.setNanHandling(QCPColorGradient::nhTransparent);
        map_->setGradient(g);
        if (!std::isfinite(lo)) lo = hi = figure_->baseline;
        map_->setDataRange(QCPRange(std::min(lo, figure_->baseline), std::max(hi, figure_->baseline + 1e-6)));
        scale_->axis()->setLabel(tr("NLL"));
    }
    auto xTicks = QSharedPointer<QCPAxisTickerText>::create();
    const int xStep = std::max(1, columns / 20);
    for (int c = 0; c < columns; c += xStep)
        xTicks->addTick(c, QString::number(figure_->ks[static_cast<std::size_t>(c)]));
    plot()->xAxis->setTicker(xTicks);
    auto yTicks = QSharedPointer<QCPAxisTickerText>::create();
    const int yStep = std::max(1, rows / 16);
    for (int r = 0; r < rows; r += yStep)
        yTicks->addTick(r, QString::number(figure_->layers[static_cast<std::size_t>(r)]));
    plot()->yAxis->setTicker(yTicks);
    plot()->xAxis->setRange(-0.5, columns - 0.5);
    plot()->yAxis->setRange(-0.5, rows - 0.5);
    const QString name =
        QString::fromStdString(difference ? figure_->name + " \u2212 " + figure_->otherName : figure_->name);
    const int total = rows * columns, done = figure_->done();
    title_->setText(done < total ? tr("NLL sweep %1 (%2 of %3 cells)").arg(name).arg(done).arg(total)
                                 : tr("NLL sweep %1 (unfiltered %2)").arg(name, number(figure_->baseline)));
    showFigure();
    placeCurrent();
    plot()->replot(QCustomPlot::rpQueuedReplot);
}

double SweepHeatmapView::drawnValue(int row, int column) const
{
    return map_->data()->cell(column, row);
}

figures::FigureTable SweepHeatmapView::table() const
{
    return figure_ ? figure_->table() : figures::FigureTable{};
}

void SweepHeatmapView::setCurrentCell(int layer, int k)
{
    currentLayer_ = layer;
    currentK_ = k;
    if (figure_) {
        placeCurrent();
        replotMarkers();
    }
}

void SweepHeatmapView::placeCurrent()
{
    const auto& layers = figure_->layers;
    const auto& ks = figure_->ks;
    const auto r = std::find(layers.begin(), layers.end(), currentLayer_);
    const auto c = std::find(ks.begin(), ks.end(), currentK_);
    if (r == layers.end() || c == ks.end()) {
        current_->setVisible(false);
        return;
    }
    const double x = static_cast<double>(c - ks.begin()), y = static_cast<double>(r - layers.begin());
    placeRect(current_, x - 0.5, y - 0.5, x + 0.5, y + 0.5);
}

void SweepHeatmapView::resetFigure()
{
    figure_.reset();
}

bool SweepHeatmapView::cellAt(const QPointF& pixel, int* row, int* column) const
{
    if (!figure_ || !plot()->axisRect()->rect().contains(pixel.toPoint())) return false;
    *column = static_cast<int>(std::lround(plot()->xAxis->pixelToCoord(pixel.x())));
    *row = static_cast<int>(std::lround(plot()->yAxis->pixelToCoord(pixel.y())));
    return *row >= 0 && *row < static_cast<int>(figure_->layers.size()) && *column >= 0 &&
           *column < static_cast<int>(figure_->ks.size());
}

void SweepHeatmapView::hoverAt(const QPointF& pixel)
{
    int row = 0, column = 0;
    if (!cellAt(pixel, &row, &column)) {
        hoverLeft();
        return;
    }
    const int layer = figure_->layers[static_cast<std::size_t>(row)], k = figure_->ks[static_cast<std::size_t>(column)];
    const double v = figure_->value(row, column);
    if (std::isnan(v))
        setReadout(tr("Layer %1, k = %2: not computed yet").arg(layer).arg(k));
    else if (figure_->isDifference())
        setReadout(tr("Layer %1, k = %2: \u0394 NLL %3").arg(layer).arg(k).arg(number(v)));
    else
        setReadout(tr("Layer %1, k = %2: NLL %3 (%4 over the unfiltered %5); click to set the lab here")
                       .arg(layer)
                       .arg(k)
                       .arg(number(v), number(v - figure_->baseline), number(figure_->baseline)));
    placeRect(hover_, column - 0.5, row - 0.5, column + 0.5, row + 0.5);
    replotMarkers();
}

void SweepHeatmapView::hoverLeft()
{
    hover_->setVisible(false);
    replotMarkers();
}

void SweepHeatmapView::clickAt(const QPointF& pixel)
{
    int row = 0, column = 0;
    if (!cellAt(pixel, &row, &column)) return;
    Q_EMIT cellClicked(figure_->layers[static_cast<std::size_t>(row)], figure_->ks[static_cast<std::size_t>(column)]);
}

} // namespace spectro::widgets
