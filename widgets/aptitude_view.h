#pragma once
// View 2: the read/write aptitude of one parameter matrix of one layer against the right singular
// vectors of W_u: units (heads of W_q/W_k/W_v/W_o, neurons of W_1/W_2/W_3) down, bands or singular
// indices across (band ticks on the axis either way), a colour scale; beside it, per unit, the
// dark band's aptitude A_N as bars against the level of a matrix spread evenly over the spectrum.
// Hover: unit, column, value. Click: selects the head (for head units) and the band.
// Up/Down: head, Left/Right: band. Settings: {"matrix": "wo" | "wq" | ..., "byBand": bool}; both
// need another figure (settingsChanged). The layer follows the selection.
#include "cell_grid_view.h"

#include <memory>

class QComboBox;
class QCPAxisRect;
class QCPBars;
class QCPColorScale;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;

namespace spectro::widgets {

class AptitudeView : public CellGridViewOf<figures::AptitudeFigure> {
    Q_OBJECT
public:
    explicit AptitudeView(QWidget* parent = nullptr);
    ~AptitudeView() override;

    void setFigure(figures::FigurePtr<figures::AptitudeFigure> figure);
    QString settings() const override;
    void applySettings(const QString& json) override;
    QString requestedMatrix() const;
    bool requestedByBand() const;

    QCPBars* darkBars() const { return darkBars_; }
    double uniformMarker() const;
    // The 1-based band of a column of the figure.
    int bandOfColumn(int column) const;

protected:
    void selectionChanged() override;
    // The dark-aptitude bars beside the map take the pointer too; the map is the cell grid's.
    void hoverAt(const QPointF& pixel) override;
    void hoverLeft() override;
    void clickAt(const QPointF& pixel) override;
    QString cellReadout(int unit, int column) const override;
    workbench::Selection cellSelection(workbench::Selection from, int unit, int column) const override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;

private:
    void drawBandTicks();
    int unitAtBars(const QPointF& pixel) const;
    QString unitName(int unit) const;

    QCPTextElement* title_;
    QCPAxisRect* mapRect_;
    QCPAxisRect* barRect_;
    QCPColorScale* scale_;
    QCPBars* darkBars_;
    QCPItemStraightLine* uniform_;
    QCPItemText* uniformLabel_;
    QCPItemRect* selectedBar_;
    QCPItemRect* hoveredBar_;
    QCPItemRect* bandSpan_;
    std::vector<QCPItemStraightLine*> bandEdges_;
    QComboBox* matrix_;
    QComboBox* columns_;
};

} // namespace spectro::widgets
