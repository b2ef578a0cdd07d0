#include "triad_view.h"

#include "plot_style.h"
#include "qcustomplot_include.h"
#include "token_axis.h"
#include "token_bars.h"
#include "view_helpers.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace spectro::widgets {
namespace {

// The tokens other than BoS named in each panel: the most extreme few.
constexpr int kNamed = 3;

} // namespace

TriadView::TriadView(QWidget* parent) : FigureViewOf(QStringLiteral("triad"), parent)
{
    title_ = addPlotTitle(plot());
    rects_.push_back(plot()->axisRect());
    auto* columns = new QCPMarginGroup(plot());
    for (int panel = 1; panel < 3; ++panel) {
        auto* rect = new QCPAxisRect(plot());
        figureGrid(plot())->addElement(panel, 0, rect);
        for (QCPAxis* axis : rect->axes()) applyAxisStyle(axis);
        rects_.push_back(rect);
    }
    axis_ = new TokenAxis(plot(), this);
    // Short labels: three panels share the height of one dock.
    const QString labels[] = {tr("attention"), tr("value / mean"), tr("resid / mean")};
    for (int panel = 0; panel < 3; ++panel) {
        rects_[panel]->setMarginGroup(QCP::msLeft | QCP::msRight, columns);
        // A one-column figure is about 200 logical pixels high: three panels of QCustomPlot's
        // default 50-pixel minimum and their margins would squeeze the title off the top.
        rects_[panel]->setMinimumSize(50, 12);
        // Nor do the panels need QCustomPlot's 15-pixel minimum above and below them: only the
        // bottom panel has tick labels there, and it gets its margin from them.
        rects_[panel]->setMinimumMargins(QMargins(15, 2, 15, 2));
        bars_.push_back(std::make_unique<TokenBars>(plot(), rects_[panel], markerLayer()));
        rects_[panel]->axis(QCPAxis::atLeft)->setLabel(labels[panel]);
        axis_->addAxis(rects_[panel]->axis(QCPAxis::atBottom), panel == 2);
    }
    rects_[2]->axis(QCPAxis::atBottom)->setLabel(tr("token"));
    connect(plot(), &QCustomPlot::afterLayout, this, &TriadView::fitPanels);
    addFooter(axis_->scrollBar());
    showEmpty(tr("Run a corpus with the attention tap (attn) and analyse it with the model open to see the "
                 "extreme-token triad."));
}

TriadView::~TriadView() = default;

void TriadView::setFigure(figures::FigurePtr<figures::TriadFigure> figure)
{
    figure_ = std::move(figure);
    const std::size_t T = figure_ ? figure_->residRatio.size() : 0;
    const std::size_t cells = figure_ ? static_cast<std::size_t>(figure_->kvHeads) * T : 0;
    if (!figure_ || T == 0 || cells == 0 || figure_->attention.size() != cells || figure_->valueRatio.size() != cells ||
        figure_->valueNorm.size() != cells || figure_->residNorm.size() != T) {
        figure_.reset();
        showEmpty(tr("This sample has no triad to show."));
        return;
    }
    axis_->setTokens(figure_->tokens);
    drawnGroup_ = -2;
    redraw();
    showFigure();
    selectionChanged();
}

int TriadView::kvGroup() const
{
    if (!figure_ || selection().head < 0 || figure_->queryHeads <= 0) return -1;
    const int head = std::min(selection().head, figure_->queryHeads - 1);
    return head * figure_->kvHeads / figure_->queryHeads;
}

std::vector<double> TriadView::group(const std::vector<double>& values) const
{
    const std::size_t T = figure_->residRatio.size();
    const int g = kvGroup();
    if (g >= 0)
        return {values.begin() + static_cast<std::ptrdiff_t>(g * T),
                values.begin() + static_cast<std::ptrdiff_t>((g + 1) * T)};
    std::vector<double> mean(T, 0.0);
    for (int k = 0; k < figure_->kvHeads; ++k)
        for (std::size_t t = 0; t < T; ++t) mean[t] += values[k * T + t] / figure_->kvHeads;
    return mean;
}

