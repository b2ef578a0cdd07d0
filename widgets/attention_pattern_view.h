#pragma once
// View 3b: one layer's attention pattern (one head or the head average) as a heatmap, keys across,
// queries down (query 0 at the top, as the matrix is written). Both axes are the token axis, so
// zooming shows a square window of the sample; big patterns are binned to the screen off the GUI
// thread. Hover: query, key and probability. Click: selects the key token (the one receiving the
// attention, as in the sink bars); the selected token is marked as a key column and a query row.
// Settings: {"logColor": bool}.
#include "cell_grid_view.h"

#include <memory>

class QCheckBox;
class QCPColorScale;
class QCPTextElement;

namespace spectro::widgets {

class AttentionPatternView : public CellGridViewOf<figures::AttentionPatternFigure> {
    Q_OBJECT
public:
    explicit AttentionPatternView(QWidget* parent = nullptr);
    ~AttentionPatternView() override;

    void setFigure(figures::FigurePtr<figures::AttentionPatternFigure> figure);
    TokenAxis* tokenAxis() override { return axis_; }
    QString settings() const override;
    void applySettings(const QString& json) override;

protected:
    void selectionChanged() override;
    QString cellReadout(int row, int column) const override;
    workbench::Selection cellSelection(workbench::Selection from, int row, int column) const override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;

private:
    QCPTextElement* title_;
    QCPColorScale* scale_;
    TokenAxis* axis_;
    QCheckBox* logColor_;
};

} // namespace spectro::widgets
