#include "view_helpers.h"

#include "fitted_ticker.h"
#include "plot_style.h"
#include "qcustomplot_include.h"

#include <QJsonDocument>
#include <algorithm>
#include <cmath>

namespace spectro::widgets {

namespace {

// A title that wraps at word boundaries to the width of the plot instead of being cut off at
// both ends: a one-column figure (8.5 cm) has room for about 40 bold characters.
class WrappedTitle : public QCPTextElement {
public:
    using QCPTextElement::QCPTextElement;

protected:
    QSize minimumOuterSizeHint() const override { return wrappedSize(0); }
    QSize maximumOuterSizeHint() const override { return wrappedSize(QWIDGETSIZE_MAX); }

private:
    QSize wrappedSize(int width) const
    {
        // The title spans the figure: its text may use the plot's whole width less the margins.
        const int textWidth = std::max(1, mParentPlot->viewport().width() - mMargins.left() - mMargins.right());
        const QRect text =
            QFontMetrics(mFont).boundingRect(0, 0, textWidth, 0, Qt::TextWordWrap | Qt::AlignHCenter, mText);
        return {width, text.height() + mMargins.top() + mMargins.bottom()};
    }
};

} // namespace

QCPTextElement* addPlotTitle(QCustomPlot* plot)
{
    // The title spans the figure: row 0 of the plot's layout, the figure in a grid of its own in
    // row 1 (a layout grid has no column spans).
    QCPAxisRect* first = plot->axisRect();
    plot->plotLayout()->take(first);
    plot->plotLayout()->simplify();
    auto* grid = new QCPLayoutGrid;
    plot->plotLayout()->addElement(0, 0, grid);
    grid->addElement(0, 0, first);
    plot->plotLayout()->insertRow(0);
    QFont font = plot->font();
    font.setPointSizeF(font.pointSizeF() + 1);
    font.setBold(true);
    auto* title = new WrappedTitle(plot, QString(), font);
    title->setTextFlags(Qt::AlignCenter | Qt::TextWordWrap);
    plot->plotLayout()->addElement(0, 0, title);
    return title;
}

QCPLayoutGrid* figureGrid(QCustomPlot* plot)
{
    return qobject_cast<QCPLayoutGrid*>(plot->plotLayout()->element(1, 0));
}

QCPColorScale* addColorScale(QCustomPlot* plot, int row, int column, const QString& label, QCPAxisRect* alignWith)
{
    auto* scale = new QCPColorScale(plot);
    figureGrid(plot)->addElement(row, column, scale);
    scale->setType(QCPAxis::atRight);
    scale->setGradient(sequentialGradient());
    scale->setBarWidth(12);
    scale->axis()->setLabel(label);
    applyAxisStyle(scale->axis());
    // A colour bar is as short as its plot: a one-column heatmap's has room for two or three.
    FittedNumberTicker::install(scale->axis());
    auto* group = new QCPMarginGroup(plot);
    alignWith->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    scale->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    return scale;
}

QCPColorMap* addColorMap(QCPAxis* keyAxis, QCPAxis* valueAxis, QCPColorScale* scale)
{
    auto* map = new QCPColorMap(keyAxis, valueAxis);
    map->setGradient(sequentialGradient());
    map->setInterpolate(false);
    map->setTightBoundary(false);
    if (scale) map->setColorScale(scale);
    return map;
}

QCPItemRect* addMarkerRect(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen, const QBrush& brush)
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

QCPItemRect* addColumnMarker(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen,
                             const QBrush& brush)
{
    QCPItemRect* item = addMarkerRect(plot, rect, layer, pen, brush);
    item->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    item->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    return item;
}

QCPItemRect* addRowMarker(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen, const QBrush& brush)
{
    QCPItemRect* item = addMarkerRect(plot, rect, layer, pen, brush);
    item->topLeft->setTypeX(QCPItemPosition::ptAxisRectRatio);
    item->bottomRight->setTypeX(QCPItemPosition::ptAxisRectRatio);
    return item;
}

void placeColumn(QCPItemRect* item, double x0, double x1)
{
    item->topLeft->setCoords(x0, 0);
    item->bottomRight->setCoords(x1, 1);
    item->setVisible(true);
}

void placeRow(QCPItemRect* item, double y0, double y1)
{
    item->topLeft->setCoords(0, std::max(y0, y1));
    item->bottomRight->setCoords(1, std::min(y0, y1));
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

std::pair<double, double> robustRange(std::vector<double> values)
{
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
                 values.end());
    if (values.empty()) return {0.0, 1.0};
    auto quantile = [&values](double q) {
        const auto k = static_cast<std::size_t>(std::lround(q * static_cast<double>(values.size() - 1)));
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
        return values[k];
    };
    const double lo = quantile(0.01), hi = quantile(0.99);
    if (lo < hi) return {lo, hi};
    return {lo - 0.5, lo + 0.5};
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
