#pragma once
// A legend under (or beside) a figure, in as many columns as its width holds: the BoS story's six
// entries sit three to a row in a dock, but at one-column size (8.5 cm) three columns are wider
// than the figure and every entry's text was cut off.
class QCPLegend;
class QCustomPlot;

namespace spectro::widgets {

// The most columns, up to `most`, whose entries fit `width` pixels side by side (at least one).
// Entries fill the rows left to right (QCPLegend::foColumnsFirst).
int legendColumnsFitting(const QCPLegend* legend, int most, double width);

// Sets the legend's wrap after every layout to legendColumnsFitting(its width), and replots once
// more when that changed it.
void fitLegendColumns(QCPLegend* legend, int most);

// Moves the plot's legend from inside its first axis rect to a row of its own under the figure
// (figureGrid row 1, as short as the legend), without a frame, in up to `mostColumns` columns
// fitted to the width, and shows it: inside, a legend covers data at one-column size.
QCPLegend* legendUnderFigure(QCustomPlot* plot, int mostColumns);

} // namespace spectro::widgets
