#pragma once
// A matrix drawn as a colour map with its colour scale and the markers of the selected and the
// hovered row, column and cell: the heatmaps of the aptitude, attention pattern, sink grid, U-dark
// ratio and spectrogram views. Cell (row, column) of the matrix is drawn at key = column,
// value = row; the key axis may be vertical (a spectrogram with tokens across). Values shown in
// read-outs come from the matrix itself, never from the (possibly binned) picture.
#include "binned_color_map.h"

#include <QString>

class QCPAxis;
class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QCPLayer;
class QCustomPlot;
class QPointF;

namespace spectro::widgets {

class CellMap {
public:
    CellMap(QCustomPlot* plot, QCPAxis* keyAxis, QCPAxis* valueAxis, QCPLayer* markerLayer, QCPColorScale* scale);

    // The matrix and, optionally, a fixed colour range (lower >= upper: the matrix's own).
    void setMatrix(MatrixSource source, double rangeLower = 0, double rangeUpper = 0);
    const MatrixSource& matrix() const { return binned_->matrix(); }
    // Row and column under a pixel, {-1, -1} outside the matrix.
    std::pair<int, int> cellAt(const QPointF& pixel) const;
    double value(int row, int column) const;
    // Fits the axes to the whole matrix.
    void showAll();
    // A logarithmic colour scale (attention and energies span decades); zeros are drawn as the
    // lowest colour.
    void setLogarithmic(bool logarithmic);

    // Markers; -1 hides.
    void markRow(int row);
    void markColumn(int column);
    void markCell(int row, int column);
    void hoverCell(int row, int column);

    QCPColorMap* colorMap() const { return map_; }
    BinnedColorMap* binned() const { return binned_; }
    QCPAxisRect* rect() const;

private:
    QCPItemRect* alongKey(QCPLayer* layer, const QPen& pen, const QBrush& brush);
    QCPItemRect* alongValue(QCPLayer* layer, const QPen& pen, const QBrush& brush);

    QCustomPlot* plot_;
    QCPColorMap* map_;
    BinnedColorMap* binned_;
    bool keyHorizontal_;
    QCPItemRect* row_;
    QCPItemRect* column_;
    QCPItemRect* cell_;
    QCPItemRect* hover_;
};

} // namespace spectro::widgets
