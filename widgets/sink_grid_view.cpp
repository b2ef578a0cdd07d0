#include "sink_grid_view.h"

#include "cell_map.h"
#include "cell_marks.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

namespace spectro::widgets {

namespace {

// Values are written into the cells of grids up to this size (a 32 x 32 grid of numbers is noise).
constexpr int kMaxLabelledCells = 24 * 24;

} // namespace

SinkGridView::SinkGridView(QWidget* parent) : LayerHeadGridViewOf(QStringLiteral("sink_grid"), parent)
{
    title_ = addPlotTitle(plot());
    scale_ = addColorScale(plot(), 0, 1, tr("attention to BoS"), plot()->axisRect());
    cells_ = std::make_unique<CellMap>(plot(), plot()->xAxis, plot()->yAxis, markerLayer(), scale_);
    plot()->xAxis->setLabel(tr("head"));
    plot()->yAxis->setLabel(tr("layer"));
    setUpCellGridAxes(plot());
    connect(plot(), &QCustomPlot::afterLayout, this, [this] {
        if (showLabelsThatFitTheirCells(plot(), labels_)) plot()->replot(QCustomPlot::rpQueuedReplot);
    });
    showEmpty(tr("Run a corpus with the attention tap (attn) to see the BoS sink of every head."));
}

SinkGridView::~SinkGridView() = default;

void SinkGridView::setFigure(figures::FigurePtr<figures::SinkGridFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_ || figure_->layers <= 0 || figure_->heads <= 0 ||
        figure_->bosAttention.size() != static_cast<std::size_t>(figure_->layers) * figure_->heads) {
        figure_.reset();
        showEmpty(tr("This cache has no attention to measure the sink with."));
        return;
    }
    title_->setText(tr("BoS sink per layer and head (queries \u2265 %1, %2 samples; uniform: %3)")
                        .arg(figure_->firstQuery)
                        .arg(figure_->samples)
                        .arg(number(figure_->uniformLevel)));
    cells_->setMatrix(MatrixSource::of(figure_, figure_->bosAttention, figure_->layers, figure_->heads), 0.0, 1.0);
    cells_->showAll();
    writeCellLabels();
    showFigure();
    selectionChanged();
    plot()->replot();
}

void SinkGridView::writeCellLabels()
{
    for (QCPItemText* label : labels_) plot()->removeItem(label);
    labels_.clear();
    if (figure_->layers * figure_->heads > kMaxLabelledCells) return;
    for (int l = 0; l < figure_->layers; ++l) {
        for (int h = 0; h < figure_->heads; ++h) {
            const double v = cells_->value(l, h);
            auto* label = new QCPItemText(plot());
            label->setClipToAxisRect(true);
            label->position->setCoords(h, l);
            label->setText(QString::number(v, 'f', 2));
            // Dark text on the light end of viridis, light text on the dark end.
            label->setColor(v > 0.6 ? Qt::black : Qt::white);
            QFont font = plot()->font();
            font.setPointSizeF(font.pointSizeF() - 1);
            label->setFont(font);
            label->setSelectable(false);
            labels_.push_back(label);
        }
    }
}

void SinkGridView::selectionChanged()
{
    if (!figure_) return;
    markLayerHead(*cells_, selection(), figure_->layers, figure_->heads);
    replotMarkers();
}

QString SinkGridView::cellReadout(int layer, int head) const
{
    const double v = cells_->value(layer, head);
    return tr("layer %1, head %2: %3 of the attention goes to BoS (%4\u00d7 the uniform %5)")
        .arg(layer)
        .arg(head)
        .arg(number(v), number(figure_->uniformLevel > 0 ? v / figure_->uniformLevel : std::nan("")),
             number(figure_->uniformLevel));
}

} // namespace spectro::widgets
