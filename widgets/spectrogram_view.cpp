#include "spectrogram_view.h"

#include "cell_map.h"
#include "fitted_ticker.h"
#include "qcustomplot_include.h"
#include "token_axis.h"
#include "view_helpers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <cmath>

namespace spectro::widgets {

using Axis = figures::SpectrogramFigure::Axis;

SpectrogramView::SpectrogramView(QWidget* parent) : CellGridViewOf(QStringLiteral("spectrogram"), parent)
{
    title_ = addPlotTitle(plot());
    scale_ = addColorScale(plot(), 0, 1, tr("band energy"), plot()->axisRect());
    // Bands up the vertical axis (the matrix's columns are the map's keys), rows across.
    cells_ = std::make_unique<CellMap>(plot(), plot()->yAxis, plot()->xAxis, markerLayer(), scale_);
    axis_ = new TokenAxis(plot(), this);
    axis_->addAxis(plot()->xAxis);
    addFooter(axis_->scrollBar());
    plot()->yAxis->grid()->setVisible(false);
    plot()->yAxis->setSubTicks(false);

    axisChoice_ = new QComboBox(this);
    axisChoice_->addItem(tr("Streams of the selected token"), QStringLiteral("stream"));
    axisChoice_->addItem(tr("Tokens of the selected stream"), QStringLiteral("token"));
    axisChoice_->setToolTip(tr("Across the residual streams of one token, or across the tokens of one stream"));
    connect(axisChoice_, qOverload<int>(&QComboBox::activated), this, [this] { Q_EMIT settingsChanged(); });
    controls()->addWidget(axisChoice_);
    fraction_ = new QCheckBox(tr("Fraction of \u2016h\u2016\u00b2"), this);
    fraction_->setToolTip(tr("Each band's energy divided by the vector's squared norm (the row sums to 1)"));
    connect(fraction_, &QCheckBox::toggled, this, [this] {
        if (figure_) redraw();
    });
    controls()->addWidget(fraction_);
    logColor_ = new QCheckBox(tr("Log colour"), this);
    logColor_->setToolTip(tr("A logarithmic colour scale: band energies span decades"));
    connect(logColor_, &QCheckBox::toggled, this, [this](bool on) {
        cells_->setLogarithmic(on);
        plot()->replot();
    });
    controls()->addWidget(logColor_);
    showEmpty(tr("Analyse a cache (Run with resid, then Analyze) to see spectrograms."));
}

SpectrogramView::~SpectrogramView() = default;

bool SpectrogramView::byToken() const
{
    return figure_ && figure_->axis == Axis::TokenByBand;
}

TokenAxis* SpectrogramView::tokenAxis()
{
    return byToken() ? axis_ : nullptr;
}

Axis SpectrogramView::requestedAxis() const
{
    return axisChoice_->currentData().toString() == QLatin1String("token") ? Axis::TokenByBand : Axis::StreamByBand;
}

void SpectrogramView::setFigure(figures::FigurePtr<figures::SpectrogramFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_ || figure_->rows <= 0 || figure_->bands <= 0 ||
        figure_->energy.size() != static_cast<std::size_t>(figure_->rows) * figure_->bands) {
        figure_.reset();
        showEmpty(tr("No spectrogram for this selection; analyse the cache first."));
        return;
    }
    axisChoice_->setCurrentIndex(byToken() ? 1 : 0);
    fraction_->setChecked(figure_->fraction || fraction_->isChecked());
    axis_->setActive(byToken());
    if (byToken()) {
        axis_->setTokens(figure_->tokens);
        plot()->xAxis->setLabel(tr("token"));
        title_->setText(
            tr("Spectrogram of %1 across tokens (sample %2)").arg(streamName(figure_->fixed)).arg(figure_->sample));
    } else {
        plot()->xAxis->setLabel(tr("stream s (0 = embeddings, l + 1 = exit of layer l)"));
        plot()->xAxis->setRange(-0.5, figure_->rows - 0.5);
        const auto t = static_cast<std::size_t>(figure_->fixed);
        const QString piece =
            t < figure_->tokens.pieces.size() ? QString::fromStdString(figure_->tokens.pieces[t]) : QString();
        title_->setText(tr("Spectrogram of token %1 \u201c%2\u201d across streams (sample %3)")
                            .arg(figure_->fixed)
                            .arg(piece)
                            .arg(figure_->sample));
    }
    std::vector<std::pair<double, QString>> bandLabels;
    for (int j = 1; j <= figure_->bands; ++j) {
        bandLabels.emplace_back(j - 1, j == figure_->bands ? tr("%1 dark").arg(j) : QString::number(j));
    }
    FittedTextTicker::install(plot()->yAxis, std::move(bandLabels), figure_->bands - 1);
    plot()->yAxis->setLabel(tr("band j (1 = largest singular values)"));
    plot()->yAxis->setRange(-0.5, figure_->bands - 0.5);
    redraw();
    showFigure();
    selectionChanged();
}

