#include "massive_activations_view.h"

#include "cell_map.h"
#include "cell_marks.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <cmath>

namespace spectro::widgets {
namespace {

// Token pieces are written into the cells up to this many cells (more is unreadable).
constexpr int kMaxLabelledCells = 16 * 12;

QDoubleSpinBox* thresholdBox(QWidget* parent, double value, double maximum, const QString& tip)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(0, maximum);
    box->setDecimals(1);
    box->setValue(value);
    box->setKeyboardTracking(false); // one rebuild per edit, not per digit
    box->setToolTip(tip);
    return box;
}

} // namespace

MassiveActivationsView::MassiveActivationsView(QWidget* parent)
    : CellGridViewOf(QStringLiteral("massive_activations"), parent)
{
    title_ = addPlotTitle(plot());
    scale_ = addColorScale(plot(), 0, 1, tr("log10 |h|"), plot()->axisRect());
    cells_ = std::make_unique<CellMap>(plot(), plot()->xAxis, plot()->yAxis, markerLayer(), scale_);
    plot()->xAxis->setLabel(tr("rank (largest |h| first)"));
    plot()->yAxis->setLabel(tr("stream resid[s]"));
    setUpCellGridAxes(plot());
    connect(plot(), &QCustomPlot::afterLayout, this, [this] {
        if (showLabelsThatFitTheirCells(plot(), labels_)) plot()->replot(QCustomPlot::rpQueuedReplot);
    });
    above_ = thresholdBox(this, 100, 1e9, tr("An entry is massive when |h| is above this..."));
    ratio_ = thresholdBox(this, 1000, 1e9, tr("...and above this many times the stream's median |h|"));
    controls()->addWidget(new QLabel(tr("|h| >"), this));
    controls()->addWidget(above_);
    controls()->addWidget(new QLabel(tr("and > median \u00d7"), this));
    controls()->addWidget(ratio_);
    for (QDoubleSpinBox* box : {above_, ratio_})
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] { Q_EMIT settingsChanged(); });
    showEmpty(tr("Run a corpus and analyse the cache to see the massive activations of each stream."));
}

MassiveActivationsView::~MassiveActivationsView() = default;

double MassiveActivationsView::above() const
{
    return above_->value();
}

double MassiveActivationsView::ratio() const
{
    return ratio_->value();
}

QString MassiveActivationsView::settings() const
{
    return settingsText(QJsonObject{{QStringLiteral("above"), above()}, {QStringLiteral("ratio"), ratio()}});
}

void MassiveActivationsView::applySettings(const QString& json)
{
    const QJsonObject o = settingsObject(json);
    const QSignalBlocker a(above_), r(ratio_);
    above_->setValue(o.value(QStringLiteral("above")).toDouble(100));
    ratio_->setValue(o.value(QStringLiteral("ratio")).toDouble(1000));
}

void MassiveActivationsView::setFigure(figures::FigurePtr<figures::MassiveActivationsFigure> figure)
{
    figure_ = std::move(figure);
    const auto cells = figure_ ? static_cast<std::size_t>(figure_->streams) * figure_->top : 0;
    if (!figure_ || cells == 0 || figure_->value.size() != cells || figure_->position.size() != cells ||
        figure_->channel.size() != cells || figure_->massive.size() != cells) {
        figure_.reset();
        showEmpty(tr("This sample has no massive-activation entries to show."));
        return;
    }
    auto magnitude = std::make_shared<std::vector<double>>(cells);
    for (std::size_t i = 0; i < cells; ++i) (*magnitude)[i] = std::log10(std::max(1e-30, std::fabs(figure_->value[i])));
    cells_->setMatrix(MatrixSource::of(magnitude, *magnitude, figure_->streams, figure_->top));
    cells_->showAll();
    for (QCPItemRect* r : flagged_) plot()->removeItem(r);
    flagged_.clear();
    const QPen outline(QColor(255, 80, 40), 2);
    for (int s = 0; s < figure_->streams; ++s) {
        for (int r = 0; r < figure_->top; ++r) {
            if (figure_->massive[static_cast<std::size_t>(s) * figure_->top + r])
                flagged_.push_back(outlineCell(plot(), r, s, 0.45, outline));
        }
    }
    writeLabels();
    // The thresholds are in the boxes above the plot; the title stays short enough for a dock.
    title_->setText(
        tr("Massive activations, sample %1: %2 massive (outlined)").arg(figure_->sample).arg(flagged_.size()));
    showFigure();
    selectionChanged();
    plot()->replot();
}

