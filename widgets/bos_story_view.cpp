#include "bos_story_view.h"

#include "fitted_ticker.h"
#include "legend_fit.h"
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <cmath>

namespace spectro::widgets {

namespace {

// The attention bar sits left of the stream's tick, the MLP bar right of it.
constexpr double kBarOffset = 0.17;
constexpr double kBarWidth = 0.3;

QCPBars* contributionBars(QCustomPlot* plot, const QColor& colour, double width, const QString& name)
{
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setWidth(width);
    bars->setPen(Qt::NoPen);
    bars->setBrush(colour);
    bars->setName(name);
    return bars;
}

QCPGraph* lineGraph(QCustomPlot* plot, const QColor& colour, const QString& name)
{
    QCPGraph* graph = plot->addGraph();
    graph->setPen(QPen(colour, 2));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    graph->setName(name);
    return graph;
}

} // namespace

BosStoryView::BosStoryView(QWidget* parent) : FigureViewOf(QStringLiteral("bos_story"), parent)
{
    title_ = addPlotTitle(plot());
    const QColor attention(0x6b, 0x9b, 0xd1), mlp(0xe6, 0xa6, 0x6b);
    attn_ = contributionBars(plot(), attention, kBarWidth, tr("‖attn_out[l][0]‖"));
    mlp_ = contributionBars(plot(), mlp, kBarWidth, tr("\u2016mlp_out[l][0]\u2016"));
    attnUdark_ = contributionBars(plot(), attention.darker(170), kBarWidth * 0.5, tr("their U-dark parts (darker)"));
    mlpUdark_ = contributionBars(plot(), mlp.darker(170), kBarWidth * 0.5, QString());
    mlpUdark_->removeFromLegend();
    norm_ = lineGraph(plot(), QColor(0x20, 0x20, 0x20), tr("\u2016resid[s][0]\u2016"));
    udark_ = lineGraph(plot(), darkBandColor().darker(120), tr("U-dark part"));
    ulight_ = lineGraph(plot(), primarySeriesColor(), tr("U-light part"));
    // The legend under the plot, up to three entries a row (fewer where the figure is narrower):
    // inside, it hid the first streams in a small dock.
    // Shorter swatches than QCustomPlot's 32 pixels: two columns then fit a one-column figure.
    legendUnderFigure(plot(), 3)->setIconSize(20, 10);
    plot()->xAxis->setLabel(tr("residual stream s (0 = embeddings, l + 1 = exit of layer l)"));
    plot()->yAxis->setLabel(tr("norm \u2016\u00b7\u2016\u2082 at BoS (token 0)"));
    FittedNumberTicker::install(plot()->yAxis);
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot()->xAxis->setTicker(ticker);
    plot()->xAxis->setSubTicks(false);

    blastOff_ = addMarkerLine(plot(), plot()->axisRect(), plot()->layer(QStringLiteral("main")),
                              QPen(darkBandColor().darker(140), 1.5, Qt::DashLine));
    blastOffLabel_ = new QCPItemText(plot());
    blastOffLabel_->setClipToAxisRect(true);
    blastOffLabel_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    blastOffLabel_->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    blastOffLabel_->setColor(darkBandColor().darker(160));
    blastOffLabel_->setVisible(false);
    QColor band = selectionColor();
    band.setAlpha(30);
    selected_ = addColumnMarker(plot(), plot()->axisRect(), markerLayer(), QPen(selectionColor(), 1.5), band);
    hovered_ = addColumnMarker(plot(), plot()->axisRect(), markerLayer(), Qt::NoPen, QColor(0xd6, 0x27, 0x28, 22));
    showEmpty(tr("Run a corpus with the resid, attn_out and mlp_out taps to follow the BoS stream."));
}

void BosStoryView::setFigure(figures::FigurePtr<figures::BosStoryFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_ || figure_->rows.empty()) {
        figure_.reset();
        showEmpty(tr("This cache has no BoS stream to show."));
        return;
    }
    QVector<double> s, norm, udark, ulight, ka, km, attn, mlp, attnDark, mlpDark;
    double top = 0;
    for (const auto& row : figure_->rows) {
        s << row.stream;
        norm << row.norm;
        udark << row.udarkNorm;
        ulight << row.ulightNorm;
        top = std::max({top, row.norm, row.udarkNorm, row.ulightNorm});
        if (row.stream == 0) continue; // the embeddings: no layer wrote them
        ka << row.stream - kBarOffset;
        km << row.stream + kBarOffset;
        attn << row.attnNorm;
        mlp << row.mlpNorm;
        attnDark << row.attnUdarkNorm;
        mlpDark << row.mlpUdarkNorm;
        top = std::max({top, row.attnNorm, row.mlpNorm});
    }
    norm_->setData(s, norm, true);
    udark_->setData(s, udark, true);
    ulight_->setData(s, ulight, true);
    attn_->setData(ka, attn, true);
    mlp_->setData(km, mlp, true);
    attnUdark_->setData(ka, attnDark, true);
    mlpUdark_->setData(km, mlpDark, true);
    plot()->xAxis->setRange(-0.6, s.back() + 0.6);
    // Headroom over the tallest curve for the blast-off label, which sits at the top.
    plot()->yAxis->setRange(0, top > 0 ? top * 1.3 : 1.0);
    if (figure_->blastOffLayer >= 0) {
        const double x = figure_->blastOffLayer + 1;
        placeVertical(blastOff_, x);
        blastOffLabel_->position->setCoords(x + 0.05, 0.02);
        blastOffLabel_->setText(tr(" blast-off: MLP of layer %1").arg(figure_->blastOffLayer));
        blastOffLabel_->setVisible(true);
    } else {
        blastOff_->setVisible(false);
        blastOffLabel_->setVisible(false);
    }
    title_->setText(tr("The BoS stream, layer by layer (sample %1)").arg(figure_->sample));
    showFigure();
    selectionChanged();
    plot()->replot();
}

