#pragma once
// View 5: the spectrogram, the energy ||V_j^T h||^2 of residual vectors in each band j of W_u
// (or W_e), raw or as a fraction of ||h||^2: either across the streams of the selected token
// (streams x bands) or across the tokens of the selected stream (tokens x bands, on the scrolling
// token axis). Bands run up the vertical axis, band N (dark) at the top. Hover: row, band, energy
// and fraction. Click: selects the band and the stream (or token).
// Settings: {"axis": "stream" | "token", "fraction": bool, "logColor": bool}; "axis" needs another
// figure (settingsChanged), the others are drawing options.
#include "cell_grid_view.h"

#include <memory>

class QCheckBox;
class QComboBox;
class QCPColorScale;
class QCPTextElement;

namespace spectro::widgets {

class SpectrogramView : public CellGridViewOf<figures::SpectrogramFigure> {
    Q_OBJECT
public:
    explicit SpectrogramView(QWidget* parent = nullptr);
    ~SpectrogramView() override;

    void setFigure(figures::FigurePtr<figures::SpectrogramFigure> figure);
    TokenAxis* tokenAxis() override;
    QString settings() const override;
    void applySettings(const QString& json) override;
    // The axis the user asked for (the figure shown may still be of the other kind).
    figures::SpectrogramFigure::Axis requestedAxis() const;

protected:
    void selectionChanged() override;
    QString cellReadout(int row, int column) const override;
    workbench::Selection cellSelection(workbench::Selection from, int row, int column) const override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;

private:
    void redraw();
    bool byToken() const;
    double rowTotal(int row) const;

    QCPTextElement* title_;
    QCPColorScale* scale_;
    TokenAxis* axis_;
    QComboBox* axisChoice_;
    QCheckBox* fraction_;
    QCheckBox* logColor_;
};

} // namespace spectro::widgets
