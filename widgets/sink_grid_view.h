#pragma once
// View 3c: the BoS sink per layer x head, the mean attention queries >= firstQuery pay to
// position 0, over the samples used, as a grid with its value written in each cell where it fits
// the cell (at the size drawn); the uniform causal level is in the title. Hover: layer, head, value against the
// uniform level. Click: selects the layer and head. Arrows: Left/Right head, Up/Down layer (layer 0
// at the top).
#include "cell_grid_view.h"

#include <memory>

class QCPColorScale;
class QCPItemText;
class QCPTextElement;

namespace spectro::widgets {

class SinkGridView : public LayerHeadGridViewOf<figures::SinkGridFigure> {
    Q_OBJECT
public:
    explicit SinkGridView(QWidget* parent = nullptr);
    ~SinkGridView() override;

    void setFigure(figures::FigurePtr<figures::SinkGridFigure> figure);

protected:
    void selectionChanged() override;
    QString cellReadout(int layer, int head) const override;

private:
    void writeCellLabels();

    QCPTextElement* title_;
    QCPColorScale* scale_;
    std::vector<QCPItemText*> labels_;
};

} // namespace spectro::widgets
