#include "cell_map.h"

#include "fitted_ticker.h"
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <cmath>

namespace spectro::widgets {

CellMap::CellMap(QCustomPlot* plot, QCPAxis* keyAxis, QCPAxis* valueAxis, QCPLayer* markerLayer, QCPColorScale* scale)
    : plot_(plot), keyHorizontal_(keyAxis->orientation() == Qt::Horizontal)
{
    map_ = addColorMap(keyAxis, valueAxis, scale);
    binned_ = new BinnedColorMap(map_);
    QObject::connect(binned_, &BinnedColorMap::binned, plot, [plot] { plot->replot(QCustomPlot::rpQueuedReplot); });
    QColor band = selectionColor();
    band.setAlpha(28);
    // Row and column bands of the selection are faint; the cell itself is outlined.
    row_ = alongKey(markerLayer, QPen(selectionColor(), 1, Qt::DotLine), band);
    column_ = alongValue(markerLayer, QPen(selectionColor(), 1, Qt::DotLine), band);
    cell_ = addMarkerRect(plot, keyAxis->axisRect(), markerLayer, QPen(selectionColor(), 2), Qt::NoBrush);
    hover_ = addMarkerRect(plot, keyAxis->axisRect(), markerLayer, QPen(Qt::white, 1), Qt::NoBrush);
    if (!keyHorizontal_) {
        for (QCPItemRect* r : {cell_, hover_}) {
            r->topLeft->setAxes(valueAxis, keyAxis);
            r->bottomRight->setAxes(valueAxis, keyAxis);
        }
    }
}

QCPItemRect* CellMap::alongKey(QCPLayer* layer, const QPen& pen, const QBrush& brush)
{
    // A row spans every key: the full extent of the key axis.
    QCPAxisRect* rect = map_->keyAxis()->axisRect();
    QCPItemRect* item =
        keyHorizontal_ ? addRowMarker(plot_, rect, layer, pen, brush) : addColumnMarker(plot_, rect, layer, pen, brush);
    if (!keyHorizontal_) {
        item->topLeft->setAxes(map_->valueAxis(), map_->keyAxis());
        item->bottomRight->setAxes(map_->valueAxis(), map_->keyAxis());
    }
    return item;
}

QCPItemRect* CellMap::alongValue(QCPLayer* layer, const QPen& pen, const QBrush& brush)
{
    QCPAxisRect* rect = map_->keyAxis()->axisRect();
    QCPItemRect* item =
        keyHorizontal_ ? addColumnMarker(plot_, rect, layer, pen, brush) : addRowMarker(plot_, rect, layer, pen, brush);
    if (!keyHorizontal_) {
        item->topLeft->setAxes(map_->valueAxis(), map_->keyAxis());
        item->bottomRight->setAxes(map_->valueAxis(), map_->keyAxis());
    }
    return item;
}

QCPAxisRect* CellMap::rect() const
{
    return map_->keyAxis()->axisRect();
}

void CellMap::setMatrix(MatrixSource source, double rangeLower, double rangeUpper)
{
    binned_->setMatrix(std::move(source), rangeLower, rangeUpper);
}

std::pair<int, int> CellMap::cellAt(const QPointF& pixel) const
{
    const MatrixSource& m = matrix();
    if (m.empty() || !rect()->rect().contains(pixel.toPoint())) return {-1, -1};
    double key = 0, value = 0;
    map_->pixelsToCoords(pixel, key, value);
    const long column = std::lround(key), row = std::lround(value);
    if (row < 0 || row >= m.rows || column < 0 || column >= m.columns) return {-1, -1};
    return {static_cast<int>(row), static_cast<int>(column)};
}

double CellMap::value(int row, int column) const
{
    const MatrixSource& m = matrix();
    if (row < 0 || row >= m.rows || column < 0 || column >= m.columns) return std::nan("");
    return m.at(row, column);
}

void CellMap::showAll()
{
    const MatrixSource& m = matrix();
    map_->keyAxis()->setRange(-0.5, std::max(1, m.columns) - 0.5);
    map_->valueAxis()->setRange(-0.5, std::max(1, m.rows) - 0.5);
}

void CellMap::setLogarithmic(bool logarithmic)
{
    map_->setDataScaleType(logarithmic ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (QCPColorScale* scale = map_->colorScale()) {
        if (logarithmic) {
            FittedLogTicker::install(scale->axis());
        } else {
            FittedNumberTicker::install(scale->axis());
        }
    }
}

void CellMap::markRow(int row)
{
    if (row < 0) {
        row_->setVisible(false);
        return;
    }
    if (keyHorizontal_) {
        placeRow(row_, row - 0.5, row + 0.5);
    } else {
        placeColumn(row_, row - 0.5, row + 0.5);
    }
}

void CellMap::markColumn(int column)
{
    if (column < 0) {
        column_->setVisible(false);
        return;
    }
    if (keyHorizontal_) {
        placeColumn(column_, column - 0.5, column + 0.5);
    } else {
        placeRow(column_, column - 0.5, column + 0.5);
    }
}

namespace {

void placeCell(QCPItemRect* item, bool keyHorizontal, int row, int column)
{
    if (row < 0 || column < 0) {
        item->setVisible(false);
        return;
    }
    // The item's axes were set (key, value) or (value, key) so that x is always the horizontal one.
    const double x = keyHorizontal ? column : row, y = keyHorizontal ? row : column;
    item->topLeft->setCoords(x - 0.5, y + 0.5);
    item->bottomRight->setCoords(x + 0.5, y - 0.5);
    item->setVisible(true);
}

} // namespace

void CellMap::markCell(int row, int column)
{
    placeCell(cell_, keyHorizontal_, row, column);
}

void CellMap::hoverCell(int row, int column)
{
    placeCell(hover_, keyHorizontal_, row, column);
}

} // namespace spectro::widgets