std::vector<double> TriadView::attention() const
{
    return figure_ ? group(figure_->attention) : std::vector<double>{};
}

std::vector<double> TriadView::valueRatio() const
{
    return figure_ ? group(figure_->valueRatio) : std::vector<double>{};
}

std::vector<double> TriadView::residRatio() const
{
    return figure_ ? figure_->residRatio : std::vector<double>{};
}

void TriadView::redraw()
{
    drawnGroup_ = kvGroup();
    valueTop_.assign(3, 1.0);
    for (QCPItemText* name : names_) plot()->removeItem(name);
    names_.clear();
    named_.clear();
    const std::vector<double> series[] = {attention(), valueRatio(), residRatio()};
    for (int panel = 0; panel < 3; ++panel) {
        const std::vector<double>& v = series[panel];
        bars_[panel]->setValues(v);
        bars_[panel]->rescaleValues();
        valueTop_[static_cast<std::size_t>(panel)] = rects_[panel]->axis(QCPAxis::atLeft)->range().upper;
        // The most extreme other tokens: the largest attention and residual norm, the smallest
        // value norm (the value-state drain).
        std::vector<int> order(v.size() > 1 ? v.size() - 1 : 0);
        std::iota(order.begin(), order.end(), 1);
        const bool smallest = panel == 1;
        std::sort(order.begin(), order.end(), [&](int a, int b) {
            const double x = v[static_cast<std::size_t>(a)], y = v[static_cast<std::size_t>(b)];
            if (std::isnan(x) != std::isnan(y)) return std::isnan(y);
            return smallest ? x < y : x > y;
        });
        for (int i = 0; i < std::min<int>(kNamed, static_cast<int>(order.size())); ++i) {
            const int t = order[static_cast<std::size_t>(i)];
            if (std::isnan(v[static_cast<std::size_t>(t)])) continue;
            auto* name = new QCPItemText(plot());
            name->setClipToAxisRect(true);
            name->setClipAxisRect(rects_[panel]);
            name->position->setAxes(rects_[panel]->axis(QCPAxis::atBottom), rects_[panel]->axis(QCPAxis::atLeft));
            name->position->setCoords(t, v[static_cast<std::size_t>(t)]);
            name->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
            const auto p = static_cast<std::size_t>(t);
            name->setText(p < figure_->tokens.pieces.size()
                              ? QString::fromStdString(figure_->tokens.pieces[p]).simplified()
                              : QString::number(t));
            name->setColor(annotationColor());
            name->setSelectable(false);
            names_.push_back(name);
            if (std::find(named_.begin(), named_.end(), t) == named_.end()) named_.push_back(t);
        }
    }
    const QString kv =
        drawnGroup_ < 0 ? tr("mean over %1 kv heads").arg(figure_->kvHeads) : tr("kv head %1").arg(drawnGroup_);
    title_->setText(tr("Triad, layer %1, %2 (sample %3)").arg(figure_->layer).arg(kv).arg(figure_->sample));
    plot()->replot();
}

