#include "cell_marks.h"

#include "cell_map.h"
#include "fitted_ticker.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <QFontMetricsF>
#include <Qt>
#include <algorithm>

namespace spectro::widgets {

QCPItemRect* outlineCell(QCustomPlot* plot, double column, double row, double half, const QPen& pen, QCPLayer* layer)
{
    auto* item = new QCPItemRect(plot);
    if (layer) item->setLayer(layer);
    item->setClipToAxisRect(true);
    item->setPen(pen);
    item->setBrush(Qt::NoBrush);
    item->setSelectable(false);
    placeRect(item, column - half, row - half, column + half, row + half);
    return item;
}

void setUpCellGridAxes(QCustomPlot* plot)
{
    plot->yAxis->setRangeReversed(true);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->grid()->setVisible(false);
        // Every index where the labels fit (a 32 x 32 grid at one-column size labels fewer).
        FittedNumberTicker::installForIndices(axis);
        axis->setSubTicks(false);
    }
}

bool showLabelsThatFitTheirCells(QCustomPlot* plot, const std::vector<QCPItemText*>& labels)
{
    const double width = std::abs(plot->xAxis->coordToPixel(1) - plot->xAxis->coordToPixel(0));
    const double height = std::abs(plot->yAxis->coordToPixel(1) - plot->yAxis->coordToPixel(0));
    bool changed = false;
    for (QCPItemText* label : labels) {
        const QFontMetricsF metrics(label->font());
        const bool fits = metrics.horizontalAdvance(label->text()) + 2 <= width && metrics.height() <= height;
        if (label->visible() != fits) {
            label->setVisible(fits);
            changed = true;
        }
    }
    return changed;
}

void markLayerHead(CellMap& cells, const workbench::Selection& selection, int layers, int heads)
{
    const int layer = selection.layer < layers ? selection.layer : -1;
    const int head = selection.head < heads ? selection.head : -1;
    cells.markRow(layer);
    cells.markCell(layer, head);
    cells.markColumn(-1);
}

workbench::Selection stepLayerHead(const workbench::Selection& from, int key, int layers, int heads)
{
    workbench::Selection s = from;
    if (layers <= 0 || heads <= 0) return s;
    const int head = std::clamp(from.head, 0, heads - 1);
    const int layer = std::clamp(from.layer, 0, layers - 1);
    switch (key) {
    case Qt::Key_Left: s.head = from.head < 0 ? heads - 1 : std::max(0, head - 1); break;
    case Qt::Key_Right: s.head = from.head < 0 ? 0 : std::min(heads - 1, head + 1); break;
    case Qt::Key_Up: s.layer = std::max(0, layer - 1); break;
    case Qt::Key_Down: s.layer = std::min(layers - 1, layer + 1); break;
    default: break;
    }
    return s;
}

} // namespace spectro::widgets
