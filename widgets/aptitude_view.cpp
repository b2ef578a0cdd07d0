#include "aptitude_view.h"

#include "cell_map.h"
#include "fitted_ticker.h"
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <cmath>

namespace spectro::widgets {

namespace {

struct MatrixChoice {
    const char* id;
    const char* label;
};
const MatrixChoice kMatrices[] = {
    {"wq", QT_TRANSLATE_NOOP("spectro::widgets::AptitudeView", "W_q (reads, per head)")},
    {"wk", QT_TRANSLATE_NOOP("spectro::widgets::AptitudeView", "W_k (reads, per head)")},
    {"wv", QT_TRANSLATE_NOOP("spectro::widgets::AptitudeView", "W_v (reads, per head)")},
    {"wo", QT_TRANSLATE_NOOP("spectro::widgets::AptitudeView", "W_o (writes, per head)")},
    {"w1", QT_TRANSLATE_NOOP("spectro::widgets::AptitudeView", "W_1 gate (reads, per neuron)")},
    {"w2", QT_TRANSLATE_NOOP("spectro::widgets::AptitudeView", "W_2 down (writes, per neuron)")},
    {"w3", QT_TRANSLATE_NOOP("spectro::widgets::AptitudeView", "W_3 up (reads, per neuron)")}};

QString symbol(const std::string& matrix)
{
    if (matrix.size() == 2 && matrix[0] == 'w') return QStringLiteral("W_%1").arg(QChar(matrix[1]));
    return QString::fromStdString(matrix);
}

} // namespace

AptitudeView::AptitudeView(QWidget* parent) : CellGridViewOf(QStringLiteral("aptitude"), parent)
{
    title_ = addPlotTitle(plot());
    mapRect_ = plot()->axisRect();
    barRect_ = new QCPAxisRect(plot());
    figureGrid(plot())->addElement(0, 1, barRect_);
    for (QCPAxis* axis : barRect_->axes()) applyAxisStyle(axis);
    scale_ = addColorScale(plot(), 0, 2, QString(), mapRect_);
    figureGrid(plot())->setColumnStretchFactors({3.0, 1.0, 0.1});
    // Heatmap rows, bars and colour scale share their top and bottom.
    auto* rows = new QCPMarginGroup(plot());
    mapRect_->setMarginGroup(QCP::msTop | QCP::msBottom, rows);
    barRect_->setMarginGroup(QCP::msTop | QCP::msBottom, rows);
    scale_->setMarginGroup(QCP::msTop | QCP::msBottom, rows);
    cells_ = std::make_unique<CellMap>(plot(), mapRect_->axis(QCPAxis::atBottom), mapRect_->axis(QCPAxis::atLeft),
                                       markerLayer(), scale_);
    QCPAxis* units = mapRect_->axis(QCPAxis::atLeft);
    units->setRangeReversed(true);
    units->grid()->setVisible(false);
    mapRect_->axis(QCPAxis::atBottom)->grid()->setVisible(false);
    mapRect_->axis(QCPAxis::atBottom)->setSubTicks(false);

    // Horizontal bars: units down the bars' key axis, in step with the heatmap's rows.
    QCPAxis* barUnits = barRect_->axis(QCPAxis::atLeft);
    barUnits->setRangeReversed(true);
    barUnits->setTickLabels(false);
    barUnits->grid()->setVisible(false);
    connect(units, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), barUnits,
            qOverload<const QCPRange&>(&QCPAxis::setRange));
    darkBars_ = new QCPBars(barUnits, barRect_->axis(QCPAxis::atBottom));
    darkBars_->setWidth(0.8);
    darkBars_->setPen(Qt::NoPen);
    darkBars_->setBrush(darkBandColor());
    barRect_->axis(QCPAxis::atBottom)->setLabel(tr("A_N, the dark band's aptitude"));
    // The bars get a quarter of the view's width: at most three ticks, fewer where even those
    // would touch (a one-column figure).
    FittedNumberTicker::install(barRect_->axis(QCPAxis::atBottom), 3);
    uniform_ = addMarkerLine(plot(), barRect_, plot()->layer(QStringLiteral("main")),
                             QPen(annotationColor(), 1, Qt::DashLine));
    uniformLabel_ = new QCPItemText(plot());
    uniformLabel_->setClipAxisRect(barRect_);
    uniformLabel_->position->setAxes(barRect_->axis(QCPAxis::atBottom), barRect_->axis(QCPAxis::atLeft));
    uniformLabel_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    uniformLabel_->setPositionAlignment(Qt::AlignBottom | Qt::AlignRight);
    uniformLabel_->setRotation(-90);
    uniformLabel_->setColor(annotationColor());
    uniformLabel_->setBrush(QColor(255, 255, 255, 200)); // readable where it crosses a bar
    uniformLabel_->setText(tr("uniform spread"));
    uniformLabel_->setVisible(false);
    selectedBar_ = addRowMarker(plot(), barRect_, markerLayer(), QPen(selectionColor(), 1.5), Qt::NoBrush);
    hoveredBar_ = addRowMarker(plot(), barRect_, markerLayer(), Qt::NoPen, QColor(0xd6, 0x27, 0x28, 30));
    QColor band = selectionColor();
    band.setAlpha(24);
    bandSpan_ = addColumnMarker(plot(), mapRect_, markerLayer(), QPen(selectionColor(), 1, Qt::DotLine), band);

