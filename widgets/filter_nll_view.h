#pragma once
// The filter lab's NLL summary (figures::NllSummaryFigure): the mean NLL of every sample,
// unfiltered (grey) and under the lab's filter (blue), side by side, and the token-weighted mean
// over all samples with its change in the title: what a class watches rise while the k slider
// moves. Hover: the sample's two NLLs. Click: selects the sample (the per-token view follows).
#include "figure_view.h"
#include "figures/filter_figures.h"

class QCPBars;
class QCPItemStraightLine;
class QCPItemRect;
class QCPTextElement;

namespace spectro::widgets {

class FilterNllView : public FigureView {
    Q_OBJECT
public:
    explicit FilterNllView(QWidget* parent = nullptr);

    void setFigure(figures::FigurePtr<figures::NllSummaryFigure> figure);
    const figures::NllSummaryFigure* figure() const { return figure_.get(); }
    figures::FigureTable table() const override;
    QString title() const;

protected:
    void selectionChanged() override;
    void hoverAt(const QPointF& pixel) override;
    void clickAt(const QPointF& pixel) override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;
    void resetFigure() override;

private:
    int sampleAt(const QPointF& pixel) const;

    figures::FigurePtr<figures::NllSummaryFigure> figure_;
    QCPTextElement* title_;
    QCPBars* baseline_;
    QCPBars* filtered_;
    QCPItemStraightLine* baselineMean_;
    QCPItemStraightLine* filteredMean_;
    QCPItemRect* selected_;
};

} // namespace spectro::widgets
