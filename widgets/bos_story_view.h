#pragma once
// View 6, the BoS story: the norm of the BoS stream resid[s][0] at every stream s (0 =
// embeddings, l + 1 = exit of layer l), split into its U-dark and U-light parts, and the norms of
// what each layer's attention and MLP write into BoS (bars at s = l + 1, their U-dark parts
// darker); the blast-off layer (whose MLP writes the largest U-dark vector) is marked. Hover: the
// stream's numbers. Click: selects the stream (selection.layer) and the BoS token.
// Left/Right step through the streams.
#include "figure_view_of.h"

class QCPBars;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;

namespace spectro::widgets {

class BosStoryView : public FigureViewOf<figures::BosStoryFigure> {
    Q_OBJECT
public:
    explicit BosStoryView(QWidget* parent = nullptr);

    void setFigure(figures::FigurePtr<figures::BosStoryFigure> figure);

    // For tests: the series drawn.
    QCPGraph* normGraph() const { return norm_; }
    QCPGraph* udarkGraph() const { return udark_; }
    QCPGraph* ulightGraph() const { return ulight_; }
    QCPBars* attentionBars() const { return attn_; }
    QCPBars* mlpBars() const { return mlp_; }
    QCPBars* attentionUdarkBars() const { return attnUdark_; }
    QCPBars* mlpUdarkBars() const { return mlpUdark_; }
    // The x position of the blast-off marker (stream index), NaN when the figure has none.
    double blastOffMarker() const;

protected:
    void selectionChanged() override;
    void hoverAt(const QPointF& pixel) override;
    void hoverLeft() override;
    void clickAt(const QPointF& pixel) override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;

private:
    int streamAt(const QPointF& pixel) const;
    int rowOf(int stream) const;

    QCPTextElement* title_;
    QCPGraph* norm_;
    QCPGraph* udark_;
    QCPGraph* ulight_;
    QCPBars* attn_;
    QCPBars* mlp_;
    QCPBars* attnUdark_;
    QCPBars* mlpUdark_;
    QCPItemStraightLine* blastOff_;
    QCPItemText* blastOffLabel_;
    QCPItemRect* selected_;
    QCPItemRect* hovered_;
};

} // namespace spectro::widgets