    matrix_ = new QComboBox(this);
    for (const MatrixChoice& m : kMatrices) matrix_->addItem(tr(m.label), QString::fromLatin1(m.id));
    matrix_->setCurrentIndex(matrix_->findData(QStringLiteral("wo")));
    matrix_->setToolTip(tr("The parameter matrix whose aptitude to show (the layer is the selected one)"));
    connect(matrix_, qOverload<int>(&QComboBox::activated), this, [this] { Q_EMIT settingsChanged(); });
    controls()->addWidget(matrix_);
    columns_ = new QComboBox(this);
    columns_->addItem(tr("Per band"), true);
    columns_->addItem(tr("Per singular index"), false);
    columns_->setToolTip(tr("Aggregate the aptitude per band of W_u, or show every singular direction"));
    connect(columns_, qOverload<int>(&QComboBox::activated), this, [this] { Q_EMIT settingsChanged(); });
    controls()->addWidget(columns_);
    showEmpty(tr("Open a model to see how its heads and neurons read and write the bands of W_u."));
}

AptitudeView::~AptitudeView() = default;

void AptitudeView::setFigure(figures::FigurePtr<figures::AptitudeFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_ || figure_->units <= 0 || figure_->columns <= 0 ||
        figure_->values.size() != static_cast<std::size_t>(figure_->units) * figure_->columns) {
        figure_.reset();
        showEmpty(tr("No aptitude to show for this matrix."));
        return;
    }
    matrix_->setCurrentIndex(std::max(0, matrix_->findData(QString::fromStdString(figure_->matrix))));
    columns_->setCurrentIndex(figure_->byBand ? 0 : 1);
    const bool heads = figure_->unit == "head";
    const QString basis = figure_->spectrum == "embed" ? QStringLiteral("W_e") : QStringLiteral("W_u");
    title_->setText(tr("%1 of layer %2 %3 the bands of %4 (%5 per %6)")
                        .arg(symbol(figure_->matrix))
                        .arg(figure_->layer)
                        .arg(figure_->writer ? tr("writes into") : tr("reads from"), basis,
                             figure_->byBand ? tr("A_j") : tr("a_i / \u2016W\u2016_F"),
                             heads ? tr("head") : tr("neuron")));
    scale_->axis()->setLabel(figure_->byBand ? tr("A_j = ‖a_band j‖ / ‖W‖_F")
                                             : tr("a_i / \u2016W\u2016_F"));
    mapRect_->axis(QCPAxis::atLeft)->setLabel(heads ? tr("head") : tr("neuron"));
    mapRect_->axis(QCPAxis::atBottom)
        ->setLabel(figure_->byBand ? tr("band j of %1 (N = dark)").arg(basis)
                                   : tr("singular index i of %1, by band").arg(basis));
    cells_->setMatrix(MatrixSource::of(figure_, figure_->values, figure_->units, figure_->columns));
    cells_->showAll();
    drawBandTicks();

    QVector<double> keys, values;
    double top = figure_->uniformLevel;
    for (int u = 0; u < figure_->units; ++u) {
        const double a =
            static_cast<std::size_t>(u) < figure_->darkAptitude.size() ? figure_->darkAptitude[u] : std::nan("");
        keys << u;
        values << a;
        if (std::isfinite(a)) top = std::max(top, a);
    }
    darkBars_->setData(keys, values, true);
    barRect_->axis(QCPAxis::atBottom)->setRange(0, top > 0 ? top * 1.1 : 1.0);
    barRect_->axis(QCPAxis::atLeft)->setRange(mapRect_->axis(QCPAxis::atLeft)->range());
    placeVertical(uniform_, figure_->uniformLevel);
    uniformLabel_->position->setCoords(figure_->uniformLevel, 0.02);
    uniformLabel_->setVisible(true);
    showFigure();
    selectionChanged();
    plot()->replot();
}

