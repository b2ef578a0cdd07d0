#include "token_flow.h"

#include "plot_style.h"

#include <algorithm>
#include <cmath>

namespace spectro::widgets {

namespace {

constexpr double kPadX = 3, kPadY = 2, kGap = 3;
const QColor kUndefined(0xe6, 0xe6, 0xe6);

bool endsLine(const QString& piece)
{
    return piece.contains(QChar(0x21b5)); // "↵", the display form of a newline
}

} // namespace

TokenFlowItem::TokenFlowItem(QCustomPlot* plot) : QCPAbstractItem(plot)
{
    setSelectable(false);
    setClipToAxisRect(true);
    gradient_ = sequentialGradient();
}

void TokenFlowItem::setTokens(std::vector<QString> pieces, std::vector<double> values)
{
    pieces_ = std::move(pieces);
    values_ = std::move(values);
    laidOutWidth_ = -1;
    firstLine_ = 0;
    selected_ = hovered_ = -1;
}

void TokenFlowItem::setColours(const QCPColorGradient& gradient, const QCPRange& range)
{
    gradient_ = gradient;
    range_ = range;
}

double TokenFlowItem::lineHeight(const QFontMetricsF& metrics) const
{
    return metrics.height() + 2 * kPadY + kGap;
}

const std::vector<TokenFlowItem::Chip>& TokenFlowItem::layout(double width, const QFontMetricsF& metrics) const
{
    const QString font = mParentPlot->font().toString();
    if (width == laidOutWidth_ && font == laidOutFont_) return chips_;
    chips_.assign(pieces_.size(), Chip{});
    int line = 0;
    double x = 0;
    for (std::size_t t = 0; t < pieces_.size(); ++t) {
        const double w = metrics.horizontalAdvance(pieces_[t]) + 2 * kPadX;
        if (x > 0 && x + w > width) {
            ++line;
            x = 0;
        }
        chips_[t] = Chip{line, x, w};
        x += w + kGap;
        if (endsLine(pieces_[t])) {
            ++line;
            x = 0;
        }
    }
    lines_ = pieces_.empty() ? 0 : (x > 0 ? line + 1 : line);
    laidOutWidth_ = width;
    laidOutFont_ = font;
    return chips_;
}

QRectF TokenFlowItem::chipAt(const Chip& chip, const QRectF& area, const QFontMetricsF& metrics) const
{
    const double top = area.top() + kGap + (chip.line - firstLine_) * lineHeight(metrics);
    return QRectF(area.left() + kGap + chip.x, top, chip.width, metrics.height() + 2 * kPadY);
}

void TokenFlowItem::setFirstLine(int line)
{
    firstLine_ = std::clamp(line, 0, std::max(0, lineCount() - visibleLines()));
}

int TokenFlowItem::lineCount() const
{
    const QFontMetricsF metrics(mParentPlot->font());
    layout(clipRect().width() - 2 * kGap, metrics);
    return lines_;
}

int TokenFlowItem::visibleLines() const
{
    const QFontMetricsF metrics(mParentPlot->font());
    return std::max(1, static_cast<int>(std::floor((clipRect().height() - kGap) / lineHeight(metrics))));
}

int TokenFlowItem::lineOf(int token) const
{
    if (token < 0 || token >= count()) return -1;
    const QFontMetricsF metrics(mParentPlot->font());
    return layout(clipRect().width() - 2 * kGap, metrics)[static_cast<std::size_t>(token)].line;
}

QRectF TokenFlowItem::chipRect(int token) const
{
    if (token < 0 || token >= count()) return {};
    const QRectF area = clipRect();
    const QFontMetricsF metrics(mParentPlot->font());
    const Chip& chip = layout(area.width() - 2 * kGap, metrics)[static_cast<std::size_t>(token)];
    const QRectF r = chipAt(chip, area, metrics);
    return chip.line >= firstLine_ && r.bottom() <= area.bottom() + 0.5 ? r : QRectF();
}

QColor TokenFlowItem::chipColour(int token) const
{
    if (token < 0 || token >= count()) return {};
    const double v = values_[static_cast<std::size_t>(token)];
    return std::isfinite(v) ? gradient_.color(v, range_) : kUndefined;
}

int TokenFlowItem::tokenAt(const QPointF& pixel) const
{
    // One layout look-up, then only the chips of the line under the pixel (a hover on a
    // 4,096-token strip must not lay out every chip again).
    const QRectF area = clipRect();
    if (!area.contains(pixel)) return -1;
    const QFontMetricsF metrics(mParentPlot->font());
    const std::vector<Chip>& chips = layout(area.width() - 2 * kGap, metrics);
    const int line = firstLine_ + static_cast<int>(std::floor((pixel.y() - area.top() - kGap) / lineHeight(metrics)));
    const auto first =
        std::lower_bound(chips.begin(), chips.end(), line, [](const Chip& chip, int l) { return chip.line < l; });
    for (auto it = first; it != chips.end() && it->line == line; ++it) {
        if (chipAt(*it, area, metrics).contains(pixel)) return static_cast<int>(it - chips.begin());
    }
    return -1;
}

double TokenFlowItem::selectTest(const QPointF& pos, bool onlySelectable, QVariant* details) const
{
    (void)pos;
    (void)onlySelectable;
    (void)details;
    return -1;
}

void TokenFlowItem::draw(QCPPainter* painter)
{
    const QRectF area = clipRect();
    const QFontMetricsF metrics(mParentPlot->font());
    const std::vector<Chip>& chips = layout(area.width() - 2 * kGap, metrics);
    painter->setFont(mParentPlot->font());
    for (std::size_t t = 0; t < chips.size(); ++t) {
        if (chips[t].line < firstLine_) continue;
        const QRectF r = chipAt(chips[t], area, metrics);
        if (r.top() > area.bottom()) break;
        const QColor fill = chipColour(static_cast<int>(t));
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(r, 2, 2);
        // Light text on the dark end of the colour scale.
        painter->setPen(fill.lightnessF() < 0.5 ? Qt::white : Qt::black);
        painter->drawText(r, Qt::AlignCenter, pieces_[t]);
    }
    auto outline = [&](int token, const QPen& pen) {
        if (token < 0 || token >= count()) return;
        const QRectF r = chipRect(token);
        if (r.isEmpty()) return;
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(r.adjusted(-1.5, -1.5, 1.5, 1.5), 3, 3);
    };
    // The outlines are the workbench's markers: a figure's export hides the markers layer, and
    // leaves them out with it.
    const QCPLayer* markers = mParentPlot->layer(QStringLiteral("markers"));
    if (markers && !markers->visible()) return;
    outline(hovered_, QPen(hoverColor(), 2));
    outline(selected_, QPen(selectionColor(), 2.5));
}

} // namespace spectro::widgets
