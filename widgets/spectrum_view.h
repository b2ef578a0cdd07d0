#pragma once
// View 1: the singular values of W_u or W_e on a log scale, the N bands shaded alternately, the
// dark band N tinted and labelled, the band numbers on the top axis; bands removed by the filter
// lab's band set hatched. Hover: index, singular value, band. Click: selects the band (and the
// matrix). Left/Right step through the bands. A second spectrum (another model) can be overlaid.
// Indices past the rank (the null space a tiny vocabulary leaves, singular value 0) are labelled:
// a log axis cannot draw them.
// Settings: {"logY": bool}.
#include "figure_view_of.h"

class QCheckBox;
class QComboBox;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;

namespace spectro::widgets {

class SpectrumView : public FigureViewOf<figures::SpectrumFigure> {
    Q_OBJECT
public:
    explicit SpectrumView(QWidget* parent = nullptr);

    void setFigure(figures::FigurePtr<figures::SpectrumFigure> figure);
    // A second spectrum drawn dashed over the first (empty pointer: none), named in the legend.
    void setOverlay(figures::FigurePtr<figures::SpectrumFigure> overlay, const QString& name);
    QString settings() const override;
    void applySettings(const QString& json) override;

    // For tests: the drawn series and the band under an index.
    QCPGraph* spectrumGraph() const { return graph_; }
    QCPGraph* overlayGraph() const { return overlayGraph_; }
    int bandAt(int index) const;

protected:
    void selectionChanged() override;
    void hoverAt(const QPointF& pixel) override;
    void hoverLeft() override;
    void clickAt(const QPointF& pixel) override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;

private:
    void rebuild();
    void drawBands();
    void setLogY(bool logY);
    int indexAt(const QPointF& pixel) const;

    figures::FigurePtr<figures::SpectrumFigure> overlay_;
    QString overlayName_;
    QCPTextElement* title_;
    QCPGraph* graph_;
    QCPGraph* overlayGraph_;
    QCPItemRect* selectedBand_;
    QCPItemStraightLine* hoverLine_;
    QCPItemText* nullSpace_;
    std::vector<QCPItemRect*> bandItems_;
    QComboBox* matrix_;
    QCheckBox* logY_;
};

} // namespace spectro::widgets
