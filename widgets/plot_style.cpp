#include "plot_style.h"

#include "qcustomplot_include.h"

namespace spectro::widgets {

QColor primarySeriesColor()
{
    return QColor(0x2f, 0x6f, 0xb0);
}

void applyAxisStyle(QCPAxis* axis)
{
    const QColor axisColor(0x40, 0x40, 0x40);
    axis->setBasePen(QPen(axisColor, 1));
    axis->setTickPen(QPen(axisColor, 1));
    axis->setSubTickPen(QPen(axisColor, 1));
    axis->setTickLabelColor(axisColor);
    axis->setLabelColor(axisColor);
    axis->grid()->setPen(QPen(QColor(0xdd, 0xdd, 0xdd), 1, Qt::DotLine));
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

void applyPlotStyle(QCustomPlot* plot)
{
    plot->setBackground(Qt::white);
    plot->setAntialiasedElements(QCP::aeAll);
    plot->axisRect()->setBackground(Qt::white);
    for (QCPAxis* axis : plot->axisRect()->axes()) applyAxisStyle(axis);
    // Views own their interaction (context menus, export); no accidental drag or zoom.
    plot->setInteractions({});
}

} // namespace spectro::widgets
