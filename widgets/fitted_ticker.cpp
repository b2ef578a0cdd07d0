#include "fitted_ticker.h"

#include <QFontMetricsF>
#include <algorithm>
#include <cmath>

namespace spectro::widgets {

void FittedTextTicker::setLabels(std::vector<std::pair<double, QString>> labels, int keep)
{
    labels_ = std::move(labels);
    keep_ = keep;
}

namespace {

// Numbers need a little more air between them than the text labels' 1.2 lines to read as
// separate ticks.
constexpr double kNumberAir = 1.25;

// 10^e for the decade e.
double decade(int e)
{
    return std::pow(10.0, e);
}

// The smallest of 1, 2, 5, 10, 20, ... that is at least `step`.
double wholeStepAtLeast(double step)
{
    for (double magnitude = 1;; magnitude *= 10) {
        for (double mantissa : {1.0, 2.0, 5.0}) {
            if (mantissa * magnitude >= step - 1e-9) return mantissa * magnitude;
        }
    }
}

// The largest of 1, 2, 5, 10, 20, ... below `step` (1 at the least).
double wholeStepBelow(double step)
{
    double below = 1;
    for (double magnitude = 1; magnitude < step; magnitude *= 10) {
        for (double mantissa : {1.0, 2.0, 5.0}) {
            if (mantissa * magnitude < step - 1e-9) below = mantissa * magnitude;
        }
    }
    return below;
}

// The decades e (10^e) from the one holding the range's lower end to the one above its upper end;
// none (first > last) for a range a log axis cannot show.
std::pair<int, int> decadesOf(const QCPRange& range)
{
    if (!(range.lower > 0) || !(range.upper > range.lower)) return {1, 0};
    return {static_cast<int>(std::floor(std::log10(range.lower))),
            static_cast<int>(std::ceil(std::log10(range.upper)))};
}

} // namespace

double tickLabelExtent(const QCPAxis* axis, const QStringList& samples)
{
    // How far apart labels must be: their width along a horizontal axis (plus a gap), a line
    // along a vertical one.
    const QFontMetricsF metrics(axis->tickLabelFont());
    const bool horizontal = axis->orientation() == Qt::Horizontal && std::abs(axis->tickLabelRotation()) < 45;
    if (!horizontal) return metrics.height() * 1.2;
    double extent = 0;
    for (const QString& text : samples) extent = std::max(extent, metrics.horizontalAdvance(text));
    return extent + 8;
}

double axisLength(const QCPAxis* axis)
{
    const QRect rect = axis->axisRect()->rect();
    return axis->orientation() == Qt::Horizontal ? rect.width() : rect.height();
}

void refitAfterLayout(QCPAxis* axis)
{
    // One connection per axis, whatever ticker it has at the time.
    if (axis->property("spectroFittedTicks").toBool()) return;
    axis->setProperty("spectroFittedTicks", true);
    QCustomPlot* plot = axis->parentPlot();
    QObject::connect(plot, &QCustomPlot::afterLayout, axis, [axis, plot] {
        auto fitted = axis->ticker().dynamicCast<FittedTicks>();
        if (fitted && fitted->stale()) plot->replot(QCustomPlot::rpQueuedReplot);
    });
}

double FittedTextTicker::getTickStep(const QCPRange& range)
{
    QStringList texts;
    for (const auto& [at, text] : labels_) texts << text;
    const double extent = tickLabelExtent(axis_, texts);
    int visible = 0;
    for (const auto& [at, text] : labels_) visible += range.contains(at) ? 1 : 0;
    const double length = axisLength(axis_);
    length_ = length;
    const double spacing = visible > 1 ? length / visible : length;
    every_ = std::max(1, static_cast<int>(std::ceil(extent / std::max(1.0, spacing))));
    return 1.0;
}

bool FittedTextTicker::stale() const
{
    return axisLength(axis_) != length_;
}

QSharedPointer<FittedTextTicker> FittedTextTicker::install(QCPAxis* axis,
                                                           std::vector<std::pair<double, QString>> labels, int keep)
{
    auto ticker = QSharedPointer<FittedTextTicker>::create(axis);
    ticker->setLabels(std::move(labels), keep);
    axis->setTicker(ticker);
    refitAfterLayout(axis);
    return ticker;
}

int FittedTextTicker::getSubTickCount(double tickStep)
{
    (void)tickStep;
    return 0;
}

QVector<double> FittedTextTicker::createTickVector(double tickStep, const QCPRange& range)
{
    (void)tickStep;
    QVector<double> ticks;
    shown_.clear();
    const int n = static_cast<int>(labels_.size());
    for (int i = 0; i < n; ++i) {
        if (!range.contains(labels_[static_cast<std::size_t>(i)].first)) continue;
        // A regular label too close before the kept one gives way to it.
        const bool kept = i == keep_;
        const bool regular = i % every_ == 0 && (keep_ < 0 || kept || std::abs(i - keep_) >= every_);
        if (!kept && !regular) continue;
        ticks << labels_[static_cast<std::size_t>(i)].first;
        shown_.push_back(labels_[static_cast<std::size_t>(i)].first);
    }
    return ticks;
}

QString FittedTextTicker::getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision)
{
    (void)locale;
    (void)formatChar;
    (void)precision;
    for (const auto& [at, text] : labels_) {
        if (std::abs(at - tick) < 1e-9) return text;
    }
    return QString();
}