void AptitudeView::drawBandTicks()
{
    for (QCPItemStraightLine* line : bandEdges_) plot()->removeItem(line);
    bandEdges_.clear();
    const auto& edges = figure_->bandEdges;
    const int bands = static_cast<int>(edges.size()) - 1;
    std::vector<std::pair<double, QString>> labels;
    for (int j = 1; j <= bands; ++j) {
        const double at = figure_->byBand ? j - 1 : 0.5 * (edges[j - 1] + edges[j]) - 0.5;
        labels.emplace_back(at, j == bands ? tr("%1 dark").arg(j) : QString::number(j));
    }
    FittedTextTicker::install(mapRect_->axis(QCPAxis::atBottom), std::move(labels), bands - 1);
    if (figure_->byBand) return;
    // Singular indices: thin lines at the band boundaries.
    for (int j = 1; j < bands; ++j) {
        QCPItemStraightLine* line =
            addMarkerLine(plot(), mapRect_, plot()->layer(QStringLiteral("main")), QPen(QColor(255, 255, 255, 120), 1));
        placeVertical(line, edges[j] - 0.5);
        bandEdges_.push_back(line);
    }
}

int AptitudeView::bandOfColumn(int column) const
{
    if (!figure_ || column < 0 || column >= figure_->columns) return -1;
    return figure_->byBand ? column + 1 : bandOfIndex(figure_->bandEdges, column);
}

double AptitudeView::uniformMarker() const
{
    return uniform_->visible() ? uniform_->point1->coords().x() : std::nan("");
}

QString AptitudeView::settings() const
{
    return settingsText(
        QJsonObject{{QStringLiteral("matrix"), requestedMatrix()}, {QStringLiteral("byBand"), requestedByBand()}});
}

void AptitudeView::applySettings(const QString& json)
{
    const QJsonObject o = settingsObject(json);
    const int m = matrix_->findData(o.value(QStringLiteral("matrix")).toString(QStringLiteral("wo")));
    if (m >= 0) matrix_->setCurrentIndex(m);
    columns_->setCurrentIndex(o.value(QStringLiteral("byBand")).toBool(true) ? 0 : 1);
}

QString AptitudeView::requestedMatrix() const
{
    return matrix_->currentData().toString();
}

bool AptitudeView::requestedByBand() const
{
    return columns_->currentData().toBool();
}

QString AptitudeView::unitName(int unit) const
{
    return (figure_->unit == "head" ? tr("head %1") : tr("neuron %1")).arg(unit);
}

