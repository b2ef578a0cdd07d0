#pragma once
// View 4a: the U-dark ratio ||Phi_{u,N} h|| / ||(I - Phi_{u,N}) h|| (or the E-dark ratio, for
// W_e) of every token of one sample: as bars for the selected stream (selection.layer is the
// stream index: 0 = embeddings, l + 1 = exit of layer l), and as a stream x token heatmap below
// them, both on one scrolling token axis. Hover: token, stream, ratio. Click on a bar selects the
// token; on the heatmap the token and the stream. Left/Right: token, Up/Down: stream.
// Settings: {"logColor": bool}.
#include "figure_view_of.h"

#include <memory>

class QCheckBox;
class QCPAxisRect;
class QCPColorScale;
class QCPTextElement;

namespace spectro::widgets {

class CellMap;
class TokenBars;

class DarkRatioView : public FigureViewOf<figures::DarkRatioFigure> {
    Q_OBJECT
public:
    explicit DarkRatioView(QWidget* parent = nullptr);
    ~DarkRatioView() override;

    void setFigure(figures::FigurePtr<figures::DarkRatioFigure> figure);
    TokenAxis* tokenAxis() override { return axis_; }
    QString settings() const override;
    void applySettings(const QString& json) override;
    const TokenBars& bars() const { return *bars_; }
    const CellMap& cells() const { return *cells_; }
    // The stream the bars show (the selected layer, clamped to the figure).
    int barStream() const { return barStream_; }

protected:
    void selectionChanged() override;
    void hoverAt(const QPointF& pixel) override;
    void hoverLeft() override;
    void clickAt(const QPointF& pixel) override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;
    void resetFigure() override;

private:
    void showStreamBars(int stream);
    // (token, stream) under a pixel; stream -1 on the bars.
    std::pair<int, int> hit(const QPointF& pixel) const;
    QString ratioName() const;

    QCPTextElement* title_;
    QCPAxisRect* barRect_;
    QCPAxisRect* mapRect_;
    QCPColorScale* scale_;
    std::unique_ptr<TokenBars> bars_;
    std::unique_ptr<CellMap> cells_;
    TokenAxis* axis_;
    QCheckBox* logColor_;
    int barStream_ = -1;
};

} // namespace spectro::widgets
