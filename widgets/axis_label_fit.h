#pragma once
// Axis labels that wrap at word boundaries onto as many lines as the axis is long, instead of
// running past its ends over the neighbouring panel's label or out of the figure: a vertical label
// of a one-column figure (8.5 cm) has room for about 20 characters.
#include <QString>

class QCPAxis;
class QCustomPlot;
class QFontMetricsF;

namespace spectro::widgets {

// `label` broken into lines ('\n') at spaces so that each is at most `width` pixels in `metrics`
// (a word longer than that keeps a line of its own), two lines at most (the second then takes
// the rest); unchanged when it fits.
QString wrappedLabel(const QString& label, const QFontMetricsF& metrics, double width);

// After every layout, wraps the label of every axis and colour scale of `plot` to its axis's
// length, and replots once more when that changed one. A label set anew (by the view) is the one
// wrapped from then on.
void wrapAxisLabels(QCustomPlot* plot);
// Leaves the label of `axis` on one line (a figure of several columns, whose widths a second line
// of each vertical label would take from the data).
void keepLabelOnOneLine(QCPAxis* axis);

} // namespace spectro::widgets
