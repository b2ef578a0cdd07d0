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

// Ticks at integer token positions only, every `step` tokens; labelled with the piece when every
// token gets a tick, with the position otherwise.
class TokenTicker : public QCPAxisTicker {
public:
    explicit TokenTicker(const figures::TokenLabels* tokens) : tokens_(tokens) {}
    void setStep(double step, bool pieces)
    {
        step_ = step;
        pieces_ = pieces;
    }

protected:
    double getTickStep(const QCPRange& range) override
    {
        (void)range;
        return step_;
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
        if (!pieces_ || index >= tokens_->pieces.size()) return locale.toString(static_cast<qlonglong>(index));
        QString piece = QString::fromStdString(tokens_->pieces[index]);
        if (piece.size() > kMaxPieceChars) piece = piece.left(kMaxPieceChars - 1) + QChar(0x2026);
        return piece;
    }

private:
    const figures::TokenLabels* tokens_;
    double step_ = 1;
    bool pieces_ = false;
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
}

void TokenAxis::addAxis(QCPAxis* axis, bool labelled)
{
    axes_.push_back(axis);
    auto ticker = QSharedPointer<TokenTicker>::create(&tokens_);
    tickers_.push_back(ticker);
    axis->setTicker(ticker);
    axis->setTickLabels(labelled);
    axis->grid()->setVisible(false);
    connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, &TokenAxis::onAxisRangeChanged);
    // Drag and wheel move the token axis only; rects without one do not move at all.
    for (QCPAxisRect* rect : plot_->axisRects()) {
        QCPAxis* tokenAxis = nullptr;
        for (QCPAxis* a : axes_) {
            if (a->axisRect() == rect) tokenAxis = a;
        }
        const Qt::Orientation orientation = tokenAxis ? tokenAxis->orientation() : Qt::Horizontal;
        rect->setRangeDrag(tokenAxis ? Qt::Orientations(orientation) : Qt::Orientations());
        rect->setRangeZoom(tokenAxis ? Qt::Orientations(orientation) : Qt::Orientations());
        if (tokenAxis) {
            if (orientation == Qt::Horizontal) {
                rect->setRangeDragAxes(tokenAxis, nullptr);
                rect->setRangeZoomAxes(tokenAxis, nullptr);
            } else {
                rect->setRangeDragAxes(nullptr, tokenAxis);
                rect->setRangeZoomAxes(nullptr, tokenAxis);
            }
        }
    }
    axis->setRange(lower_, upper_);
}

void TokenAxis::setTokens(const figures::TokenLabels& tokens)
{
    const bool sameLength = tokens.size() == tokens_.size() && !tokens_.ids.empty();
    tokens_ = tokens;
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
    if (applying_) return;
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
    if (axes_.empty()) return;
    const double span = std::max(1e-9, upper_ - lower_);
    for (std::size_t i = 0; i < axes_.size(); ++i) {
        QCPAxis* axis = axes_[i];
        const int lengthPx = axis->orientation() == Qt::Horizontal ? axis->axisRect()->width()
                                                                   : axis->axisRect()->height();
        const double pxPerToken = std::max(1, lengthPx) / span;
        const int lineHeight = QFontMetrics(axis->tickLabelFont()).height();
        const bool pieces = pxPerToken >= 1.15 * lineHeight;
        tickers_[i]->setStep(pieces ? 1.0 : niceStep(kNumberSpacingPx / pxPerToken), pieces);
        if (axis->orientation() == Qt::Horizontal) axis->setTickLabelRotation(pieces ? 90 : 0);
        if (i == 0) piecesShown_ = pieces;
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
