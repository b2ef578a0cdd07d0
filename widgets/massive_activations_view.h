#pragma once
// Massive activations (Sun et al. 2024) of one sample: a stream x rank grid of the largest |h|
// entries of every residual stream (colour: log10 |h|), each cell labelled with the token that
// carries it where the token fits its cell (at the size drawn); entries that are massive under the thresholds (|h|
// above "above" and "ratio" times the stream's median |h|, both options of the view) are outlined.
// The selected layer's stream is marked, and the cells of the selected token. Hover: stream,
// rank, token, channel, value, ratio to the median, the channel's U-dark ratio. Click: selects
// the stream (as the layer) and the token. Up/Down: stream.
#include "cell_grid_view.h"
#include "figures/sink_figures.h"

#include <memory>
#include <vector>

class QDoubleSpinBox;
class QCPColorScale;
class QCPItemRect;
class QCPItemText;
class QCPTextElement;

namespace spectro::widgets {

class MassiveActivationsView : public CellGridViewOf<figures::MassiveActivationsFigure> {
    Q_OBJECT
public:
    explicit MassiveActivationsView(QWidget* parent = nullptr);
    ~MassiveActivationsView() override;

    void setFigure(figures::FigurePtr<figures::MassiveActivationsFigure> figure);
    int flaggedCells() const { return static_cast<int>(flagged_.size()); }
    // The thresholds asked for (the figure is rebuilt with them: settingsChanged).
    double above() const;
    double ratio() const;
    QString settings() const override;
    void applySettings(const QString& json) override;

protected:
    void selectionChanged() override;
    QString cellReadout(int stream, int rank) const override;
    workbench::Selection cellSelection(workbench::Selection from, int stream, int rank) const override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;

private:
    void writeLabels();
    QString pieceAt(int position) const;

    QCPTextElement* title_;
    QCPColorScale* scale_;
    QDoubleSpinBox* above_;
    QDoubleSpinBox* ratio_;
    std::vector<QCPItemRect*> flagged_;
    std::vector<QCPItemRect*> tokenMarks_;
    std::vector<QCPItemText*> labels_;
};

} // namespace spectro::widgets