QString MassiveActivationsView::pieceAt(int position) const
{
    const auto p = static_cast<std::size_t>(position);
    if (p < figure_->tokens.pieces.size()) return QString::fromStdString(figure_->tokens.pieces[p]);
    return QString::number(position);
}

void MassiveActivationsView::writeLabels()
{
    for (QCPItemText* label : labels_) plot()->removeItem(label);
    labels_.clear();
    if (figure_->streams * figure_->top > kMaxLabelledCells) return;
    // The colour range is the matrix's own: light (viridis' yellow) above 60% of it.
    double low = INFINITY, high = -INFINITY;
    for (int s = 0; s < figure_->streams; ++s)
        for (int r = 0; r < figure_->top; ++r)
            low = std::min(low, cells_->value(s, r)), high = std::max(high, cells_->value(s, r));
    for (int s = 0; s < figure_->streams; ++s) {
        for (int r = 0; r < figure_->top; ++r) {
            const auto at = static_cast<std::size_t>(s) * figure_->top + r;
            auto* label = new QCPItemText(plot());
            label->setClipToAxisRect(true);
            label->position->setCoords(r, s);
            QString piece = pieceAt(figure_->position[at]).simplified();
            if (piece.size() > 6) piece = piece.left(5) + QChar(0x2026);
            label->setText(piece.isEmpty() ? QString::number(figure_->position[at]) : piece);
            // Dark text on the light (large) end of viridis.
            label->setColor(cells_->value(s, r) > low + 0.6 * (high - low) ? Qt::black : Qt::white);
            QFont font = plot()->font();
            font.setPointSizeF(font.pointSizeF() - 1);
            label->setFont(font);
            label->setSelectable(false);
            labels_.push_back(label);
        }
    }
}

void MassiveActivationsView::selectionChanged()
{
    if (!figure_) return;
    const int stream = selection().layer <= figure_->streams - 1 ? selection().layer : -1;
    cells_->markRow(stream);
    cells_->markColumn(-1);
    cells_->markCell(-1, -1);
    // The entries the selected token carries.
    for (QCPItemRect* r : tokenMarks_) plot()->removeItem(r);
    tokenMarks_.clear();
    const QPen pen(Qt::white, 1, Qt::DashLine);
    for (int s = 0; s < figure_->streams; ++s) {
        for (int r = 0; r < figure_->top; ++r) {
            if (figure_->position[static_cast<std::size_t>(s) * figure_->top + r] == selection().token)
                tokenMarks_.push_back(outlineCell(plot(), r, s, 0.3, pen, markerLayer()));
        }
    }
    replotMarkers();
}

QString MassiveActivationsView::cellReadout(int stream, int rank) const
{
    const auto at = static_cast<std::size_t>(stream) * figure_->top + rank;
    const double v = figure_->value[at], median = figure_->median[static_cast<std::size_t>(stream)];
    const QString udr =
        figure_->channelUdr.empty() ? QString() : tr(", channel U-dark ratio %1").arg(number(figure_->channelUdr[at]));
    return tr("%1, rank %2: token %3 '%4', channel %5, h = %6 (%7\u00d7 the median %8)%9%10")
        .arg(streamName(stream))
        .arg(rank)
        .arg(figure_->position[at])
        .arg(pieceAt(figure_->position[at]))
        .arg(figure_->channel[at])
        .arg(number(v), number(median > 0 ? std::fabs(v) / median : INFINITY), number(median),
             figure_->massive[at] ? tr(", massive") : QString(), udr);
}

workbench::Selection MassiveActivationsView::cellSelection(workbench::Selection from, int stream, int rank) const
{
    from.layer = stream;
    from.token = figure_->position[static_cast<std::size_t>(stream) * figure_->top + rank];
    return from;
}

workbench::Selection MassiveActivationsView::keyStep(const workbench::Selection& from, int key) const
{
    workbench::Selection s = from;
    if (!figure_) return s;
    const int stream = std::clamp(from.layer, 0, figure_->streams - 1);
    if (key == Qt::Key_Up) s.layer = std::max(0, stream - 1);
    if (key == Qt::Key_Down) s.layer = std::min(figure_->streams - 1, stream + 1);
    return s;
}

} // namespace spectro::widgets
