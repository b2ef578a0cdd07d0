#include "attention_received_view.h"

#include "qcustomplot_include.h"
#include "token_axis.h"
#include "token_bars.h"
#include "view_helpers.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <cmath>

namespace spectro::widgets {

AttentionReceivedView::AttentionReceivedView(QWidget* parent)
    : FigureViewOf(QStringLiteral("attention_received"), parent)
{
    title_ = addPlotTitle(plot());
    bars_ = std::make_unique<TokenBars>(plot(), plot()->axisRect(), markerLayer());
    axis_ = new TokenAxis(plot(), this);
    axis_->addAxis(plot()->xAxis);
    addFooter(axis_->scrollBar());
    plot()->xAxis->setLabel(tr("key token t"));
    plot()->yAxis->setLabel(tr("mean attention from queries q > t"));
    spread_ = new QCheckBox(tr("Spread"), this);
    spread_->setChecked(true);
    spread_->setToolTip(tr("Whiskers of \u00b1 one standard deviation over the later queries"));
    connect(spread_, &QCheckBox::toggled, this, [this] {
        if (figure_) redraw();
    });
    controls()->addWidget(spread_);
    showEmpty(tr("Run a corpus with the attention tap (attn) to see which tokens are attention sinks."));
}

AttentionReceivedView::~AttentionReceivedView() = default;

void AttentionReceivedView::setFigure(figures::FigurePtr<figures::AttentionReceivedFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_ || figure_->mean.empty()) {
        figure_.reset();
        showEmpty(tr("This sample has no attention to show."));
        return;
    }
    axis_->setTokens(figure_->tokens);
    redraw();
    showFigure();
    selectionChanged();
}

void AttentionReceivedView::redraw()
{
    std::vector<double> deviation;
    if (spread_->isChecked()) {
        deviation.resize(figure_->variance.size());
        for (std::size_t t = 0; t < deviation.size(); ++t)
            deviation[t] = std::sqrt(std::max(0.0, figure_->variance[t]));
    }
    bars_->setValues(figure_->mean, deviation);
    bars_->rescaleValues();
    const QString head = figure_->head < 0 ? tr("head average") : tr("head %1").arg(figure_->head);
    title_->setText(
        tr("Attention received, layer %1, %2 (sample %3)").arg(figure_->layer).arg(head).arg(figure_->sample));
    plot()->replot();
}

QString AttentionReceivedView::settings() const
{
    return settingsText(QJsonObject{{QStringLiteral("spread"), spread_->isChecked()}});
}

void AttentionReceivedView::applySettings(const QString& json)
{
    spread_->setChecked(settingsObject(json).value(QStringLiteral("spread")).toBool(true));
}

int AttentionReceivedView::tokenAt(const QPointF& pixel) const
{
    if (!plot()->axisRect()->rect().contains(pixel.toPoint())) return -1;
    return axis_->tokenAt(plot()->xAxis->pixelToCoord(pixel.x()));
}

void AttentionReceivedView::selectionChanged()
{
    bars_->markSelected(selection().token < axis_->count() ? selection().token : -1);
    if (selection().locked) axis_->ensureVisible(selection().token);
    replotMarkers();
}

void AttentionReceivedView::hoverAt(const QPointF& pixel)
{
    const int t = tokenAt(pixel);
    bars_->markHovered(t);
    replotMarkers();
    if (t < 0) return;
    const auto i = static_cast<std::size_t>(t);
    const int later = axis_->count() - 1 - t;
    setReadout(tr("token %1: mean %2, variance %3 over %4 later queries")
                   .arg(axis_->describe(t), number(figure_->mean[i]),
                        number(i < figure_->variance.size() ? figure_->variance[i] : std::nan("")))
                   .arg(later));
    workbench::Selection s = selection();
    s.token = t;
    preview(s);
}

void AttentionReceivedView::hoverLeft()
{
    bars_->markHovered(-1);
    replotMarkers();
}

void AttentionReceivedView::clickAt(const QPointF& pixel)
{
    const int t = tokenAt(pixel);
    if (t < 0) return;
    workbench::Selection s = selection();
    s.token = t;
    lock(s);
}

workbench::Selection AttentionReceivedView::keyStep(const workbench::Selection& from, int key) const
{
    return stepToken(from, key, axis_->count());
}

} // namespace spectro::widgets
