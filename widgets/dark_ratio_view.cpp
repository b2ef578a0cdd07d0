#include "dark_ratio_view.h"

#include "cell_map.h"
#include "fitted_ticker.h"
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "token_axis.h"
#include "token_bars.h"
#include "view_helpers.h"

#include <QCheckBox>
#include <QHBoxLayout>

namespace spectro::widgets {

DarkRatioView::DarkRatioView(QWidget* parent) : FigureViewOf(QStringLiteral("dark_ratio"), parent)
{
    title_ = addPlotTitle(plot());
    barRect_ = plot()->axisRect();
    mapRect_ = new QCPAxisRect(plot());
    figureGrid(plot())->addElement(1, 0, mapRect_);
    figureGrid(plot())->setRowStretchFactors({1.0, 1.4});
    for (QCPAxis* axis : mapRect_->axes()) applyAxisStyle(axis);
    auto* columns = new QCPMarginGroup(plot());
    barRect_->setMarginGroup(QCP::msLeft | QCP::msRight, columns);
    mapRect_->setMarginGroup(QCP::msLeft | QCP::msRight, columns);
    scale_ = addColorScale(plot(), 1, 1, tr("ratio"), mapRect_);

    bars_ = std::make_unique<TokenBars>(plot(), barRect_, markerLayer());
    cells_ = std::make_unique<CellMap>(plot(), mapRect_->axis(QCPAxis::atBottom), mapRect_->axis(QCPAxis::atLeft),
                                       markerLayer(), scale_);
    axis_ = new TokenAxis(plot(), this);
    axis_->addAxis(barRect_->axis(QCPAxis::atBottom), false);
    axis_->addAxis(mapRect_->axis(QCPAxis::atBottom), true);
    addFooter(axis_->scrollBar());
    mapRect_->axis(QCPAxis::atBottom)->setLabel(tr("token"));
    mapRect_->axis(QCPAxis::atLeft)->setLabel(tr("stream s"));
    // Every stream where the labels fit (33 of them for a 32-layer model).
    FittedNumberTicker::installForIndices(mapRect_->axis(QCPAxis::atLeft));
    mapRect_->axis(QCPAxis::atLeft)->grid()->setVisible(false);

    logColor_ = new QCheckBox(tr("Log colour"), this);
    logColor_->setToolTip(tr("A logarithmic colour scale for the heatmap (ratios span decades at BoS)"));
    connect(logColor_, &QCheckBox::toggled, this, [this](bool on) {
        cells_->setLogarithmic(on);
        plot()->replot();
    });
    controls()->addWidget(logColor_);
    showEmpty(tr("Analyse a cache (Run, then Analyze) to see the U-dark ratio of every token."));
}

DarkRatioView::~DarkRatioView() = default;

QString DarkRatioView::ratioName() const
{
    return figure_ && figure_->matrix == "embed" ? tr("E-dark ratio") : tr("U-dark ratio");
}

void DarkRatioView::setFigure(figures::FigurePtr<figures::DarkRatioFigure> figure)
{
    figure_ = std::move(figure);
    const std::size_t tokens = figure_ ? figure_->tokens.size() : 0;
    if (!figure_ || tokens == 0 || figure_->streams <= 0 || figure_->ratio.size() != tokens * figure_->streams) {
        figure_.reset();
        showEmpty(tr("This sample has no dark ratios to show; analyse the cache first."));
        return;
    }
    const QString symbol = figure_->matrix == "embed" ? QStringLiteral("e") : QStringLiteral("u");
    title_->setText(tr("%1 \u2016\u03a6_%2,N h\u2016 / \u2016(I \u2212 \u03a6_%2,N) h\u2016, sample %3")
                        .arg(ratioName(), symbol)
                        .arg(figure_->sample));
    scale_->axis()->setLabel(ratioName());
    axis_->setTokens(figure_->tokens);
    cells_->setMatrix(MatrixSource::of(figure_, figure_->ratio, figure_->streams, static_cast<int>(tokens)));
    mapRect_->axis(QCPAxis::atLeft)->setRange(-0.5, figure_->streams - 0.5);
    barStream_ = -1;
    showFigure();
    selectionChanged();
    plot()->replot();
}

void DarkRatioView::showStreamBars(int stream)
{
    if (stream == barStream_) return;
    barStream_ = stream;
    const std::size_t t = figure_->tokens.size();
    const auto first = figure_->ratio.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(stream) * t);
    bars_->setValues(std::vector<double>(first, first + static_cast<std::ptrdiff_t>(t)));
    bars_->rescaleValues();
    barRect_->axis(QCPAxis::atLeft)->setLabel(tr("at resid[%1]").arg(stream));
    plot()->replot(QCustomPlot::rpQueuedReplot);
}

QString DarkRatioView::settings() const
{
    return settingsText(QJsonObject{{QStringLiteral("logColor"), logColor_->isChecked()}});
}

void DarkRatioView::applySettings(const QString& json)
{
    logColor_->setChecked(settingsObject(json).value(QStringLiteral("logColor")).toBool(false));
}

void DarkRatioView::resetFigure()
{
    FigureViewOf::resetFigure();
    barStream_ = -1;
}

void DarkRatioView::selectionChanged()
{
    if (!figure_) return;
    // The bars follow the selected stream: another row of the same figure, nothing recomputed.
    showStreamBars(std::clamp(selection().layer, 0, figure_->streams - 1));
    const int t = selection().token < axis_->count() ? selection().token : -1;
    bars_->markSelected(t);
    cells_->markColumn(t);
    cells_->markRow(barStream_);
    cells_->markCell(barStream_, t);
    if (selection().locked) axis_->ensureVisible(t);
    replotMarkers();
}

std::pair<int, int> DarkRatioView::hit(const QPointF& pixel) const
{
    if (barRect_->rect().contains(pixel.toPoint())) {
        return {axis_->tokenAt(barRect_->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x())), -1};
    }
    const auto [stream, token] = cells_->cellAt(pixel);
    return {token, stream};
}

void DarkRatioView::hoverAt(const QPointF& pixel)
{
    const auto [token, row] = hit(pixel);
    const int stream = row >= 0 ? row : barStream_;
    bars_->markHovered(token);
    cells_->hoverCell(token >= 0 ? stream : -1, token);
    replotMarkers();
    if (token < 0) return;
    setReadout(tr("token %1 at %2: %3 %4")
                   .arg(axis_->describe(token), streamName(stream), ratioName(), number(cells_->value(stream, token))));
    workbench::Selection s = selection();
    s.token = token;
    s.layer = stream;
    preview(s);
}

void DarkRatioView::hoverLeft()
{
    bars_->markHovered(-1);
    cells_->hoverCell(-1, -1);
    replotMarkers();
}

void DarkRatioView::clickAt(const QPointF& pixel)
{
    const auto [token, row] = hit(pixel);
    if (token < 0) return;
    workbench::Selection s = selection();
    s.token = token;
    if (row >= 0) s.layer = row;
    lock(s);
}

workbench::Selection DarkRatioView::keyStep(const workbench::Selection& from, int key) const
{
    workbench::Selection s = stepToken(from, key, axis_->count());
    if (!figure_) return s;
    const int stream = std::clamp(from.layer, 0, figure_->streams - 1);
    if (key == Qt::Key_Up) s.layer = std::min(figure_->streams - 1, stream + 1);
    if (key == Qt::Key_Down) s.layer = std::max(0, stream - 1);
    return s;
}

} // namespace spectro::widgets
