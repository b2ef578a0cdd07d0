#pragma once
// One look for every QCustomPlot view of the workbench, so that figures exported from different
// views sit together in a paper without restyling.
#include <QColor>

class QCustomPlot;
class QCPAxis;

namespace spectro::widgets {

// The accent used for the primary data series (a muted blue that survives greyscale printing).
QColor primarySeriesColor();
// Light gridlines, dark axes, the application font at a readable size; white background so
// that exported figures need no post-processing.
void applyPlotStyle(QCustomPlot* plot);
void applyAxisStyle(QCPAxis* axis);

} // namespace spectro::widgets
