#include "hmlv_view.h"

#include "axis_label_fit.h"
#include "fitted_ticker.h"
#include "legend_fit.h"
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <cmath>
#include <tuple>

namespace spectro::widgets {

namespace {

// A hover or click picks the nearest point within this many pixels.
constexpr double kPickRadiusPx = 10.0;

QCPGraph* scatterGraph(QCPAxisRect* rect, const QCPScatterStyle& style)
{
    auto* graph = new QCPGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(style);
    graph->setPen(style.pen());
    graph->setSelectable(QCP::stNone);
    return graph;
}

} // namespace

HmlvView::HmlvView(QWidget* parent) : FigureViewOf(QStringLiteral("hmlv"), parent)
{
    title_ = addPlotTitle(plot());
    scatterRect_ = plot()->axisRect();
    scale_ = addColorScale(plot(), 0, 1, tr("U-dark ratio (1st–99th pct.)"), scatterRect_);
    layerRect_ = new QCPAxisRect(plot());
    figureGrid(plot())->addElement(0, 2, layerRect_);
    figureGrid(plot())->setColumnStretchFactors({3.0, 0.1, 1.6});
    for (QCPAxis* axis : layerRect_->axes()) applyAxisStyle(axis);
    QCPColorGradient classes = sequentialGradient();
    classes.setLevelCount(kColourClasses);
    scale_->setGradient(classes);

    scatterRect_->axis(QCPAxis::atBottom)->setLabel(tr("mean attention received from later queries"));
    scatterRect_->axis(QCPAxis::atLeft)->setLabel(tr("variance of attention received"));
    layerRect_->axis(QCPAxis::atBottom)->setLabel(tr("layer l"));
    // Three columns side by side: a second line of each vertical label would take the width of a
    // one-column figure's scatter.
    for (QCPAxis* axis : {scatterRect_->axis(QCPAxis::atLeft), layerRect_->axis(QCPAxis::atLeft), scale_->axis()})
        keepLabelOnOneLine(axis);
    auto layerTicker = QSharedPointer<QCPAxisTickerFixed>::create();
    layerTicker->setTickStep(1);
    layerTicker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    layerRect_->axis(QCPAxis::atBottom)->setTicker(layerTicker);

    // The HMLV corner (mean above, variance below the thresholds) behind the points.
    QColor corner = darkBandColor();
    corner.setAlpha(40);
    corner_ = addMarkerRect(plot(), scatterRect_, plot()->layer(QStringLiteral("background")), Qt::NoPen, corner);
    const QPen threshold(annotationColor(), 1, Qt::DashLine);
    meanLine_ = addMarkerLine(plot(), scatterRect_, plot()->layer(QStringLiteral("main")), threshold);
    varianceLine_ = addMarkerLine(plot(), scatterRect_, plot()->layer(QStringLiteral("main")), threshold);

    for (int c = 0; c < kColourClasses; ++c) {
        const QColor colour = classes.color((c + 0.5) / kColourClasses, QCPRange(0, 1));
        scatter_.push_back(scatterGraph(scatterRect_, QCPScatterStyle(QCPScatterStyle::ssCircle, colour, 4)));
        scatter_.push_back(scatterGraph(scatterRect_, QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 5)));
    }
    selectedToken_ = scatterGraph(
        scatterRect_, QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(selectionColor(), 1.2), Qt::NoBrush, 9));
    selectedPoint_ = scatterGraph(
        scatterRect_, QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(selectionColor(), 2.2), Qt::NoBrush, 13));
    hovered_ =
        scatterGraph(scatterRect_, QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(hoverColor(), 2), Qt::NoBrush, 11));
    for (QCPGraph* g : {selectedToken_, selectedPoint_, hovered_}) g->setLayer(markerLayer());

    layerHmlv_ = new QCPGraph(layerRect_->axis(QCPAxis::atBottom), layerRect_->axis(QCPAxis::atLeft));
    layerHmlv_->setPen(QPen(darkBandColor(), 2));
    layerHmlv_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    layerHmlv_->setName(tr("HMLV"));
    layerRest_ = new QCPGraph(layerRect_->axis(QCPAxis::atBottom), layerRect_->axis(QCPAxis::atLeft));
    layerRest_->setPen(QPen(QColor(0x55, 0x55, 0x55), 2));
    layerRest_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    layerRest_->setName(tr("the rest"));
    // The legend under the per-layer plot, side by side: inside it hid the curves, which lie
    // wherever the model puts its dark ratios.
    legend_ = new QCPLegend;
    figureGrid(plot())->addElement(1, 2, legend_);
    figureGrid(plot())->setRowStretchFactor(1, 0.001);
    legend_->setLayer(QStringLiteral("legend"));
    fitLegendColumns(legend_, 2); // one above the other where side by side is wider than the figure
    legend_->setBorderPen(Qt::NoPen);
    legend_->setMargins(QMargins(4, 0, 4, 2));
    layerHmlv_->addToLegend(legend_);
    layerRest_->addToLegend(legend_);
    layerMarker_ = addMarkerLine(plot(), layerRect_, markerLayer(), QPen(selectionColor(), 1.5));

    layerOnly_ = new QCheckBox(tr("Selected layer only"), this);
    layerOnly_->setToolTip(tr("Show only the points of the selected layer"));
    connect(layerOnly_, &QCheckBox::toggled, this, [this] {
        if (!figure_) return;
        rebuildScatter();
        selectionChanged();
        plot()->replot();
    });
    controls()->addWidget(layerOnly_);
    logAxes_ = new QCheckBox(tr("Log axes"), this);
    logAxes_->setToolTip(tr("Logarithmic mean and variance axes (points with a zero are then left out)"));
    connect(logAxes_, &QCheckBox::toggled, this, [this](bool on) {
        setLogAxes(on);
        if (!figure_) return;
        rebuildScatter();
        selectionChanged();
        plot()->replot();
    });
    controls()->addWidget(logAxes_);
    showEmpty(tr("Analyse a cache (Run with attn and resid, then Analyze) to see the HMLV tokens."));
}

