#include "fitted_ticker.h"

#include <QFontMetricsF>
#include <cmath>

namespace spectro::widgets {

void FittedTextTicker::setLabels(std::vector<std::pair<double, QString>> labels, int keep)
{
    labels_ = std::move(labels);
    keep_ = keep;
}

double FittedTextTicker::getTickStep(const QCPRange& range)
{
    // How far apart labels must be: their width along a horizontal axis (plus a gap), a line
    // along a vertical one.
    const QFontMetricsF metrics(axis_->tickLabelFont());
    const bool horizontal = axis_->orientation() == Qt::Horizontal && std::abs(axis_->tickLabelRotation()) < 45;
    double extent = metrics.height() * 1.2;
    if (horizontal) {
        extent = 0;
        for (const auto& [at, text] : labels_) extent = std::max(extent, metrics.horizontalAdvance(text));
        extent += 8;
    }
    int visible = 0;
    for (const auto& [at, text] : labels_) visible += range.contains(at) ? 1 : 0;
    const QRect rect = axis_->axisRect()->rect();
    const double length = axis_->orientation() == Qt::Horizontal ? rect.width() : rect.height();
    length_ = length;
    const double spacing = visible > 1 ? length / visible : length;
    every_ = std::max(1, static_cast<int>(std::ceil(extent / std::max(1.0, spacing))));
    return 1.0;
}

bool FittedTextTicker::stale() const
{
    const QRect rect = axis_->axisRect()->rect();
    return (axis_->orientation() == Qt::Horizontal ? rect.width() : rect.height()) != length_;
}

QSharedPointer<FittedTextTicker> FittedTextTicker::install(QCPAxis* axis,
                                                           std::vector<std::pair<double, QString>> labels, int keep)
{
    auto ticker = QSharedPointer<FittedTextTicker>::create(axis);
    ticker->setLabels(std::move(labels), keep);
    axis->setTicker(ticker);
    // One connection per axis, whatever ticker it has at the time.
    if (!axis->property("spectroFittedTicks").toBool()) {
        axis->setProperty("spectroFittedTicks", true);
        QCustomPlot* plot = axis->parentPlot();
        QObject::connect(plot, &QCustomPlot::afterLayout, axis, [axis, plot] {
            auto fitted = axis->ticker().dynamicCast<FittedTextTicker>();
            if (fitted && fitted->stale()) plot->replot(QCustomPlot::rpQueuedReplot);
        });
    }
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

} // namespace spectro::widgets
