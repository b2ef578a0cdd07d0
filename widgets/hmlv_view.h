#pragma once
// View 4b: the HMLV scatter. Every (token, layer) pair as a point at (mean, variance) of the
// attention it receives from later queries, coloured by the U-dark ratio of its stream, with the
// two thresholds (mean > meanAbove, variance < varianceBelow) drawn and the HMLV corner shaded;
// HMLV points are filled, the others open. Beside it, per layer: the mean U-dark ratio of the
// HMLV points against the rest (when the figure has it), otherwise the HMLV share of the layer.
// Hover: the nearest point (sample, layer, token, values). Click: selects its sample, layer and
// token; on the layer panel, the layer. The selected token's points are ringed in every layer.
// Colours span the 1st to 99th percentile of the values (BoS is far off the rest).
// Settings: {"selectedLayerOnly": bool, "logAxes": bool}.
#include "figure_view_of.h"

class QCheckBox;
class QCPAxisRect;
class QCPLegend;
class QCPColorScale;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPTextElement;

namespace spectro::widgets {

class HmlvView : public FigureViewOf<figures::HmlvFigure> {
    Q_OBJECT
public:
    static constexpr int kColourClasses = 8;

    explicit HmlvView(QWidget* parent = nullptr);

    void setFigure(figures::FigurePtr<figures::HmlvFigure> figure);
    QString settings() const override;
    void applySettings(const QString& json) override;

    // For tests: the points drawn (indices into figure()->points, in drawing order), the scatter
    // graphs (HMLV and other points per colour class) and the per-layer graphs.
    const std::vector<int>& drawnPoints() const { return drawn_; }
    const std::vector<QCPGraph*>& scatterGraphs() const { return scatter_; }
    QCPGraph* hmlvLayerGraph() const { return layerHmlv_; }
    QCPGraph* restLayerGraph() const { return layerRest_; }
    // The colour class of a U-dark ratio (0 .. kColourClasses - 1).
    int colourClass(double udr) const;

protected:
    void selectionChanged() override;
    void hoverAt(const QPointF& pixel) override;
    void hoverLeft() override;
    void clickAt(const QPointF& pixel) override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;
    void resetFigure() override;

private:
    void rebuildScatter();
    void rebuildLayers();
    void setLogAxes(bool on);
    int nearestPoint(const QPointF& pixel) const;
    int layerAt(const QPointF& pixel) const;
    QString describe(int point) const;

    QCPTextElement* title_;
    QCPAxisRect* scatterRect_;
    QCPAxisRect* layerRect_;
    QCPLegend* legend_;
    QCPColorScale* scale_;
    std::vector<QCPGraph*> scatter_;
    QCPGraph* selectedToken_;
    QCPGraph* selectedPoint_;
    QCPGraph* hovered_;
    QCPGraph* layerHmlv_;
    QCPGraph* layerRest_;
    QCPItemRect* corner_;
    QCPItemStraightLine* meanLine_;
    QCPItemStraightLine* varianceLine_;
    QCPItemStraightLine* layerMarker_;
    QCheckBox* layerOnly_;
    QCheckBox* logAxes_;
    std::vector<int> drawn_;
    double udrLow_ = 0, udrHigh_ = 1;
    bool layerMeans_ = false;
};

} // namespace spectro::widgets
