#pragma once
// View 7, the token strip: the sample's tokens as text, wrapped like a paragraph (a newline piece
// ends its line), each on a chip coloured by one measure (U-dark ratio, attention received, NLL,
// ...), with the colour scale beside it. Clicking a token selects it in every view; Left/Right
// move the selection; the wheel and the scroll bar scroll long samples; the selected token is
// kept in view. Colours span the 1st to 99th percentile of the values (BoS is far off the rest).
// Settings: {"measure": "udr" | "attention_received" | "nll" | ...}: another
// measure needs another figure (settingsChanged).
#include "figure_view_of.h"

#include <QRectF>
#include <vector>

class QComboBox;
class QCPColorScale;
class QCPLayer;
class QCPTextElement;
class QScrollBar;

namespace spectro::widgets {

class TokenFlowItem;

class TokenStripView : public FigureViewOf<figures::TokenStripFigure> {
    Q_OBJECT
public:
    explicit TokenStripView(QWidget* parent = nullptr);

    void setFigure(figures::FigurePtr<figures::TokenStripFigure> figure);
    QString settings() const override;
    void applySettings(const QString& json) override;
    // The measure the user asked for (the figure shown may still be of another).
    QString requestedMeasure() const;
    // Where a token's chip is drawn now, in the plot's pixels (empty when scrolled away), and the
    // colour it has: for tests and for the selection test of the app.
    QRectF chipRect(int token) const;
    QColor chipColour(int token) const;
    int firstLine() const;
    void scrollToLine(int line);

    // The display name of a measure id ("udr" -> "U-dark ratio").
    static QString measureName(const QString& measure);

protected:
    void selectionChanged() override;
    void hoverAt(const QPointF& pixel) override;
    void hoverLeft() override;
    void clickAt(const QPointF& pixel) override;
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override;
    void resetFigure() override;

private:
    void updateScrollBar();
    int tokenAt(const QPointF& pixel) const;

    QCPTextElement* title_;
    QCPColorScale* scale_;
    QCPLayer* tokens_ = nullptr;
    TokenFlowItem* flow_;
    QComboBox* measure_;
    QScrollBar* scroll_;
};

} // namespace spectro::widgets
