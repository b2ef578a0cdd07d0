#pragma once
// View 3a, the attention sink bars: the attention each key token receives from the later queries
// (mean, whiskers +- one standard deviation) in one layer, for one head or the head average; the
// BoS bar in the dark band's colour. The token axis scrolls and zooms. Hover: token, mean,
// variance, number of later queries. Click: selects the token. Left/Right/Home/End step tokens.
// Layer and head follow the selection (the app builds the figure for them).
#include "figure_view_of.h"

#include <memory>

class QCheckBox;
class QCPTextElement;

namespace spectro::widgets {

class TokenBars;

class AttentionReceivedView : public FigureViewOf<figures::AttentionReceivedFigure> {
    Q_OBJECT
public:
    explicit AttentionReceivedView(QWidget* parent = nullptr);
    ~AttentionReceivedView() override;

    void setFigure(figures::FigurePtr<figures::AttentionReceivedFigure> figure);
    TokenAxis* tokenAxis() override { return axis_; }
    QString settings() const override;
    void applySettings(const QString& json) override;
    const TokenBars& bars() const { return *bars_; }

protected:
    void selectionChanged() override;
    void hoverAt(const QPointF& pixel) override;
    void hoverLeft() override;
    void clickAt(const QPointF& pixel) override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;

private:
    int tokenAt(const QPointF& pixel) const;
    void redraw();

    QCPTextElement* title_;
    std::unique_ptr<TokenBars> bars_;
    TokenAxis* axis_;
    QCheckBox* spread_;
};

} // namespace spectro::widgets
