#include "per_token_nll_view.h"

#include "plot_style.h"
#include "qcustomplot_include.h"
#include "token_axis.h"
#include "view_helpers.h"

#include <QScrollBar>
#include <algorithm>
#include <cmath>

namespace spectro::widgets {

QCPColorGradient divergingGradient()
{
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(0x21, 0x66, 0xac));
    g.setColorStopAt(0.5, QColor(0xf7, 0xf7, 0xf7));
    g.setColorStopAt(1.0, QColor(0xb2, 0x18, 0x2b));
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

PerTokenNllView::PerTokenNllView(QWidget* parent) : FigureView(QStringLiteral("filterlab-per-token"), parent)
{
    title_ = addPlotTitle(plot());
    // The views' rects live in the figure's grid below the title; kept by pointer, since
    // QCustomPlot's axisRect() walks the layout from its last element and would name the strip.
    topRect_ = plot()->axisRect();
    QCPAxisRect* top = topRect_;
    stripRect_ = new QCPAxisRect(plot());
    figureGrid(plot())->addElement(1, 0, stripRect_);
    figureGrid(plot())->setRowStretchFactor(1, 0.22);
    auto* margins = new QCPMarginGroup(plot());
    top->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    stripRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    for (QCPAxis* a : stripRect_->axes()) applyAxisStyle(a);
    stripRect_->axis(QCPAxis::atLeft)->setTicks(false);
    stripRect_->axis(QCPAxis::atLeft)->setTickLabels(false);
    stripRect_->axis(QCPAxis::atLeft)->setLabel(tr("\u0394"));
    stripRect_->axis(QCPAxis::atLeft)->setRange(-0.5, 0.5);
    stripRect_->axis(QCPAxis::atLeft)->grid()->setVisible(false);
    stripRect_->axis(QCPAxis::atBottom)->grid()->setVisible(false);
    top->axis(QCPAxis::atBottom)->setTickLabels(false);

    baseline_ = plot()->addGraph(top->axis(QCPAxis::atBottom), top->axis(QCPAxis::atLeft));
    baseline_->setName(tr("unfiltered"));
    baseline_->setPen(QPen(QColor(0x8a, 0x8a, 0x8a), 1.2));
    filtered_ = plot()->addGraph(top->axis(QCPAxis::atBottom), top->axis(QCPAxis::atLeft));
    filtered_->setName(tr("filtered"));
    filtered_->setPen(QPen(primarySeriesColor(), 1.6));
    top->axis(QCPAxis::atLeft)->setLabel(tr("NLL of the token"));
    plot()->setPlottingHint(QCP::phFastPolylines, true);
    plot()->legend->setVisible(true);

    strip_ = new QCPColorMap(stripRect_->axis(QCPAxis::atBottom), stripRect_->axis(QCPAxis::atLeft));
    // QCustomPlot gives every new plottable a legend entry; the strip's was a nameless third row
    // that left the legend box a line taller than its two curves.
    strip_->removeFromLegend();
    strip_->setGradient(divergingGradient());
    strip_->setInterpolate(false);
    strip_->setTightBoundary(false);
    scale_ = new QCPColorScale(plot());
    figureGrid(plot())->addElement(1, 1, scale_);
    scale_->setType(QCPAxis::atRight);
    scale_->setBarWidth(10);
    scale_->setGradient(divergingGradient());
    scale_->axis()->setLabel(tr("\u0394 NLL"));
    applyAxisStyle(scale_->axis());
    strip_->setColorScale(scale_);
    scale_->setMarginGroup(QCP::msTop | QCP::msBottom, new QCPMarginGroup(plot()));

    for (int i = 0; i < 2; ++i) {
        QCPAxisRect* rect = i == 0 ? top : stripRect_;
        selected_[i] = addMarkerLine(plot(), rect, markerLayer(), QPen(selectionColor(), 2));
        hover_[i] = addMarkerLine(plot(), rect, markerLayer(), QPen(hoverColor(), 1));
    }
    tokenAxis_ = new TokenAxis(plot(), this);
    tokenAxis_->addAxis(top->axis(QCPAxis::atBottom), false);
    tokenAxis_->addAxis(stripRect_->axis(QCPAxis::atBottom), true);
    addFooter(tokenAxis_->scrollBar());
    showEmpty(tr("Move the filter lab's controls to see which tokens the filter makes harder to predict."));
}

void PerTokenNllView::setFigure(figures::FigurePtr<figures::PerTokenNllFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_ || figure_->baseline.empty()) {
        figure_.reset();
        showEmpty(tr("This sample has no token to predict."));
        return;
    }
    const int T = static_cast<int>(figure_->baseline.size());
    QVector<double> x(T), b(figure_->baseline.begin(), figure_->baseline.end()),
        f(figure_->filtered.begin(), figure_->filtered.end());
    for (int t = 0; t < T; ++t) x[t] = t;
    baseline_->setData(x, b, true);
    filtered_->setData(x, f, true);
    const std::vector<double> change = figure_->change();
    double top = 0;
    std::vector<double> magnitudes;
    for (int t = 0; t < T; ++t) {
        for (double v : {b[t], f[t]}) {
            if (std::isfinite(v)) top = std::max(top, v);
        }
        const double c = change[static_cast<std::size_t>(t)];
        if (std::isfinite(c)) magnitudes.push_back(std::abs(c));
    }
    // Two identical rows: QCustomPlot gives a one-row map no height (its half cell is range / (rows - 1)).
    strip_->data()->setSize(T, 2);
    strip_->data()->setRange(QCPRange(0, T - 1), QCPRange(-0.25, 0.25));
    for (int t = 0; t < T; ++t) {
        for (int row = 0; row < 2; ++row) strip_->data()->setCell(t, row, change[static_cast<std::size_t>(t)]);
    }
    // Symmetric around 0 so that white is "unchanged"; up to the 95th percentile of |change|, so
    // that one token that changed a lot does not leave the others pale (it saturates; the read-out
    // has its value); a floor keeps noise pale.
    double range = 0.05;
    if (!magnitudes.empty()) {
        const auto at = magnitudes.begin() + static_cast<std::ptrdiff_t>(0.95 * static_cast<double>(magnitudes.size() - 1));
        std::nth_element(magnitudes.begin(), at, magnitudes.end());
        range = std::max(range, *at);
    }
    strip_->setDataRange(QCPRange(-range, range));
    topRect_->axis(QCPAxis::atLeft)->setRange(0, top * 1.08 + 1e-9);
    title_->setText(
        tr("Per-token NLL, sample %1 \u2014 %2").arg(figure_->sample).arg(QString::fromStdString(figure_->setting)));
    // A new sample (another length) shows whole; the same sample keeps the scroll position.
    if (T != shownTokens_) {
        tokenAxis_->setTokens(figure_->tokens);
        shownTokens_ = T;
    }
    showFigure();
    selectionChanged();
    plot()->replot(QCustomPlot::rpQueuedReplot);
}

