#pragma once
// What the cell grids of the sink views share (the sink grid, the sink rate and the massive
// activations): their axes, outlines around single cells (a threshold passed, a selected token's
// entries), the selected layer and head, and the arrow keys on a layer x head grid.
#include "workbench/selection.h"

#include <vector>

class QCPItemRect;
class QCPItemText;
class QCPLayer;
class QCustomPlot;
class QPen;

namespace spectro::widgets {

class CellMap;

// The plot's axes as a grid of whole cells: a tick per row and column (every 2nd, 5th, ... where
// their labels would touch), no sub-ticks, no grid
// lines (they would cut through the cells), row 0 at the top as the layers stack in the model.
void setUpCellGridAxes(QCustomPlot* plot);

// An unfilled, unselectable rectangle around the cell at (column, row) of the plot's axes,
// `half` wide on each side of the centre (0.5 is the whole cell), on `layer` (null: the plot's
// current layer).
QCPItemRect* outlineCell(QCustomPlot* plot, double column, double row, double half, const QPen& pen,
                         QCPLayer* layer = nullptr);

// Shows each of the values or tokens written into the cells (on the plot's x and y axes) only
// while it fits its cell at the size drawn: at one-column size the tokens of a 5 x 10 grid ran into
// each other. Call after each layout; true when one changed (the caller replots).
bool showLabelsThatFitTheirCells(QCustomPlot* plot, const std::vector<QCPItemText*>& labels);

// Marks the selected layer's row and its (layer, head) cell of a layer x head grid; a layer or
// head outside the grid (another model's selection, the head average) is not marked.
void markLayerHead(CellMap& cells, const workbench::Selection& selection, int layers, int heads);

// Left/Right step the head, Up/Down the layer (layer 0 at the top); a head of -1 (the head
// average) steps onto the last / first head.

workbench::Selection stepLayerHead(const workbench::Selection& from, int key, int layers, int heads);

} // namespace spectro::widgets
