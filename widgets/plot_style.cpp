#include "plot_style.h"

#include "qcustomplot_include.h"

namespace spectro::widgets {

QColor primarySeriesColor()
{
    return QColor(0x2f, 0x6f, 0xb0);
}

QCPColorGradient viridisGradient()
{
    QCPColorGradient viridis;
    viridis.setColorStopAt(0.00, QColor(68, 1, 84));
    viridis.setColorStopAt(0.25, QColor(59, 82, 139));
    viridis.setColorStopAt(0.50, QColor(33, 145, 140));
    viridis.setColorStopAt(0.75, QColor(94, 201, 98));
    viridis.setColorStopAt(1.00, QColor(253, 231, 37));
    viridis.setNanHandling(QCPColorGradient::nhTransparent);
    return viridis;
}

QColor selectionColor()
{
    return QColor(0xd6, 0x27, 0x28);
}

QColor hoverColor()
{
    return QColor(0xd6, 0x27, 0x28, 110);
}

QColor darkBandColor()
{
    return QColor(0xe0, 0x8a, 0x2c);
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