void AptitudeView::selectionChanged()
{
    if (!figure_) return;
    const bool heads = figure_->unit == "head";
    const int head = heads && selection().head >= 0 && selection().head < figure_->units ? selection().head : -1;
    cells_->markRow(head);
    if (head >= 0) {
        placeRow(selectedBar_, head - 0.5, head + 0.5);
    } else {
        selectedBar_->setVisible(false);
    }
    const int band = selection().band;
    const int bands = static_cast<int>(figure_->bandEdges.size()) - 1;
    cells_->markColumn(-1);
    if (band >= 1 && band <= bands) {
        if (figure_->byBand) {
            placeColumn(bandSpan_, band - 1.5, band - 0.5);
        } else {
            placeColumn(bandSpan_, figure_->bandEdges[band - 1] - 0.5, figure_->bandEdges[band] - 0.5);
        }
    } else {
        bandSpan_->setVisible(false);
    }
    replotMarkers();
}

int AptitudeView::unitAtBars(const QPointF& pixel) const
{
    if (!figure_ || !barRect_->rect().contains(pixel.toPoint())) return -1;
    const long u = std::lround(barRect_->axis(QCPAxis::atLeft)->pixelToCoord(pixel.y()));
    return u >= 0 && u < figure_->units ? static_cast<int>(u) : -1;
}

void AptitudeView::hoverAt(const QPointF& pixel)
{
    workbench::Selection s = selection();
    s.layer = figure_->layer;
    const bool heads = figure_->unit == "head";
    if (const int u = unitAtBars(pixel); u >= 0) {
        placeRow(hoveredBar_, u - 0.5, u + 0.5);
        cells_->hoverCell(-1, -1);
        replotMarkers();
        const double a =
            static_cast<std::size_t>(u) < figure_->darkAptitude.size() ? figure_->darkAptitude[u] : std::nan("");
        setReadout(tr("%1: A_N = %2 (uniform spread %3, %4\u00d7)")
                       .arg(unitName(u), number(a), number(figure_->uniformLevel),
                            number(figure_->uniformLevel > 0 ? a / figure_->uniformLevel : std::nan(""))));
        if (heads) s.head = u;
        preview(s);
        return;
    }
    hoveredBar_->setVisible(false);
    CellGridViewOf::hoverAt(pixel);
}

QString AptitudeView::cellReadout(int unit, int column) const
{
    const int band = bandOfColumn(column);
    const int bands = static_cast<int>(figure_->bandEdges.size()) - 1;
    const QString where =
        figure_->byBand ? tr("band %1").arg(band) : tr("singular index %1 (band %2)").arg(column).arg(band);
    return tr("%1, %2%3: %4")
        .arg(unitName(unit), where, band == bands ? tr(", dark") : QString(), number(cells_->value(unit, column)));
}

workbench::Selection AptitudeView::cellSelection(workbench::Selection from, int unit, int column) const
{
    from.layer = figure_->layer;
    if (figure_->unit == "head") from.head = unit;
    from.band = bandOfColumn(column);
    return from;
}

void AptitudeView::hoverLeft()
{
    hoveredBar_->setVisible(false);
    CellGridViewOf::hoverLeft();
}

void AptitudeView::clickAt(const QPointF& pixel)
{
    workbench::Selection s = selection();
    s.layer = figure_->layer;
    const bool heads = figure_->unit == "head";
    if (const int u = unitAtBars(pixel); u >= 0) {
        if (heads) s.head = u;
        s.band = static_cast<int>(figure_->bandEdges.size()) - 1;
        lock(s);
        return;
    }
    CellGridViewOf::clickAt(pixel);
}

workbench::Selection AptitudeView::keyStep(const workbench::Selection& from, int key) const
{
    workbench::Selection s = from;
    if (!figure_) return s;
    const int bands = static_cast<int>(figure_->bandEdges.size()) - 1;
    if (key == Qt::Key_Left || key == Qt::Key_Right) {
        const int band = from.band >= 1 ? from.band : (key == Qt::Key_Left ? bands + 1 : 0);
        s.band = std::clamp(band + (key == Qt::Key_Right ? 1 : -1), 1, bands);
    }
    if (figure_->unit == "head" && (key == Qt::Key_Up || key == Qt::Key_Down)) {
        const int head = from.head >= 0 ? from.head : (key == Qt::Key_Up ? figure_->units : -1);
        s.head = std::clamp(head + (key == Qt::Key_Down ? 1 : -1), 0, figure_->units - 1);
    }
    return s;
}

} // namespace spectro::widgets