void HmlvView::setFigure(figures::FigurePtr<figures::HmlvFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_ || figure_->points.empty()) {
        figure_.reset();
        showEmpty(tr("This cache has no HMLV analysis; analyse it with the attn and resid taps."));
        return;
    }
    int hmlv = 0;
    std::vector<double> udr;
    udr.reserve(figure_->points.size());
    for (const auto& p : figure_->points) {
        hmlv += p.hmlv ? 1 : 0;
        udr.push_back(p.udr);
    }
    std::tie(udrLow_, udrHigh_) = robustRange(std::move(udr));
    scale_->setDataRange(QCPRange(udrLow_, udrHigh_));
    title_->setText(tr("HMLV pairs: %1 of %2 (mean > %3, variance < %4)")
                        .arg(hmlv)
                        .arg(figure_->points.size())
                        .arg(number(figure_->meanAbove), number(figure_->varianceBelow)));
    rebuildScatter();
    rebuildLayers();
    showFigure();
    selectionChanged();
    plot()->replot();
}

int HmlvView::colourClass(double udr) const
{
    if (!std::isfinite(udr)) return 0;
    const int c = static_cast<int>(std::floor((udr - udrLow_) / (udrHigh_ - udrLow_) * kColourClasses));
    return std::clamp(c, 0, kColourClasses - 1);
}

void HmlvView::rebuildScatter()
{
    std::vector<QVector<double>> keys(scatter_.size()), values(scatter_.size());
    drawn_.clear();
    const bool log = logAxes_->isChecked();
    const bool layerOnly = layerOnly_->isChecked();
    double maxMean = 0, maxVariance = 0;
    double minMean = std::numeric_limits<double>::infinity(), minVariance = minMean;
    for (std::size_t i = 0; i < figure_->points.size(); ++i) {
        const auto& p = figure_->points[i];
        if (layerOnly && p.layer != selection().layer) continue;
        if (!std::isfinite(p.mean) || !std::isfinite(p.variance)) continue;
        if (log && (p.mean <= 0 || p.variance <= 0)) continue;
        const std::size_t graph = static_cast<std::size_t>(colourClass(p.udr)) * 2 + (p.hmlv ? 1 : 0);
        keys[graph] << p.mean;
        values[graph] << p.variance;
        drawn_.push_back(static_cast<int>(i));
        maxMean = std::max(maxMean, p.mean);
        maxVariance = std::max(maxVariance, p.variance);
        if (p.mean > 0) minMean = std::min(minMean, p.mean);
        if (p.variance > 0) minVariance = std::min(minVariance, p.variance);
    }
    for (std::size_t g = 0; g < scatter_.size(); ++g) scatter_[g]->setData(keys[g], values[g]);
    // The thresholds stay in view even when no point comes near them.
    maxMean = std::max(maxMean, figure_->meanAbove);
    maxVariance = std::max(maxVariance, figure_->varianceBelow);
    QCPAxis* x = scatterRect_->axis(QCPAxis::atBottom);
    QCPAxis* y = scatterRect_->axis(QCPAxis::atLeft);
    if (log) {
        x->setRange(std::isfinite(minMean) ? minMean / 1.5 : 1e-6, maxMean * 1.5);
        y->setRange(std::isfinite(minVariance) ? minVariance / 1.5 : 1e-9, maxVariance * 1.5);
    } else {
        x->setRange(0, maxMean * 1.05);
        y->setRange(0, maxVariance * 1.05);
    }
    placeVertical(meanLine_, figure_->meanAbove);
    placeHorizontal(varianceLine_, figure_->varianceBelow);
    corner_->topLeft->setCoords(figure_->meanAbove, figure_->varianceBelow);
    corner_->bottomRight->setCoords(log ? maxMean * 10 : maxMean * 2, log ? minVariance / 10 : -maxVariance);
    corner_->setVisible(true);
}