void TriadView::fitPanels()
{
    if (!figure_ || valueTop_.size() != rects_.size()) return;
    const QString full[] = {tr("attention"), tr("value / mean"), tr("resid / mean")};
    const QString brief[] = {tr("attn"), tr("value"), tr("resid")};
    const double nameLine = QFontMetricsF(plot()->font()).height();
    bool changed = false;
    for (std::size_t panel = 0; panel < rects_.size(); ++panel) {
        QCPAxis* y = rects_[panel]->axis(QCPAxis::atLeft);
        const double height = rects_[panel]->rect().height();
        if (height <= 0) continue;
        const QString& label =
            QFontMetricsF(y->labelFont()).horizontalAdvance(full[panel]) <= height ? full[panel] : brief[panel];
        if (y->label() != label) {
            y->setLabel(label);
            changed = true;
        }
        // The names stand on their bars: each needs one line of the panel above its bar (at
        // most half of a small panel), which the tallest bars would otherwise push out of it.
        const double free = std::max(0.5, 1.0 - (nameLine + 2) / height);
        double upper = valueTop_[panel];
        for (const QCPItemText* name : names_) {
            if (name->clipAxisRect() == rects_[panel]) upper = std::max(upper, name->position->value() / free);
        }
        if (std::abs(y->range().upper - upper) > 1e-9 * upper) {
            y->setRangeUpper(upper);
            changed = true;
        }
    }
    // Names of neighbouring tokens would print over each other: the more extreme one (named
    // first) stays.
    const QFontMetricsF metrics(plot()->font());
    std::vector<QRectF> placed;
    for (QCPItemText* name : names_) {
        const QPointF at = name->position->pixelPosition();
        const double width = metrics.horizontalAdvance(name->text());
        const QRectF box(at.x() - width / 2, at.y() - metrics.height(), width, metrics.height());
        const bool clash =
            std::any_of(placed.begin(), placed.end(), [&](const QRectF& r) { return r.intersects(box); });
        if (name->visible() == clash) {
            name->setVisible(!clash);
            changed = true;
        }
        if (!clash) placed.push_back(box);
    }
    // Equal panels: the layout shares out the panels' outer heights, and the bottom one's holds
    // the token labels, so each panel's share is its margins plus an equal part of the rest.
    QCPLayoutGrid* grid = figureGrid(plot());
    double outer = 0, margins = 0;
    for (QCPAxisRect* rect : rects_) {
        outer += rect->outerRect().height();
        margins += rect->outerRect().height() - rect->rect().height();
    }
    const double inner = std::max(1.0, (outer - margins) / static_cast<double>(rects_.size()));
    for (int panel = 0; panel < static_cast<int>(rects_.size()); ++panel) {
        const QCPAxisRect* rect = rects_[static_cast<std::size_t>(panel)];
        const double stretch = (inner + rect->outerRect().height() - rect->rect().height()) / inner;
        if (std::abs(grid->rowStretchFactors().value(panel) - stretch) > 0.02) {
            grid->setRowStretchFactor(panel, stretch);
            changed = true;
        }
    }
    if (changed) plot()->replot(QCustomPlot::rpQueuedReplot);
}

int TriadView::tokenAt(const QPointF& pixel) const
{
    for (QCPAxisRect* rect : rects_) {
        if (rect->rect().contains(pixel.toPoint()))
            return axis_->tokenAt(rect->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x()));
    }
    return -1;
}

void TriadView::selectionChanged()
{
    if (!figure_) return;
    if (kvGroup() != drawnGroup_) redraw();
    const int t = selection().token < axis_->count() ? selection().token : -1;
    for (auto& bars : bars_) bars->markSelected(t);
    if (selection().locked) axis_->ensureVisible(selection().token);
    replotMarkers();
}

void TriadView::hoverAt(const QPointF& pixel)
{
    const int t = tokenAt(pixel);
    for (auto& bars : bars_) bars->markHovered(t);
    replotMarkers();
    if (t < 0) return;
    const auto i = static_cast<std::size_t>(t);
    const auto a = attention(), v = valueRatio();
    setReadout(
        tr("token %1: attention received %2, value norm %3\u00d7 the mean, resid norm %4\u00d7 the mean (||h|| = %5)")
            .arg(axis_->describe(t), number(a[i]), number(v[i]), number(figure_->residRatio[i]),
                 number(figure_->residNorm[i])));
    workbench::Selection s = selection();
    s.token = t;
    preview(s);
}

void TriadView::hoverLeft()
{
    for (auto& bars : bars_) bars->markHovered(-1);
    replotMarkers();
}

void TriadView::clickAt(const QPointF& pixel)
{
    const int t = tokenAt(pixel);
    if (t < 0) return;
    workbench::Selection s = selection();
    s.token = t;
    lock(s);
}

workbench::Selection TriadView::keyStep(const workbench::Selection& from, int key) const
{
    return stepToken(from, key, axis_->count());
}

} // namespace spectro::widgets
