#pragma once
// One look for every QCustomPlot view of the workbench, so that figures exported from different
// views sit together in a paper without restyling.
#include <QColor>

class QCustomPlot;
class QCPAxis;
class QCPColorGradient;

namespace spectro::widgets {

// The accent used for the primary data series (a muted blue that survives greyscale printing).
QColor primarySeriesColor();
// Light gridlines, dark axes, the application font at a readable size; white background so
// that exported figures need no post-processing.
void applyPlotStyle(QCustomPlot* plot);
void applyAxisStyle(QCPAxis* axis);

// Viridis: perceptually uniform and legible in greyscale (QCustomPlot 2.1 has no preset). Every
// colour plot of the workbench uses it, so one colour means one magnitude across views.
QCPColorGradient viridisGradient();
// The locked selection (solid) and the hover preview (lighter), drawn over any data colour.
QColor selectionColor();
QColor hoverColor();
// Band N, the dark band: a warm tint that stays distinct from the series colour.
QColor darkBandColor();

} // namespace spectro::widgets
