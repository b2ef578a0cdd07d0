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
class QCPLayoutGrid;
class QCPItemRect;
class QCPItemStraightLine;
class QCPTextElement;

namespace spectro::widgets {

// A bold title above the whole figure; the figure's axis rects and colour scales go into
// figureGrid(plot), which holds the plot's first axis rect at (0, 0).
QCPTextElement* addPlotTitle(QCustomPlot* plot);
QCPLayoutGrid* figureGrid(QCustomPlot* plot);
// A vertical colour scale in the figure grid's cell (row, column), with viridis, labelled, its
// top and bottom aligned with `alignWith`.
QCPColorScale* addColorScale(QCustomPlot* plot, int row, int column, const QString& label, QCPAxisRect* alignWith);
// A colour map (viridis, no interpolation) on the given axes, coloured through `scale`.
QCPColorMap* addColorMap(QCPAxis* keyAxis, QCPAxis* valueAxis, QCPColorScale* scale);

// A rectangle in plot coordinates on the markers layer: outlined (`pen`), optionally filled.
QCPItemRect* addMarkerRect(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen, const QBrush& brush);
// Moves a marker rect to [x0, x1] x [y0, y1] in plot coordinates and shows it.
void placeRect(QCPItemRect* item, double x0, double y0, double x1, double y1);
// A marker spanning the whole height of `rect` (a column: token, band) or its whole width (a
// row: stream, head), placed in plot coordinates along the other axis.
QCPItemRect* addColumnMarker(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen,
                             const QBrush& brush);
QCPItemRect* addRowMarker(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen, const QBrush& brush);
void placeColumn(QCPItemRect* item, double x0, double x1);
void placeRow(QCPItemRect* item, double y0, double y1);
// A vertical (or horizontal) line at `at` on the markers layer.
QCPItemStraightLine* addMarkerLine(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* layer, const QPen& pen);
void placeVertical(QCPItemStraightLine* line, double x);
void placeHorizontal(QCPItemStraightLine* line, double y);

// The 1-based band that holds singular index `index` (edges: [N+1], band j = [e[j-1], e[j])),
// -1 outside.
int bandOfIndex(const std::vector<int>& edges, int index);
// "resid[3] (exit of layer 2)", "resid[0] (embeddings)".
QString streamName(int stream);
// The 1st to 99th percentile of the finite values: the colour range of measures where one token
// (BoS) is far off the rest, so that the rest is not drawn in one colour. Outliers take the end
// colours; read-outs give the true values. A range of width 1 around the value when all are equal,
// [0, 1] when none is finite.
std::pair<double, double> robustRange(std::vector<double> values);
// Four significant digits, "n/a" for NaN.
QString number(double value);

// View settings as compact JSON object text, and back (malformed text gives an empty object, so
// a damaged session falls back to the view's defaults instead of failing).
QString settingsText(const QJsonObject& object);
QJsonObject settingsObject(const QString& text);

// Qt's dark grey of axes, for annotation text and reference lines.
QColor annotationColor();

} // namespace spectro::widgets
