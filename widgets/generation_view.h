#pragma once
// The filter lab's filtered generation (figures::GenerationFigure): the continuation of a prompt
// without and with the filter, side by side as two token rows (the prompt, then the continuation;
// tokens of repeated n-grams in orange), with rep-n beside each, and both texts in full below
// with the repeats highlighted. The paper's observation to see: filters that remove the dark band
// (Phi, Psi) make the model loop; Omega keeps it fluent. Hover: the token and whether it repeats.
#include "figure_view.h"
#include "figures/filter_figures.h"

class QCPColorMap;
class QCPTextElement;
class QTextBrowser;

namespace spectro::widgets {

class GenerationView : public FigureView {
    Q_OBJECT
public:
    explicit GenerationView(QWidget* parent = nullptr);

    void setFigure(figures::FigurePtr<figures::GenerationFigure> figure);
    const figures::GenerationFigure* figure() const { return figure_.get(); }
    figures::FigureTable table() const override;
    // The text below the rows (HTML), for tests.
    QString textHtml() const;

protected:
    void hoverAt(const QPointF& pixel) override;
    void resetFigure() override;

private:
    figures::FigurePtr<figures::GenerationFigure> figure_;
    QCPTextElement* title_;
    QCPColorMap* rows_;
    QTextBrowser* text_;
};

} // namespace spectro::widgets