void SpectrogramView::redraw()
{
    const int rows = figure_->rows, bands = figure_->bands;
    if (fraction_->isChecked()) {
        // Drawn as each row's share: the figure's energies over their row sum, as its table has it.
        std::vector<double> share(figure_->energy.size());
        for (int r = 0; r < rows; ++r) {
            const double total = rowTotal(r);
            for (int j = 0; j < bands; ++j) {
                const std::size_t i = static_cast<std::size_t>(r) * bands + j;
                share[i] = total > 0 ? figure_->energy[i] / total : std::nan("");
            }
        }
        cells_->setMatrix(MatrixSource::owning(std::move(share), rows, bands));
        scale_->axis()->setLabel(tr("fraction of \u2016h\u2016\u00b2 in the band"));
    } else {
        cells_->setMatrix(MatrixSource::of(figure_, figure_->energy, rows, bands));
        scale_->axis()->setLabel(tr("band energy \u2016V_j\u1d40 h\u2016\u00b2"));
    }
    plot()->replot();
}

double SpectrogramView::rowTotal(int row) const
{
    double total = 0;
    for (int j = 0; j < figure_->bands; ++j) {
        const double e = figure_->energy[static_cast<std::size_t>(row) * figure_->bands + j];
        if (std::isfinite(e)) total += e;
    }
    return total;
}

QString SpectrogramView::settings() const
{
    return settingsText(QJsonObject{{QStringLiteral("axis"), axisChoice_->currentData().toString()},
                                    {QStringLiteral("fraction"), fraction_->isChecked()},
                                    {QStringLiteral("logColor"), logColor_->isChecked()}});
}

void SpectrogramView::applySettings(const QString& json)
{
    const QJsonObject o = settingsObject(json);
    axisChoice_->setCurrentIndex(o.value(QStringLiteral("axis")).toString() == QLatin1String("token") ? 1 : 0);
    fraction_->setChecked(o.value(QStringLiteral("fraction")).toBool(false));
    logColor_->setChecked(o.value(QStringLiteral("logColor")).toBool(false));
}

void SpectrogramView::selectionChanged()
{
    if (!figure_) return;
    const int band = selection().band >= 1 && selection().band <= figure_->bands ? selection().band - 1 : -1;
    const int row = byToken() ? selection().token : selection().layer;
    const int shown = row >= 0 && row < figure_->rows ? row : -1;
    cells_->markColumn(band);
    cells_->markRow(shown);
    cells_->markCell(shown, band);
    if (byToken() && selection().locked) axis_->ensureVisible(shown);
    replotMarkers();
}

QString SpectrogramView::cellReadout(int row, int column) const
{
    const double energy = figure_->energy[static_cast<std::size_t>(row) * figure_->bands + column];
    const double total = rowTotal(row);
    const QString where = byToken() ? tr("token %1").arg(axis_->describe(row)) : streamName(row);
    return tr("%1, band %2%3: energy %4 (%5% of \u2016h\u2016\u00b2)")
        .arg(where)
        .arg(column + 1)
        .arg(column + 1 == figure_->bands ? tr(" (dark)") : QString())
        .arg(number(energy), number(total > 0 ? 100.0 * energy / total : std::nan("")));
}

workbench::Selection SpectrogramView::cellSelection(workbench::Selection from, int row, int column) const
{
    from.band = column + 1;
    (byToken() ? from.token : from.layer) = row;
    return from;
}

workbench::Selection SpectrogramView::keyStep(const workbench::Selection& from, int key) const
{
    workbench::Selection s = from;
    if (!figure_) return s;
    if (key == Qt::Key_Up || key == Qt::Key_Down) {
        const int band = from.band >= 1 ? from.band : (key == Qt::Key_Up ? 0 : figure_->bands + 1);
        s.band = std::clamp(band + (key == Qt::Key_Up ? 1 : -1), 1, figure_->bands);
        return s;
    }
    if (byToken()) return stepToken(from, key, axis_->count());
    const int stream = std::clamp(from.layer, 0, figure_->rows - 1);
    if (key == Qt::Key_Left) s.layer = std::max(0, stream - 1);
    if (key == Qt::Key_Right) s.layer = std::min(figure_->rows - 1, stream + 1);
    return s;
}

} // namespace spectro::widgets