QSharedPointer<FittedNumberTicker> FittedNumberTicker::install(QCPAxis* axis, int mostTicks)
{
    auto ticker = QSharedPointer<FittedNumberTicker>::create(axis);
    ticker->setMostTicks(mostTicks);
    axis->setTicker(ticker);
    refitAfterLayout(axis);
    return ticker;
}

QSharedPointer<FittedNumberTicker> FittedNumberTicker::installForIndices(QCPAxis* axis)
{
    auto ticker = install(axis, 1000);
    ticker->setWholeSteps(true);
    return ticker;
}

double FittedNumberTicker::getTickStep(const QCPRange& range)
{
    length_ = axisLength(axis_);
    const QLocale locale = axis_->parentPlot()->locale();
    // Labels as wide as the ends' and as an inner tick's (0.25 between 0 and 1 is the widest).
    const double extent =
        kNumberAir * tickLabelExtent(axis_, {locale.toString(range.lower, 'g', 3), locale.toString(range.upper, 'g', 3),
                                             locale.toString(range.size() / 4, 'g', 2)});
    // Fewer ticks until their labels are far enough apart; one tick count gives at least the
    // round numbers at both ends of a range, so the axis always has a scale.
    if (!(range.size() > 0)) return 1.0;
    double step = range.size();
    for (int count = std::max(1, most_); count >= 1; --count) {
        setTickCount(count);
        step = QCPAxisTicker::getTickStep(range);
        if (whole_) step = wholeStepAtLeast(step);
        if (length_ * step / range.size() >= extent && std::floor(range.upper / step) > std::ceil(range.lower / step))
            return step;
    }
    // No count with airy labels: the densest whose labels still do not touch, before fewer.
    for (int count = std::max(1, most_); count >= 2 && !whole_; --count) {
        setTickCount(count);
        const double relaxed = QCPAxisTicker::getTickStep(range);
        if (length_ * relaxed / range.size() >= extent / kNumberAir &&
            std::floor(range.upper / relaxed) > std::ceil(range.lower / relaxed))
            return relaxed;
    }
    if (whole_) {
        // Too short for the whole steps that keep labels apart by a line and a quarter: the
        // widest whole step that still labels two indices, if those do not touch.
        for (double whole = step; whole >= 1; whole = wholeStepBelow(whole)) {
            if (std::floor(range.upper / whole) > std::ceil(range.lower / whole) &&
                length_ * whole / range.size() >= extent / kNumberAir)
                return whole;
            if (whole <= 1) break;
        }
        return step;
    }
    // A panel too small for QCustomPlot's round steps (0 to 0.17 in 30 pixels gets a step of 0.2,
    // and only the 0 on the axis): the largest 1, 2 or 5 x 10^k within the range, so that both
    // ends of the scale are labelled, when its two labels do not touch.
    const double magnitude = std::pow(10.0, std::floor(std::log10(range.size())));
    for (double mantissa : {5.0, 2.0, 1.0}) {
        const double nice = mantissa * magnitude;
        if (nice > range.size()) continue;
        if (std::floor(range.upper / nice) > std::ceil(range.lower / nice) &&
            length_ * nice / range.size() >= extent / kNumberAir)
            return nice;
        break;
    }
    // Not even two labels fit: one, the roundest number inside the range, so that the scale is
    // never bare (a colour bar from 0.03 to 1.97 in a one-column figure got no label at all).
    const auto labelsOne = [&](double s) { return std::floor(range.upper / s) >= std::ceil(range.lower / s); };
    if (labelsOne(step)) return step;
    for (double m = magnitude; m > magnitude * 1e-3; m /= 10) {
        for (double mantissa : {5.0, 2.0, 1.0}) {
            if (mantissa * m <= range.size() && labelsOne(mantissa * m)) return mantissa * m;
        }
    }
    return step;
}