void HmlvView::rebuildLayers()
{
    const int layers = figure_->layers;
    layerMeans_ = figure_->udrHmlvMean.size() == static_cast<std::size_t>(layers) &&
                  figure_->udrRestMean.size() == static_cast<std::size_t>(layers);
    QVector<double> x, hmlv, rest;
    double top = 0;
    for (int l = 0; l < layers; ++l) {
        x << l;
        if (layerMeans_) {
            hmlv << figure_->udrHmlvMean[static_cast<std::size_t>(l)];
            rest << figure_->udrRestMean[static_cast<std::size_t>(l)];
        } else {
            // Without the means, the layer's HMLV share: counts the figure carries.
            const int n = static_cast<std::size_t>(l) < figure_->pointsPerLayer.size() ? figure_->pointsPerLayer[l] : 0;
            const int h = static_cast<std::size_t>(l) < figure_->hmlvPerLayer.size() ? figure_->hmlvPerLayer[l] : 0;
            hmlv << (n > 0 ? static_cast<double>(h) / n : std::nan(""));
        }
    }
    for (double v : hmlv) top = std::isfinite(v) ? std::max(top, v) : top;
    for (double v : rest) top = std::isfinite(v) ? std::max(top, v) : top;
    layerHmlv_->setData(x, hmlv, true);
    layerRest_->setData(x, rest, true);
    layerRest_->setVisible(layerMeans_);
    layerHmlv_->setName(layerMeans_ ? tr("HMLV") : tr("HMLV share"));
    legend_->setVisible(layerMeans_);
    layerRect_->axis(QCPAxis::atLeft)
        ->setLabel(layerMeans_ ? tr("mean U-dark ratio of resid[l]")
                               : tr("HMLV share of the layer's (token, layer) pairs"));
    layerRect_->axis(QCPAxis::atBottom)->setRange(-0.5, std::max(1, layers) - 0.5);
    layerRect_->axis(QCPAxis::atLeft)->setRange(0, top > 0 ? top * 1.1 : 1.0);
}

void HmlvView::setLogAxes(bool on)
{
    for (QCPAxis* axis : {scatterRect_->axis(QCPAxis::atBottom), scatterRect_->axis(QCPAxis::atLeft)}) {
        axis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        // The scatter is a third of the figure's width: ticks that fit it, on either scale.
        if (on) {
            FittedLogTicker::install(axis);
        } else {
            FittedNumberTicker::install(axis);
        }
    }
}

QString HmlvView::settings() const
{
    return settingsText(QJsonObject{{QStringLiteral("selectedLayerOnly"), layerOnly_->isChecked()},
                                    {QStringLiteral("logAxes"), logAxes_->isChecked()}});
}

void HmlvView::applySettings(const QString& json)
{
    const QJsonObject o = settingsObject(json);
    layerOnly_->setChecked(o.value(QStringLiteral("selectedLayerOnly")).toBool(false));
    logAxes_->setChecked(o.value(QStringLiteral("logAxes")).toBool(false));
}

void HmlvView::resetFigure()
{
    FigureViewOf::resetFigure();
    drawn_.clear();
}

void HmlvView::selectionChanged()
{
    if (!figure_) return;
    if (layerOnly_->isChecked()) rebuildScatter();
    const workbench::Selection& s = selection();
    QVector<double> tx, ty, px, py;
    for (int i : drawn_) {
        const auto& p = figure_->points[static_cast<std::size_t>(i)];
        if (p.sample != s.sample || p.token != s.token) continue;
        tx << p.mean;
        ty << p.variance;
        if (p.layer == s.layer) {
            px << p.mean;
            py << p.variance;
        }
    }
    selectedToken_->setData(tx, ty);
    selectedPoint_->setData(px, py);
    if (s.layer >= 0 && s.layer < figure_->layers) {
        placeVertical(layerMarker_, s.layer);
    } else {
        layerMarker_->setVisible(false);
    }
    if (layerOnly_->isChecked()) {
        plot()->replot(QCustomPlot::rpQueuedReplot);
    } else {
        replotMarkers();
    }
}

