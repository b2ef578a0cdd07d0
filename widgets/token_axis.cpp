#include "token_axis.h"

#include "qcustomplot_include.h"

#include <QFontMetrics>
#include <QScrollBar>
#include <algorithm>
#include <cmath>

namespace spectro::widgets {

namespace {

// Positions are labelled no closer than this many pixels apart.
constexpr double kNumberSpacingPx = 64.0;
// Pieces longer than this are cut with an ellipsis on the axis (read-outs show them whole).
constexpr int kMaxPieceChars = 10;

// 1, 2, 5, 10, 20, 50, ... : the smallest such step of at least `minimum`.
double niceStep(double minimum)
{
    if (minimum <= 1) return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(minimum)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= minimum) return m * magnitude;
    }
    return 10 * magnitude;
}

} // namespace

// How a token axis is labelled at its current zoom: every token with its piece when a token is
// wide enough to carry a vertical label, else positions every `step` tokens.
struct TickPlan {
    double step = 1;
    bool pieces = false;
};

TickPlan tickPlan(const QCPAxis* axis, double span)
{
    const int lengthPx = axis->orientation() == Qt::Horizontal ? axis->axisRect()->width() : axis->axisRect()->height();
    const double pxPerToken = std::max(1, lengthPx) / std::max(1e-9, span);
    const int lineHeight = QFontMetrics(axis->tickLabelFont()).height();
    const bool pieces = pxPerToken >= 1.15 * lineHeight;
    return {pieces ? 1.0 : niceStep(kNumberSpacingPx / pxPerToken), pieces};
}

// Ticks at integer token positions only. The plan is made when the ticks are generated, from the
// axis's size at that moment, so that an export at another size is labelled for its own size.
class TokenTicker : public QCPAxisTicker {
public:
    TokenTicker(const figures::TokenLabels* tokens, const QCPAxis* axis) : tokens_(tokens), axis_(axis) {}

protected:
    double getTickStep(const QCPRange& range) override
    {
        plan_ = tickPlan(axis_, range.size());
        return plan_.step;
    }
    int getSubTickCount(double tickStep) override
    {
        (void)tickStep;
        return 0;
    }
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override
    {
        QVector<double> ticks;
        const double last = static_cast<double>(tokens_->size()) - 1;
        const double first = std::max(0.0, std::ceil(range.lower / tickStep) * tickStep);
        for (double t = first; t <= std::min(range.upper, last) + 1e-9; t += tickStep) ticks.push_back(t);
        return ticks;
    }
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override
    {
        (void)formatChar;
        (void)precision;
        const auto index = static_cast<std::size_t>(std::lround(tick));
        if (!plan_.pieces || index >= tokens_->pieces.size()) return locale.toString(static_cast<qlonglong>(index));
        QString piece = QString::fromStdString(tokens_->pieces[index]);
        if (piece.size() > kMaxPieceChars) piece = piece.left(kMaxPieceChars - 1) + QChar(0x2026);
        return piece;
    }

private:
    const figures::TokenLabels* tokens_;
    const QCPAxis* axis_;
    TickPlan plan_;
};

TokenAxis::TokenAxis(QCustomPlot* plot, QWidget* scrollBarParent)
    : QObject(plot), plot_(plot), scrollBar_(new QScrollBar(Qt::Horizontal, scrollBarParent))
{
    scrollBar_->setToolTip(tr("Scroll the tokens; wheel or +/- on the plot zooms, 0 shows all"));
    scrollBar_->setVisible(false);
    connect(scrollBar_, &QScrollBar::valueChanged, this, [this](int value) {
        if (applying_) return;
        const double span = upper_ - lower_;
        setVisibleRange(value - 0.5, value - 0.5 + span);
    });
    plot_->setInteraction(QCP::iRangeDrag, true);
    plot_->setInteraction(QCP::iRangeZoom, true);
    // The tick step depends on the axis's width in pixels, known once the plot is laid out.
    connect(plot_, &QCustomPlot::beforeReplot, this, &TokenAxis::updateTicks);
    // The first layout at a new size can change the plan: then lay out once more with it.
    connect(plot_, &QCustomPlot::afterLayout, this, [this] {
        const bool before = piecesShown_;
        updateTicks();
        if (piecesShown_ != before) plot_->replot(QCustomPlot::rpQueuedReplot);
    });
}

