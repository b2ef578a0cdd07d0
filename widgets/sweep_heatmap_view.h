#pragma once
// The filter lab's NLL sweep heatmap (figures::SweepFigure): rows = the layer whose exit is
// filtered, columns = k (bands kept), colour = NLL (viridis), or the difference of two sweeps
// (blue - white - red around 0). Cells not computed yet stay blank and fill in as the engine
// thread finishes them. The lab's current (layer, k) is outlined; clicking a cell asks the lab to
// set its controls to that point (cellClicked). Hover: layer, k, NLL and its rise over the
// unfiltered model.
#include "figure_view.h"
#include "figures/filter_figures.h"

class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QCPTextElement;

namespace spectro::widgets {

class SweepHeatmapView : public FigureView {
    Q_OBJECT
public:
    explicit SweepHeatmapView(QString viewId = QStringLiteral("filterlab-sweep"), QWidget* parent = nullptr);

    void setFigure(figures::FigurePtr<figures::SweepFigure> figure);
    const figures::SweepFigure* figure() const { return figure_.get(); }
    figures::FigureTable table() const override;
    // The lab's current point, outlined (layer -1: none).
    void setCurrentCell(int layer, int k);
    // For tests: the colour map and the cell value drawn at (row, column).
    QCPColorMap* colorMap() const { return map_; }
    double drawnValue(int row, int column) const;

Q_SIGNALS:
    void cellClicked(int layer, int k);

protected:
    void hoverAt(const QPointF& pixel) override;
    void hoverLeft() override;
    void clickAt(const QPointF& pixel) override;
    void resetFigure() override;

private:
    bool cellAt(const QPointF& pixel, int* row, int* column) const;
    void placeCurrent();

    figures::FigurePtr<figures::SweepFigure> figure_;
    QCPTextElement* title_;
    QCPColorMap* map_;
    QCPColorScale* scale_;
    QCPItemRect* current_;
    QCPItemRect* hover_;
    int currentLayer_ = -1, currentK_ = -1;
};

} // namespace spectro::widgets
