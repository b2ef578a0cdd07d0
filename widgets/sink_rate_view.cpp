#include "sink_rate_view.h"

#include "cell_map.h"
#include "cell_marks.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <cmath>

namespace spectro::widgets {

SinkRateView::SinkRateView(QWidget* parent) : LayerHeadGridViewOf(QStringLiteral("sink_rate"), parent)
{
    title_ = addPlotTitle(plot());
    scale_ = addColorScale(plot(), 0, 1, tr("alpha (attention received)"), plot()->axisRect());
    cells_ = std::make_unique<CellMap>(plot(), plot()->xAxis, plot()->yAxis, markerLayer(), scale_);
    plot()->xAxis->setLabel(tr("head"));
    plot()->yAxis->setLabel(tr("layer"));
    setUpCellGridAxes(plot());
    key_ = new QComboBox(this);
    key_->addItem(tr("Key: BoS"), QStringLiteral("bos"));
    key_->addItem(tr("Key: selected token"), QStringLiteral("token"));
    key_->setToolTip(tr("The key position whose sink scores alpha the grid shows"));
    connect(key_, &QComboBox::currentIndexChanged, this, [this] {
        if (figure_) redraw();
        Q_EMIT settingsChanged();
    });
    controls()->addWidget(key_);
    showEmpty(tr("Run a corpus with the attention tap (attn) and analyse it to see the sink rate of every head."));
}

SinkRateView::~SinkRateView() = default;

void SinkRateView::setFigure(figures::FigurePtr<figures::SinkRateFigure> figure)
{
    figure_ = std::move(figure);
    const auto cells = figure_ ? static_cast<std::size_t>(figure_->layers) * figure_->heads * figure_->positions : 0;
    if (!figure_ || cells == 0 || figure_->alpha.size() != cells || figure_->headRate.size() != cells ||
        figure_->rate.size() != static_cast<std::size_t>(figure_->positions)) {
        figure_.reset();
        showEmpty(tr("This cache's analysis has no sink rate (it needs the attention tap)."));
        return;
    }
    shown_ = -1;
    redraw();
    showFigure();
    selectionChanged();
}

int SinkRateView::position() const
{
    if (!figure_) return 0;
    if (key_->currentData().toString() != QStringLiteral("token")) return 0;
    return std::clamp(selection().token, 0, figure_->positions - 1);
}

double SinkRateView::alphaAt(int layer, int head) const
{
    if (!figure_ || layer < 0 || head < 0 || layer >= figure_->layers || head >= figure_->heads) return std::nan("");
    const auto at = (static_cast<std::size_t>(layer) * figure_->heads + head) * figure_->positions + position();
    return figure_->alpha[at];
}

int SinkRateView::cellsAboveEpsilon() const
{
    return static_cast<int>(std::count_if(above_.begin(), above_.end(), [](QCPItemRect* r) { return r->visible(); }));
}

void SinkRateView::redraw()
{
    const int k = position();
    shown_ = k;
    const int L = figure_->layers, H = figure_->heads;
    auto grid = std::make_shared<std::vector<double>>(static_cast<std::size_t>(L) * H);
    for (int l = 0; l < L; ++l)
        for (int h = 0; h < H; ++h) (*grid)[static_cast<std::size_t>(l) * H + h] = alphaAt(l, h);
    cells_->setMatrix(MatrixSource::of(grid, *grid, L, H), 0.0, 1.0);
    cells_->showAll();
    // The threshold: an outline around every cell whose alpha is above epsilon.
    for (QCPItemRect* r : above_) plot()->removeItem(r);
    above_.clear();
    const QPen outline(QColor(255, 80, 40), 2);
    for (int l = 0; l < L; ++l) {
        for (int h = 0; h < H; ++h) {
            if ((*grid)[static_cast<std::size_t>(l) * H + h] > figure_->epsilon)
                above_.push_back(outlineCell(plot(), h, l, 0.45, outline));
        }
    }
    const QString key = k == 0 ? tr("BoS") : tr("position %1").arg(k);
    title_->setText(tr("Sink rate of %1: %2 (alpha > \u03b5 = %3 outlined; first %4 tokens, %5 samples)")
                        .arg(key, number(figure_->rate[static_cast<std::size_t>(k)]), number(figure_->epsilon))
                        .arg(figure_->tokens)
                        .arg(figure_->samples));
    scale_->axis()->setLabel(tr("alpha of %1").arg(key));
    plot()->replot();
}

QString SinkRateView::settings() const
{
    return settingsText(QJsonObject{{QStringLiteral("key"), key_->currentData().toString()}});
}

void SinkRateView::applySettings(const QString& json)
{
    const int at = key_->findData(settingsObject(json).value(QStringLiteral("key")).toString(QStringLiteral("bos")));
    {
        const QSignalBlocker block(key_); // restoring is not a change by the user
        key_->setCurrentIndex(std::max(0, at));
    }
    if (figure_) redraw();
}

void SinkRateView::selectionChanged()
{
    if (!figure_) return;
    if (position() != shown_) redraw();
    markLayerHead(*cells_, selection(), figure_->layers, figure_->heads);
    replotMarkers();
}

QString SinkRateView::cellReadout(int layer, int head) const
{
    const double a = alphaAt(layer, head);
    const auto k = static_cast<std::size_t>(position());
    const double layerRate = figure_->layerRate[static_cast<std::size_t>(layer) * figure_->positions + k];
    return tr("layer %1, head %2: alpha %3 (%4 \u03b5 = %5); sink rate: layer %1 %6, overall %7")
        .arg(layer)
        .arg(head)
        .arg(number(a), a > figure_->epsilon ? tr("above") : tr("not above"), number(figure_->epsilon),
             number(layerRate), number(figure_->rate[k]));
}

} // namespace spectro::widgets