int HmlvView::nearestPoint(const QPointF& pixel) const
{
    if (!figure_ || !scatterRect_->rect().contains(pixel.toPoint())) return -1;
    QCPAxis* x = scatterRect_->axis(QCPAxis::atBottom);
    QCPAxis* y = scatterRect_->axis(QCPAxis::atLeft);
    int best = -1;
    double bestDistance = kPickRadiusPx * kPickRadiusPx;
    for (int i : drawn_) {
        const auto& p = figure_->points[static_cast<std::size_t>(i)];
        const double dx = x->coordToPixel(p.mean) - pixel.x(), dy = y->coordToPixel(p.variance) - pixel.y();
        const double d = dx * dx + dy * dy;
        if (d < bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    return best;
}

int HmlvView::layerAt(const QPointF& pixel) const
{
    if (!figure_ || !layerRect_->rect().contains(pixel.toPoint())) return -1;
    const long l = std::lround(layerRect_->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x()));
    return l >= 0 && l < figure_->layers ? static_cast<int>(l) : -1;
}

QString HmlvView::describe(int point) const
{
    const auto i = static_cast<std::size_t>(point);
    const auto& p = figure_->points[i];
    const QString piece = i < figure_->pieces.size() ? QString::fromStdString(figure_->pieces[i]) : QString();
    return tr("sample %1, layer %2, token %3 \u201c%4\u201d: mean %5, variance %6, U-dark ratio %7%8")
        .arg(p.sample)
        .arg(p.layer)
        .arg(p.token)
        .arg(piece, number(p.mean), number(p.variance), number(p.udr), p.hmlv ? tr(", HMLV") : QString());
}

void HmlvView::hoverAt(const QPointF& pixel)
{
    if (const int l = layerAt(pixel); l >= 0) {
        const auto n = static_cast<std::size_t>(l);
        const int points = n < figure_->pointsPerLayer.size() ? figure_->pointsPerLayer[n] : 0;
        const int hmlv = n < figure_->hmlvPerLayer.size() ? figure_->hmlvPerLayer[n] : 0;
        QString text = tr("layer %1: %2 HMLV of %3 pairs").arg(l).arg(hmlv).arg(points);
        if (layerMeans_) {
            text += tr("; mean U-dark ratio %1 (HMLV) vs %2 (rest)")
                        .arg(number(figure_->udrHmlvMean[n]), number(figure_->udrRestMean[n]));
        }
        setReadout(text);
        workbench::Selection s = selection();
        s.layer = l;
        preview(s);
        return;
    }
    const int i = nearestPoint(pixel);
    QVector<double> hx, hy;
    if (i >= 0) {
        const auto& p = figure_->points[static_cast<std::size_t>(i)];
        hx << p.mean;
        hy << p.variance;
        setReadout(describe(i));
        workbench::Selection s = selection();
        s.sample = p.sample;
        s.layer = p.layer;
        s.token = p.token;
        preview(s);
    }
    hovered_->setData(hx, hy);
    replotMarkers();
}

void HmlvView::hoverLeft()
{
    hovered_->data()->clear();
    replotMarkers();
}

void HmlvView::clickAt(const QPointF& pixel)
{
    workbench::Selection s = selection();
    if (const int l = layerAt(pixel); l >= 0) {
        s.layer = l;
        lock(s);
        return;
    }
    const int i = nearestPoint(pixel);
    if (i < 0) return;
    const auto& p = figure_->points[static_cast<std::size_t>(i)];
    s.sample = p.sample;
    s.layer = p.layer;
    s.token = p.token;
    lock(s);
}

workbench::Selection HmlvView::keyStep(const workbench::Selection& from, int key) const
{
    workbench::Selection s = from;
    if (!figure_ || figure_->layers <= 0) return s;
    const int layer = std::clamp(from.layer, 0, figure_->layers - 1);
    if (key == Qt::Key_Up || key == Qt::Key_Right) s.layer = std::min(figure_->layers - 1, layer + 1);
    if (key == Qt::Key_Down || key == Qt::Key_Left) s.layer = std::max(0, layer - 1);
    return s;
}

} // namespace spectro::widgets