figures::FigureTable PerTokenNllView::table() const
{
    return figure_ ? figure_->table() : figures::FigureTable{};
}

void PerTokenNllView::resetFigure()
{
    figure_.reset();
    shownTokens_ = -1;
}

void PerTokenNllView::selectionChanged()
{
    if (!figure_) return;
    const int t = selection().token;
    for (QCPItemStraightLine* line : selected_) {
        if (t >= 0 && t < static_cast<int>(figure_->baseline.size()) && selection().sample == figure_->sample)
            placeVertical(line, t);
        else
            line->setVisible(false);
    }
    replotMarkers();
}

int PerTokenNllView::tokenAt(const QPointF& pixel) const
{
    if (!figure_) return -1;
    for (QCPAxisRect* rect : {topRect_, stripRect_}) {
        if (rect->rect().contains(pixel.toPoint()))
            return tokenAxis_->tokenAt(rect->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x()));
    }
    return -1;
}

void PerTokenNllView::hoverAt(const QPointF& pixel)
{
    const int t = tokenAt(pixel);
    if (t < 0) {
        hoverLeft();
        return;
    }
    const auto i = static_cast<std::size_t>(t);
    const double b = figure_->baseline[i], f = figure_->filtered[i];
    if (std::isnan(b))
        setReadout(tr("%1: the first token is not predicted").arg(tokenAxis_->describe(t)));
    else
        setReadout(tr("%1: NLL %2 unfiltered, %3 filtered (%4%5)")
                       .arg(tokenAxis_->describe(t), number(b), number(f), f >= b ? QStringLiteral("+") : QString(),
                            number(f - b)));
    for (QCPItemStraightLine* line : hover_) placeVertical(line, t);
    replotMarkers();
    workbench::Selection s = selection();
    s.sample = figure_->sample;
    s.token = t;
    preview(s);
}

void PerTokenNllView::hoverLeft()
{
    for (QCPItemStraightLine* line : hover_) line->setVisible(false);
    replotMarkers();
}

void PerTokenNllView::clickAt(const QPointF& pixel)
{
    const int t = tokenAt(pixel);
    if (t < 0) return;
    workbench::Selection s = selection();
    s.sample = figure_->sample;
    s.token = t;
    lock(s);
}

workbench::Selection PerTokenNllView::keyStep(const workbench::Selection& from, int key) const
{
    workbench::Selection s = from;
    if (!figure_) return s;
    const int T = static_cast<int>(figure_->baseline.size());
    if (key == Qt::Key_Left) s.token = std::max(0, from.token - 1);
    if (key == Qt::Key_Right) s.token = std::min(T - 1, from.token + 1);
    if (key == Qt::Key_Home) s.token = 0;
    if (key == Qt::Key_End) s.token = T - 1;
    if (s.token != from.token) tokenAxis_->ensureVisible(s.token);
    return s;
}

} // namespace spectro::widgets