void TokenAxis::addAxis(QCPAxis* axis, bool labelled)
{
    axes_.push_back(axis);
    auto ticker = QSharedPointer<TokenTicker>::create(&tokens_, axis);
    tickers_.push_back(ticker);
    axis->setTicker(ticker);
    axis->setTickLabels(labelled);
    axis->grid()->setVisible(false);
    connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, &TokenAxis::onAxisRangeChanged);
    updateInteraction();
    axis->setRange(lower_, upper_);
}

void TokenAxis::updateInteraction()
{
    // Drag and wheel move the token axes only; rects without one do not move at all.
    for (QCPAxisRect* rect : plot_->axisRects()) {
        QCPAxis* horizontal = nullptr;
        QCPAxis* vertical = nullptr;
        for (QCPAxis* a : axes_) {
            if (!active_ || a->axisRect() != rect) continue;
            (a->orientation() == Qt::Horizontal ? horizontal : vertical) = a;
        }
        Qt::Orientations orientations;
        if (horizontal) orientations |= Qt::Horizontal;
        if (vertical) orientations |= Qt::Vertical;
        rect->setRangeDrag(orientations);
        rect->setRangeZoom(orientations);
        rect->setRangeDragAxes(horizontal, vertical);
        rect->setRangeZoomAxes(horizontal, vertical);
    }
}

void TokenAxis::setActive(bool active)
{
    if (active == active_) return;
    active_ = active;
    for (std::size_t i = 0; i < axes_.size(); ++i) {
        if (active) {
            axes_[i]->setTicker(tickers_[i]);
        } else {
            auto integers = QSharedPointer<QCPAxisTickerFixed>::create();
            integers->setTickStep(1);
            integers->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
            axes_[i]->setTicker(integers);
            axes_[i]->setTickLabelRotation(0);
        }
    }
    updateInteraction();
    if (active) {
        setVisibleRange(lower_, upper_);
    } else {
        scrollBar_->setVisible(false);
    }
}

void TokenAxis::setTokens(const figures::TokenLabels& tokens)
{
    const bool sameLength = tokens.size() == tokens_.size() && !tokens_.ids.empty();
    tokens_ = tokens;
    if (!active_) return;
    if (sameLength) {
        apply(lower_, upper_);
    } else {
        showAll();
    }
}

double TokenAxis::lower() const
{
    return lower_;
}

double TokenAxis::upper() const
{
    return upper_;
}

void TokenAxis::setVisibleRange(double lower, double upper)
{
    if (!active_) return;
    const double full = std::max<double>(1.0, static_cast<double>(count()));
    double span = std::clamp(upper - lower, std::min(kMinimumSpan, full), full);
    if (!std::isfinite(span)) span = full;
    double lo = std::isfinite(lower) ? lower : -0.5;
    lo = std::clamp(lo, -0.5, full - 0.5 - span);
    apply(lo, lo + span);
}

void TokenAxis::zoomBy(double factor)
{
    const double centre = 0.5 * (lower_ + upper_);
    const double half = 0.5 * (upper_ - lower_) * factor;
    setVisibleRange(centre - half, centre + half);
}

void TokenAxis::showAll()
{
    if (!active_) return;
    apply(-0.5, std::max<double>(1.0, static_cast<double>(count())) - 0.5);
}

void TokenAxis::ensureVisible(int token)
{
    if (token < 0 || token >= count()) return;
    const double span = upper_ - lower_;
    if (token - 0.5 < lower_) {
        setVisibleRange(token - 0.5, token - 0.5 + span);
    } else if (token + 0.5 > upper_) {
        setVisibleRange(token + 0.5 - span, token + 0.5);
    }
}

