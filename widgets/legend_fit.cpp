#include "legend_fit.h"

#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <algorithm>
#include <vector>

namespace spectro::widgets {

int legendColumnsFitting(const QCPLegend* legend, int most, double width)
{
    std::vector<int> widths;
    for (int i = 0; i < legend->itemCount(); ++i) {
        const QCPLayoutElement* item = legend->item(i);
        if (item && item->visible()) widths.push_back(item->minimumOuterSizeHint().width());
    }
    const double frame = legend->margins().left() + legend->margins().right();
    for (int columns = std::min<int>(most, static_cast<int>(widths.size())); columns > 1; --columns) {
        // Column j holds the entries j, j + columns, ...: it is as wide as the widest of them.
        double total = frame + legend->columnSpacing() * (columns - 1);
        for (int j = 0; j < columns; ++j) {
            int column = 0;
            for (std::size_t i = static_cast<std::size_t>(j); i < widths.size(); i += static_cast<std::size_t>(columns))
                column = std::max(column, widths[i]);
            total += column;
        }
        if (total <= width) return columns;
    }
    return 1;
}

void fitLegendColumns(QCPLegend* legend, int most)
{
    legend->setWrap(most);
    legend->setFillOrder(QCPLegend::foColumnsFirst, true);
    QCustomPlot* plot = legend->parentPlot();
    QObject::connect(plot, &QCustomPlot::afterLayout, legend, [legend, plot, most] {
        if (!legend->visible()) return;
        // The width the layout gives the legend, but no further than the figure's right edge: a
        // legend wider than the figure is laid out past it and cut off there.
        const QRect outer = legend->outerRect();
        const double width = std::min(outer.width(), plot->viewport().right() - outer.left());
        const int columns = legendColumnsFitting(legend, most, width);
        if (columns != legend->wrap()) {
            legend->setWrap(columns);
            legend->setFillOrder(QCPLegend::foColumnsFirst, true); // a new wrap moves nothing by itself
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    });
}

QCPLegend* legendUnderFigure(QCustomPlot* plot, int mostColumns)
{
    QCPLegend* legend = plot->legend;
    plot->axisRect()->insetLayout()->take(legend);
    figureGrid(plot)->addElement(1, 0, legend);
    figureGrid(plot)->setRowStretchFactor(1, 0.001);
    fitLegendColumns(legend, mostColumns);
    legend->setBorderPen(Qt::NoPen);
    legend->setMargins(QMargins(4, 0, 4, 2));
    legend->setVisible(true);
    return legend;
}

} // namespace spectro::widgets