QSharedPointer<FittedLogTicker> FittedLogTicker::install(QCPAxis* axis)
{
    auto ticker = QSharedPointer<FittedLogTicker>::create(axis);
    axis->setTicker(ticker);
    refitAfterLayout(axis);
    return ticker;
}

double FittedLogTicker::getTickStep(const QCPRange& range)
{
    length_ = axisLength(axis_);
    range_ = range;
    const double decades = range.lower > 0 && range.upper > range.lower ? std::log10(range.upper / range.lower) : 1.0;
    const double perDecade = length_ / std::max(decades, 1e-9);
    const double need = kNumberAir * tickLabelExtent(axis_, {QStringLiteral("0.005"), QStringLiteral("5000")});
    // Densest first; each with the smallest gap between two of its labels, in decades, and the
    // widest range it is used for (1-2-5 across six decades is a wall of numbers).
    struct Candidate {
        std::vector<double> mantissas;
        double gap;
        double upToDecades;
    };
    const Candidate candidates[] = {
        {{1, 2, 3, 4, 5, 6, 7, 8, 9}, std::log10(10.0 / 9.0), 1.0},
        {{1, 2, 5}, std::log10(2.0), 3.0},
        {{1, 3}, std::log10(10.0 / 3.0), 4.0},
    };
    for (const Candidate& c : candidates) {
        if (decades <= c.upToDecades && c.gap * perDecade >= need) {
            mantissas_ = c.mantissas;
            decadeStep_ = 1;
            return 1.0;
        }
    }
    mantissas_ = {1.0};
    decadeStep_ = std::max(1, static_cast<int>(std::ceil(need / std::max(perDecade, 1e-9))));
    return 1.0;
}

QVector<double> FittedLogTicker::createTickVector(double tickStep, const QCPRange& range)
{
    (void)tickStep;
    QVector<double> ticks;
    const auto [first, last] = decadesOf(range);
    for (int e = first; e <= last; ++e) {
        if (((e % decadeStep_) + decadeStep_) % decadeStep_ != 0) continue;
        for (double m : mantissas_) {
            const double v = m * decade(e);
            if (v >= range.lower && v <= range.upper) ticks << v;
        }
    }
    return ticks;
}

int FittedLogTicker::getSubTickCount(double tickStep)
{
    (void)tickStep;
    return 1; // any count: createSubTickVector places them itself
}

QVector<double> FittedLogTicker::createSubTickVector(int subTickCount, const QVector<double>& ticks)
{
    (void)subTickCount;
    // The classic log-paper marks: 2..9 in every decade while decades are labelled one by one,
    // the unlabelled powers of ten when they are thinned.
    QVector<double> subTicks;
    const auto [first, last] = decadesOf(range_);
    for (int e = first; e <= last; ++e) {
        for (int m = 1; m <= 9; ++m) {
            if (decadeStep_ > 1 && m > 1) break;
            const double v = m * decade(e);
            const bool labelled =
                std::any_of(ticks.begin(), ticks.end(), [v](double t) { return std::abs(t - v) <= 1e-9 * v; });
            if (!labelled && v >= range_.lower && v <= range_.upper) subTicks << v;
        }
    }
    return subTicks;
}

} // namespace spectro::widgets
