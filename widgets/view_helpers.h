#pragma once
// Small pieces every workbench view uses: a title row, a colour scale, marker items on the
// markers layer, the band of a singular index, read-out formatting and the JSON of view settings.
#include <QColor>
#include <QJsonObject>
#include <QString>
#include <vector>

class QCustomPlot;
class QCPAxis;
class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCPLayer;
class QCPItemRect;
class QCPItemStraightLine;
class QCPTextElement;

namespace spectro::widgets {

// A bold title above the plot's layout (row 0).
QCPTextElement* addPlotTitle(QCustomPlot* plot);
// A vertical colour scale in the layout cell (row, column), with viridis, labelled.
QCPColorScale* addColorScale(QCustomPlot* plot, int row, int column, const QString& label);
// A colour map (viridis, no interpolation) on the given axes, coloured through `scale`.
QCPColorMap* addColorMap(QCPAxis* keyAxis, QCPAxis* valueAxis, QCPColorScale* scale);

// A rectangle in plot coordinates on the markers layer: outlined (`pen`), optionally filled.
QCPItemRect* addMarkerRect(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen,
                           const QBrush& brush);
// Moves a marker rect to [x0, x1] x [y0, y1] in plot coordinates and shows it.
void placeRect(QCPItemRect* item, double x0, double y0, double x1, double y1);
// A vertical (or horizontal) line at `at` on the markers layer.
QCPItemStraightLine* addMarkerLine(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen);
void placeVertical(QCPItemStraightLine* line, double x);
void placeHorizontal(QCPItemStraightLine* line, double y);

// The 1-based band that holds singular index `index` (edges: [N+1], band j = [e[j-1], e[j])),
// -1 outside.
int bandOfIndex(const std::vector<int>& edges, int index);
// "resid[3] (exit of layer 2)", "resid[0] (embeddings)".
QString streamName(int stream);
// Four significant digits, "n/a" for NaN.
QString number(double value);

// View settings as compact JSON object text, and back (malformed text gives an empty object, so
// a damaged session falls back to the view's defaults instead of failing).
QString settingsText(const QJsonObject& object);
QJsonObject settingsObject(const QString& text);

// Qt's dark grey of axes, for annotation text and reference lines.
QColor annotationColor();

} // namespace spectro::widgets
