#pragma once
// The sink rate of Gu et al. 2024 as a layer x head grid: alpha (the mean attention a key position
// receives from the later queries on the first T tokens, mean over the samples) of one key
// position, BoS by default or the selected token; the cells above the threshold epsilon are
// outlined, and the title gives the position's overall sink rate. Hover: layer, head, alpha
// against epsilon, the layer's sink rate and the overall one. Click: selects the layer and head.
// Arrows: Left/Right head, Up/Down layer (layer 0 at the top).
#include "cell_grid_view.h"
#include "figures/sink_figures.h"

#include <memory>
#include <vector>

class QComboBox;
class QCPColorScale;
class QCPItemRect;
class QCPTextElement;

namespace spectro::widgets {

class SinkRateView : public LayerHeadGridViewOf<figures::SinkRateFigure> {
    Q_OBJECT
public:
    explicit SinkRateView(QWidget* parent = nullptr);
    ~SinkRateView() override;

    void setFigure(figures::FigurePtr<figures::SinkRateFigure> figure);
    // The key position the grid shows: 0 (BoS) or the selected token (clamped to the positions).
    int position() const;
    // alpha of (layer, head) at position(), as drawn.
    double alphaAt(int layer, int head) const;
    // The (layer, head) cells outlined as above epsilon.
    int cellsAboveEpsilon() const;
    QString settings() const override;
    void applySettings(const QString& json) override;

protected:
    void selectionChanged() override;
    QString cellReadout(int layer, int head) const override;

private:
    void redraw();

    QCPTextElement* title_;
    QCPColorScale* scale_;
    QComboBox* key_;
    std::vector<QCPItemRect*> above_;
    int shown_ = -1; // the position drawn now
};

} // namespace spectro::widgets