int TokenAxis::tokenAt(double coordinate) const
{
    const long t = std::lround(coordinate);
    return t >= 0 && t < count() ? static_cast<int>(t) : -1;
}

QString TokenAxis::describe(int token) const
{
    if (token < 0 || token >= count()) return QString();
    const auto i = static_cast<std::size_t>(token);
    const QString piece = i < tokens_.pieces.size() ? QString::fromStdString(tokens_.pieces[i]) : QString();
    return QStringLiteral("%1 \u201c%2\u201d").arg(token).arg(piece);
}

void TokenAxis::onAxisRangeChanged(const QCPRange& range)
{
    if (applying_ || !active_) return;
    // A drag or a wheel on one axis: clamp it and move the others with it.
    setVisibleRange(range.lower, range.upper);
}

void TokenAxis::apply(double lower, double upper)
{
    const bool changed = std::abs(lower - lower_) > 1e-9 || std::abs(upper - upper_) > 1e-9;
    lower_ = lower;
    upper_ = upper;
    applying_ = true;
    for (QCPAxis* axis : axes_) axis->setRange(lower_, upper_);
    updateScrollBar();
    applying_ = false;
    updateTicks();
    plot_->replot(QCustomPlot::rpQueuedReplot);
    if (changed) Q_EMIT visibleRangeChanged(lower_, upper_);
}

void TokenAxis::updateTicks()
{
    // The tickers plan their own steps; the label rotation must be set before the layout.
    if (axes_.empty() || !active_) return;
    for (std::size_t i = 0; i < axes_.size(); ++i) {
        const TickPlan plan = tickPlan(axes_[i], upper_ - lower_);
        if (axes_[i]->orientation() == Qt::Horizontal) axes_[i]->setTickLabelRotation(plan.pieces ? 90 : 0);
        if (i == 0) piecesShown_ = plan.pieces;
    }
}

void TokenAxis::updateScrollBar()
{
    const int span = static_cast<int>(std::lround(upper_ - lower_));
    const bool partial = span < count();
    scrollBar_->setVisible(partial);
    if (!partial) return;
    scrollBar_->setRange(0, count() - span);
    scrollBar_->setPageStep(span);
    scrollBar_->setSingleStep(std::max(1, span / 16));
    scrollBar_->setValue(static_cast<int>(std::lround(lower_ + 0.5)));
}

workbench::Selection stepToken(const workbench::Selection& from, int key, int count)
{
    workbench::Selection s = from;
    if (count <= 0) return s;
    const int t = from.token;
    switch (key) {
    case Qt::Key_Left: s.token = t < 0 ? count - 1 : std::max(0, t - 1); break;
    case Qt::Key_Right: s.token = t < 0 ? 0 : std::min(count - 1, t + 1); break;
    case Qt::Key_Home: s.token = 0; break;
    case Qt::Key_End: s.token = count - 1; break;
    default: break;
    }
    return s;
}

TokenAxisLink::TokenAxisLink(QObject* parent) : QObject(parent) {}

void TokenAxisLink::add(TokenAxis* axis)
{
    if (!axis || std::find(axes_.begin(), axes_.end(), axis) != axes_.end()) return;
    axes_.emplace_back(axis);
    connect(axis, &TokenAxis::visibleRangeChanged, this,
            [this, axis](double lower, double upper) { follow(axis, lower, upper); });
}

void TokenAxisLink::remove(TokenAxis* axis)
{
    axes_.erase(std::remove(axes_.begin(), axes_.end(), axis), axes_.end());
    if (axis) disconnect(axis, nullptr, this, nullptr);
}

void TokenAxisLink::follow(TokenAxis* leader, double lower, double upper)
{
    if (following_) return;
    following_ = true;
    for (const QPointer<TokenAxis>& axis : axes_) {
        if (axis && axis != leader && axis->count() == leader->count()) axis->setVisibleRange(lower, upper);
    }
    following_ = false;
}

} // namespace spectro::widgets
