#pragma once
// The token strip's drawing: the tokens of a sample as chips of text flowed into lines across the
// axis rect (a "↵" piece ends its line), each chip filled with the colour of its value, the
// selected and the hovered chip outlined. A QCustomPlot item, so that it is drawn into exported
// PDF and SVG files as vector text like the rest of the figure. Only the visible lines are drawn.
#include "qcustomplot_include.h"

#include <vector>

namespace spectro::widgets {

class TokenFlowItem : public QCPAbstractItem {
    Q_OBJECT
public:
    explicit TokenFlowItem(QCustomPlot* plot);

    void setTokens(std::vector<QString> pieces, std::vector<double> values);
    void setColours(const QCPColorGradient& gradient, const QCPRange& range);
    void setSelected(int token) { selected_ = token; }
    void setHovered(int token) { hovered_ = token; }
    int count() const { return static_cast<int>(pieces_.size()); }

    // Scrolling, in lines of the layout at the current width.
    int firstLine() const { return firstLine_; }
    void setFirstLine(int line);
    int lineCount() const;
    int visibleLines() const;
    int lineOf(int token) const;

    // In the plot's pixels at its current layout; empty when the chip is scrolled away.
    QRectF chipRect(int token) const;
    QColor chipColour(int token) const;
    int tokenAt(const QPointF& pixel) const;

    double selectTest(const QPointF& pos, bool onlySelectable, QVariant* details = nullptr) const override;

protected:
    void draw(QCPPainter* painter) override;

private:
    struct Chip {
        int line = 0;
        double x = 0, width = 0;
    };
    // Lays the chips out for `width` pixels (cached per width and font).
    const std::vector<Chip>& layout(double width, const QFontMetricsF& metrics) const;
    double lineHeight(const QFontMetricsF& metrics) const;
    QRectF chipAt(const Chip& chip, const QRectF& area, const QFontMetricsF& metrics) const;

    std::vector<QString> pieces_;
    std::vector<double> values_;
    mutable QCPColorGradient gradient_; // color() is not const in QCustomPlot 2.1 (it caches)
    QCPRange range_{0, 1};
    int selected_ = -1, hovered_ = -1;
    int firstLine_ = 0;
    mutable std::vector<Chip> chips_;
    mutable double laidOutWidth_ = -1;
    mutable QString laidOutFont_;
    mutable int lines_ = 0;
};

} // namespace spectro::widgets
