#include "view_helpers.h"

#include "plot_style.h"
#include "qcustomplot_include.h"

#include <QJsonDocument>
#include <algorithm>
#include <cmath>

namespace spectro::widgets {

QCPTextElement* addPlotTitle(QCustomPlot* plot)
{
    plot->plotLayout()->insertRow(0);
    QFont font = plot->font();
    font.setPointSizeF(font.pointSizeF() + 1);
    font.setBold(true);
    auto* title = new QCPTextElement(plot, QString(), font);
    plot->plotLayout()->addElement(0, 0, title);
    return title;
}

QCPColorScale* addColorScale(QCustomPlot* plot, int row, int column, const QString& label)
{
    auto* scale = new QCPColorScale(plot);
    plot->plotLayout()->addElement(row, column, scale);
    scale->setType(QCPAxis::atRight);
    scale->setGradient(viridisGradient());
    scale->setBarWidth(12);
    scale->axis()->setLabel(label);
    applyAxisStyle(scale->axis());
    return scale;
}

QCPColorMap* addColorMap(QCPAxis* keyAxis, QCPAxis* valueAxis, QCPColorScale* scale)
{
    auto* map = new QCPColorMap(keyAxis, valueAxis);
    map->setGradient(viridisGradient());
    map->setInterpolate(false);
    map->setTightBoundary(false);
    if (scale) map->setColorScale(scale);
    return map;
}

QCPItemRect* addMarkerRect(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen,
                           const QBrush& brush)
{
    auto* item = new QCPItemRect(plot);
    item->setLayer(layer);
    item->setClipAxisRect(rect);
    for (QCPItemPosition* p : {item->topLeft, item->bottomRight}) {
        p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        p->setType(QCPItemPosition::ptPlotCoords);
    }
    item->setPen(pen);
    item->setBrush(brush);
    item->setSelectable(false);
    item->setVisible(false);
    return item;
}

void placeRect(QCPItemRect* item, double x0, double y0, double x1, double y1)
{
    item->topLeft->setCoords(std::min(x0, x1), std::max(y0, y1));
    item->bottomRight->setCoords(std::max(x0, x1), std::min(y0, y1));
    item->setVisible(true);
}

QCPItemStraightLine* addMarkerLine(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen)
{
    auto* line = new QCPItemStraightLine(plot);
    line->setLayer(layer);
    line->setClipAxisRect(rect);
    for (QCPItemPosition* p : {line->point1, line->point2}) {
        p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        p->setType(QCPItemPosition::ptPlotCoords);
    }
    line->setPen(pen);
    line->setSelectable(false);
    line->setVisible(false);
    return line;
}

void placeVertical(QCPItemStraightLine* line, double x)
{
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    line->setVisible(true);
}

void placeHorizontal(QCPItemStraightLine* line, double y)
{
    line->point1->setCoords(0, y);
    line->point2->setCoords(1, y);
    line->setVisible(true);
}

int bandOfIndex(const std::vector<int>& edges, int index)
{
    if (edges.size() < 2 || index < edges.front() || index >= edges.back()) return -1;
    const auto it = std::upper_bound(edges.begin(), edges.end(), index);
    return static_cast<int>(it - edges.begin());
}

QString streamName(int stream)
{
    if (stream == 0) return QCoreApplication::translate("Views", "resid[0] (embeddings)");
    return QCoreApplication::translate("Views", "resid[%1] (exit of layer %2)").arg(stream).arg(stream - 1);
}

QString number(double value)
{
    if (std::isnan(value)) return QCoreApplication::translate("Views", "n/a");
    return QString::number(value, 'g', 4);
}

QString settingsText(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject settingsObject(const QString& text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    return document.isObject() ? document.object() : QJsonObject();
}

QColor annotationColor()
{
    return QColor(0x40, 0x40, 0x40);
}

} // namespace spectro::widgets
