#pragma once
// The extreme-token triad (Guo et al. 2024) of one sample and layer, per token, in three stacked
// panels on one token axis: the attention each token receives (alpha_t), its value-state norm
// over the mean (value-state drains: small at the sinks) and its residual-state norm over the
// mean (residual-state peaks: large at the sinks). BoS is drawn in its own colour, and the most
// extreme other tokens of each panel are named. The kv head follows the selected head (its kv
// group); the head average gives the mean over the kv heads. Hover: token and the three values.
// Click: selects the token. Left/Right/Home/End step tokens.
#include "figure_view_of.h"
#include "figures/sink_figures.h"

#include <memory>
#include <vector>

class QCPAxisRect;
class QCPItemText;
class QCPTextElement;

namespace spectro::widgets {

class TokenBars;

class TriadView : public FigureViewOf<figures::TriadFigure> {
    Q_OBJECT
public:
    explicit TriadView(QWidget* parent = nullptr);
    ~TriadView() override;

    void setFigure(figures::FigurePtr<figures::TriadFigure> figure);
    TokenAxis* tokenAxis() override { return axis_; }
    // The kv group drawn (-1: the mean over kv heads) and the three series as drawn [T].
    int kvGroup() const;
    std::vector<double> attention() const;
    std::vector<double> valueRatio() const;
    std::vector<double> residRatio() const;
    // The tokens named as extreme (other than BoS) in any panel.
    const std::vector<int>& namedTokens() const { return named_; }

protected:
    void selectionChanged() override;
    void hoverAt(const QPointF& pixel) override;
    void hoverLeft() override;
    void clickAt(const QPointF& pixel) override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;

private:
    std::vector<double> group(const std::vector<double>& values) const; // [kvHeads, T] -> [T]
    int tokenAt(const QPointF& pixel) const;
    void redraw();
    // After each layout: the short panel labels where the full ones are longer than a panel is
    // high, and room above the tallest bars for the token names. Changes replot once more.
    void fitPanels();

    QCPTextElement* title_;
    std::vector<QCPAxisRect*> rects_;
    std::vector<std::unique_ptr<TokenBars>> bars_;
    std::vector<QCPItemText*> names_;
    std::vector<double> valueTop_; // the value axes' upper ends before room is made for names
    std::vector<int> named_;
    TokenAxis* axis_;
    int drawnGroup_ = -2;
};

} // namespace spectro::widgets
