#include "token_bars.h"

#include "fitted_ticker.h"
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <cmath>

namespace spectro::widgets {

namespace {

constexpr double kBarWidth = 0.8;

} // namespace

TokenBars::TokenBars(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* markerLayer) : rect_(rect)
{
    QCPAxis* keys = rect->axis(QCPAxis::atBottom);
    QCPAxis* values = rect->axis(QCPAxis::atLeft);
    bars_ = new QCPBars(keys, values);
    bars_->setWidth(kBarWidth);
    bars_->setPen(Qt::NoPen);
    bars_->setBrush(primarySeriesColor());
    bos_ = new QCPBars(keys, values);
    bos_->setWidth(kBarWidth);
    bos_->setPen(Qt::NoPen);
    bos_->setBrush(darkBandColor());
    bos_->setName(QStringLiteral("BoS"));
    whiskers_ = new QCPErrorBars(keys, values);
    whiskers_->setPen(QPen(QColor(0x40, 0x40, 0x40, 150), 1));
    whiskers_->setWhiskerWidth(3);
    whiskers_->setDataPlottable(bars_);
    whiskers_->setVisible(false);
    // Token bars share small panels (the triad's three, the U-dark ratio's strip): as many value
    // ticks as fit.
    FittedNumberTicker::install(values);
    selected_ = addColumnMarker(plot, rect, markerLayer, QPen(selectionColor(), 2), Qt::NoBrush);
    hovered_ = addColumnMarker(plot, rect, markerLayer, Qt::NoPen, QColor(0xd6, 0x27, 0x28, 40));
}

void TokenBars::setValues(const std::vector<double>& values, const std::vector<double>& errors)
{
    QVector<double> keys, heights, bosKey, bosHeight, spread;
    keys.reserve(static_cast<int>(values.size()));
    heights.reserve(static_cast<int>(values.size()));
    maximum_ = 0;
    for (std::size_t t = 0; t < values.size(); ++t) {
        const double v = values[t];
        if (!std::isfinite(v)) continue;
        const double e = t < errors.size() && std::isfinite(errors[t]) ? errors[t] : 0.0;
        maximum_ = std::max(maximum_, v + e);
        if (t == 0) {
            bosKey << 0.0;
            bosHeight << v;
            continue;
        }
        keys << static_cast<double>(t);
        heights << v;
        spread << e;
    }
    bars_->setData(keys, heights, true);
    bos_->setData(bosKey, bosHeight, true);
    whiskers_->setVisible(!errors.empty());
    if (!errors.empty()) whiskers_->setData(spread);
}

void TokenBars::rescaleValues()
{
    rect_->axis(QCPAxis::atLeft)->setRange(0, maximum_ > 0 ? maximum_ * 1.08 : 1.0);
}

void TokenBars::markSelected(int token)
{
    if (token < 0) {
        selected_->setVisible(false);
        return;
    }
    placeColumn(selected_, token - 0.5, token + 0.5);
}

void TokenBars::markHovered(int token)
{
    if (token < 0) {
        hovered_->setVisible(false);
        return;
    }
    placeColumn(hovered_, token - 0.5, token + 0.5);
}

} // namespace spectro::widgets