double BosStoryView::blastOffMarker() const
{
    return blastOff_->visible() ? blastOff_->point1->coords().x() : std::nan("");
}

int BosStoryView::rowOf(int stream) const
{
    for (std::size_t i = 0; i < figure_->rows.size(); ++i) {
        if (figure_->rows[i].stream == stream) return static_cast<int>(i);
    }
    return -1;
}

int BosStoryView::streamAt(const QPointF& pixel) const
{
    if (!figure_ || !plot()->axisRect()->rect().contains(pixel.toPoint())) return -1;
    const int s = static_cast<int>(std::lround(plot()->xAxis->pixelToCoord(pixel.x())));
    return rowOf(s) >= 0 ? s : -1;
}

void BosStoryView::selectionChanged()
{
    if (!figure_) return;
    const int s = selection().layer;
    if (rowOf(s) >= 0) {
        placeColumn(selected_, s - 0.5, s + 0.5);
    } else {
        selected_->setVisible(false);
    }
    replotMarkers();
}

void BosStoryView::hoverAt(const QPointF& pixel)
{
    const int s = streamAt(pixel);
    if (s < 0) {
        hoverLeft();
        return;
    }
    placeColumn(hovered_, s - 0.5, s + 0.5);
    replotMarkers();
    const auto& r = figure_->rows[static_cast<std::size_t>(rowOf(s))];
    QString text = tr("%1 at BoS: norm %2 = U-dark %3 + U-light %4 (U-dark ratio %5)")
                       .arg(streamName(s), number(r.norm), number(r.udarkNorm), number(r.ulightNorm), number(r.udr));
    if (s > 0) {
        text += tr("; layer %1 wrote attention %2 (U-dark %3), MLP %4 (U-dark %5)")
                    .arg(s - 1)
                    .arg(number(r.attnNorm), number(r.attnUdarkNorm), number(r.mlpNorm), number(r.mlpUdarkNorm));
    }
    setReadout(text);
    workbench::Selection sel = selection();
    sel.layer = s;
    sel.token = 0;
    preview(sel);
}

void BosStoryView::hoverLeft()
{
    hovered_->setVisible(false);
    replotMarkers();
}

void BosStoryView::clickAt(const QPointF& pixel)
{
    const int s = streamAt(pixel);
    if (s < 0) return;
    workbench::Selection sel = selection();
    sel.layer = s;
    sel.token = 0;
    lock(sel);
}

workbench::Selection BosStoryView::keyStep(const workbench::Selection& from, int key) const
{
    workbench::Selection s = from;
    if (!figure_) return s;
    const int last = figure_->rows.back().stream;
    const int stream = std::clamp(from.layer, 0, last);
    if (key == Qt::Key_Left) s.layer = std::max(0, stream - 1);
    if (key == Qt::Key_Right) s.layer = std::min(last, stream + 1);
    if (key == Qt::Key_Home) s.layer = 0;
    if (key == Qt::Key_End) s.layer = last;
    if (!(s == from)) s.token = 0;
    return s;
}

} // namespace spectro::widgets
