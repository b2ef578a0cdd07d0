#pragma once
// The filter lab's per-token NLL (figures::PerTokenNllFigure) of the selected sample: the NLL of
// each token unfiltered (grey) and filtered (blue) above, and under it the token strip coloured
// by the change (red: the token got harder to predict, blue: easier; white: unchanged; the colours
// saturate at the 95th percentile of the change), so one
// sees which tokens suffer when the dark band goes. The two panels share one scrolling token
// axis (linked with the workbench's token views). Hover: the token, both NLLs and the change.
// Click: selects the token.
#include "figure_view.h"
#include "figures/filter_figures.h"

class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCPColorGradient;
class QCPGraph;
class QCPItemStraightLine;
class QCPTextElement;

namespace spectro::widgets {

class PerTokenNllView : public FigureView {
    Q_OBJECT
public:
    explicit PerTokenNllView(QWidget* parent = nullptr);

    void setFigure(figures::FigurePtr<figures::PerTokenNllFigure> figure);
    const figures::PerTokenNllFigure* figure() const { return figure_.get(); }
    figures::FigureTable table() const override;
    TokenAxis* tokenAxis() override { return tokenAxis_; }

    // For tests: the drawn series and the strip's colour range (symmetric around 0).
    QCPGraph* baselineGraph() const { return baseline_; }
    QCPGraph* filteredGraph() const { return filtered_; }
    QCPColorMap* changeStrip() const { return strip_; }

protected:
    void selectionChanged() override;
    void hoverAt(const QPointF& pixel) override;
    void hoverLeft() override;
    void clickAt(const QPointF& pixel) override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;
    void resetFigure() override;

private:
    int tokenAt(const QPointF& pixel) const;

    figures::FigurePtr<figures::PerTokenNllFigure> figure_;
    QCPTextElement* title_;
    QCPAxisRect* topRect_;
    QCPAxisRect* stripRect_;
    QCPGraph* baseline_;
    QCPGraph* filtered_;
    QCPColorMap* strip_;
    QCPColorScale* scale_;
    QCPItemStraightLine* selected_[2];
    QCPItemStraightLine* hover_[2];
    TokenAxis* tokenAxis_;
    int shownTokens_ = -1;
};

// Blue - white - red, for signed changes (NaN transparent).
QCPColorGradient divergingGradient();

} // namespace spectro::widgets
