#include "spectrum_view.h"

#include "fitted_ticker.h"
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <algorithm>
#include <cmath>

namespace spectro::widgets {

namespace {

QString matrixSymbol(const std::string& matrix)
{
    return matrix == "embed" ? QStringLiteral("W_e") : QStringLiteral("W_u");
}

QVector<double> positiveOrGap(const std::vector<double>& values)
{
    // Zeros (the null space of a wide W) cannot sit on a log axis: they are gaps, and the read-out
    // names them.
    QVector<double> y(values.begin(), values.end());
    for (double& v : y) {
        if (!(v > 0)) v = std::nan("");
    }
    return y;
}

} // namespace

SpectrumView::SpectrumView(QWidget* parent) : FigureViewOf(QStringLiteral("spectrum"), parent)
{
    title_ = addPlotTitle(plot());
    graph_ = plot()->addGraph();
    graph_->setPen(QPen(primarySeriesColor(), 1.6));
    graph_->setName(tr("this model"));
    overlayGraph_ = plot()->addGraph();
    overlayGraph_->setPen(QPen(QColor(0x55, 0x55, 0x55), 1.4, Qt::DashLine));
    overlayGraph_->setVisible(false);
    overlayGraph_->removeFromLegend();
    plot()->legend->setVisible(false);
    plot()->xAxis->setLabel(tr("singular index i (0 = largest)"));
    plot()->xAxis2->setVisible(true);
    plot()->xAxis2->setLabel(tr("band (band N = dark)"));
    plot()->xAxis2->grid()->setVisible(false);
    plot()->xAxis2->setSubTicks(false);
    connect(plot()->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), plot()->xAxis2,
            qOverload<const QCPRange&>(&QCPAxis::setRange));

    const QPen selectionPen(selectionColor(), 2);
    selectedBand_ = addColumnMarker(plot(), plot()->axisRect(), markerLayer(), selectionPen, Qt::NoBrush);
    hoverLine_ = addMarkerLine(plot(), plot()->axisRect(), markerLayer(), QPen(hoverColor(), 1));
    nullSpace_ = new QCPItemText(plot());
    nullSpace_->setClipAxisRect(plot()->axisRect());
    nullSpace_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    nullSpace_->setPositionAlignment(Qt::AlignBottom | Qt::AlignHCenter);
    nullSpace_->setColor(annotationColor());
    nullSpace_->setText(tr("null space\n\u03c3 = 0"));
    nullSpace_->setVisible(false);

    matrix_ = new QComboBox(this);
    matrix_->addItem(tr("W_u (unembedding)"), QStringLiteral("unembed"));
    matrix_->addItem(tr("W_e (embedding)"), QStringLiteral("embed"));
    matrix_->setToolTip(tr("Whose spectrum to show; also the matrix whose dark band the other views use"));
    connect(matrix_, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        workbench::Selection next = selection();
        next.matrix = matrix_->itemData(index).toString().toStdString();
        request(next);
    });
    controls()->addWidget(matrix_);
    logY_ = new QCheckBox(tr("Log scale"), this);
    logY_->setChecked(true);
    logY_->setToolTip(tr("Singular values on a logarithmic axis (the dark tail is small)"));
    connect(logY_, &QCheckBox::toggled, this, [this](bool on) {
        setLogY(on);
        plot()->replot();
    });
    controls()->addWidget(logY_);
    setLogY(true);
    showEmpty(tr("Open a model to see the spectra of W_u and W_e."));
}

void SpectrumView::setFigure(figures::FigurePtr<figures::SpectrumFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_ || figure_->singularValues.empty()) {
        figure_.reset();
        showEmpty(tr("This model has no spectrum to show."));
        return;
    }
    rebuild();
    showFigure();
    selectionChanged();
}

void SpectrumView::setOverlay(figures::FigurePtr<figures::SpectrumFigure> overlay, const QString& name)
{
    overlay_ = std::move(overlay);
    overlayName_ = name;
    if (figure_) rebuild();
}

QString SpectrumView::settings() const
{
    return settingsText(QJsonObject{{QStringLiteral("logY"), logY_->isChecked()}});
}

void SpectrumView::applySettings(const QString& json)
{
    const QJsonObject o = settingsObject(json);
    logY_->setChecked(o.value(QStringLiteral("logY")).toBool(true));
}

int SpectrumView::bandAt(int index) const
{
    return figure_ ? bandOfIndex(figure_->bandEdges, index) : -1;
}

void SpectrumView::rebuild()
{
    graph_->setName(matrixSymbol(figure_->matrix));
    const bool overlay = overlay_ && !overlay_->singularValues.empty();
    overlayGraph_->setVisible(overlay);
    if (overlay) {
        const auto& o = overlay_->singularValues;
        QVector<double> ox(static_cast<int>(o.size()));
        for (int i = 0; i < ox.size(); ++i) ox[i] = i;
        overlayGraph_->setData(ox, logY_->isChecked() ? positiveOrGap(o) : QVector<double>(o.begin(), o.end()), true);
        overlayGraph_->setName(overlayName_);
        overlayGraph_->addToLegend();
        graph_->addToLegend();
    } else {
        overlayGraph_->removeFromLegend();
    }
    plot()->legend->setVisible(overlay);
    title_->setText(
        tr("Spectrum of %1%2")
            .arg(matrixSymbol(figure_->matrix), figure_->foldedNorm ? tr(" (final norm folded in)") : QString()));
    plot()->yAxis->setLabel(tr("singular value \u03c3_i of %1").arg(matrixSymbol(figure_->matrix)));
    drawBands();
    const int d = static_cast<int>(figure_->singularValues.size());
    plot()->xAxis->setRange(-0.5, d - 0.5);
    setLogY(logY_->isChecked());
    plot()->replot();
}

void SpectrumView::drawBands()
{
    for (QCPItemRect* item : bandItems_) plot()->removeItem(item);
    bandItems_.clear();
    const auto& edges = figure_->bandEdges;
    const int bands = static_cast<int>(edges.size()) - 1;
    std::vector<std::pair<double, QString>> labels;
    for (int j = 1; j <= bands; ++j) {
        const bool kept = figure_->bandsKept.empty() ||
                          (static_cast<std::size_t>(j - 1) < figure_->bandsKept.size() && figure_->bandsKept[j - 1]);
        const bool dark = j == bands;
        QBrush brush = Qt::NoBrush;
        if (dark) {
            QColor tint = darkBandColor();
            tint.setAlpha(60);
            brush = QBrush(tint);
        } else if (j % 2 == 0) {
            brush = QBrush(QColor(0, 0, 0, 16));
        }
        if (!kept) brush = QBrush(QColor(0x80, 0x80, 0x80, 90), Qt::BDiagPattern);
        QCPItemRect* rect =
            addColumnMarker(plot(), plot()->axisRect(), plot()->layer(QStringLiteral("background")), Qt::NoPen, brush);
        placeColumn(rect, edges[j - 1] - 0.5, edges[j] - 0.5);
        bandItems_.push_back(rect);
        labels.emplace_back(0.5 * (edges[j - 1] + edges[j]) - 0.5, dark ? tr("%1 dark").arg(j) : QString::number(j));
    }
    FittedTextTicker::install(plot()->xAxis2, std::move(labels), bands - 1);
}

void SpectrumView::setLogY(bool logY)
{
    QCPAxis* y = plot()->yAxis;
    if (logY) {
        y->setScaleType(QCPAxis::stLogarithmic);
        // Labels across the whole range (1, 2, 5 per decade where they fit): W_u's singular
        // values span little more than a decade, and the dark band's low end needs a label.
        FittedLogTicker::install(y);
    } else {
        y->setScaleType(QCPAxis::stLinear);
        y->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    if (!figure_) return;
    const auto& s = figure_->singularValues;
    double hi = 0, lo = std::numeric_limits<double>::infinity();
    auto include = [&](const std::vector<double>& values) {
        for (double v : values) {
            if (!std::isfinite(v)) continue;
            hi = std::max(hi, v);
            if (v > 0) lo = std::min(lo, v);
        }
    };
    include(s);
    if (overlay_) include(overlay_->singularValues);
    if (!(hi > 0)) hi = 1;
    if (!std::isfinite(lo)) lo = hi * 1e-3;
    // Re-set the data: a log axis shows zeros as gaps, a linear one draws them.
    QVector<double> x(static_cast<int>(s.size()));
    for (int i = 0; i < x.size(); ++i) x[i] = i;
    graph_->setData(x, logY ? positiveOrGap(s) : QVector<double>(s.begin(), s.end()), true);
    if (logY) {
        y->setRange(lo / 1.6, hi * 1.6);
    } else {
        y->setRange(0, hi * 1.05);
    }
    const int d = static_cast<int>(s.size());
    const bool nullSpace = logY && figure_->rank > 0 && figure_->rank < d;
    nullSpace_->setVisible(nullSpace);
    if (nullSpace) nullSpace_->position->setCoords(0.5 * (figure_->rank + d) - 0.5, 0.97);
}

int SpectrumView::indexAt(const QPointF& pixel) const
{
    if (!figure_ || !plot()->axisRect()->rect().contains(pixel.toPoint())) return -1;
    const long i = std::lround(plot()->xAxis->pixelToCoord(pixel.x()));
    const long d = static_cast<long>(figure_->singularValues.size());
    return i >= 0 && i < d ? static_cast<int>(i) : -1;
}

void SpectrumView::selectionChanged()
{
    if (!figure_) return;
    const int matrixIndex = matrix_->findData(QString::fromStdString(selection().matrix));
    if (matrixIndex >= 0) matrix_->setCurrentIndex(matrixIndex);
    const auto& edges = figure_->bandEdges;
    const int band = selection().band;
    if (band >= 1 && band < static_cast<int>(edges.size())) {
        placeColumn(selectedBand_, edges[band - 1] - 0.5, edges[band] - 0.5);
    } else {
        selectedBand_->setVisible(false);
    }
    replotMarkers();
}

void SpectrumView::hoverAt(const QPointF& pixel)
{
    const int i = indexAt(pixel);
    if (i < 0) {
        hoverLeft();
        return;
    }
    const double sigma = figure_->singularValues[static_cast<std::size_t>(i)];
    const int band = bandAt(i);
    const int bands = static_cast<int>(figure_->bandEdges.size()) - 1;
    QString text = tr("%1: \u03c3_%2 = %3, band %4 of %5")
                       .arg(matrixSymbol(figure_->matrix))
                       .arg(i)
                       .arg(number(sigma))
                       .arg(band)
                       .arg(bands);
    if (band == bands) text += tr(" (dark)");
    if (sigma == 0) text += tr(" \u2014 null space: invisible to the logits");
    if (overlay_ && static_cast<std::size_t>(i) < overlay_->singularValues.size()) {
        text += tr("; %1: %2").arg(overlayName_, number(overlay_->singularValues[static_cast<std::size_t>(i)]));
    }
    setReadout(text);
    placeVertical(hoverLine_, i);
    replotMarkers();
    workbench::Selection s = selection();
    s.band = band;
    s.matrix = figure_->matrix;
    preview(s);
}

void SpectrumView::hoverLeft()
{
    hoverLine_->setVisible(false);
    replotMarkers();
}

void SpectrumView::clickAt(const QPointF& pixel)
{
    const int i = indexAt(pixel);
    if (i < 0) return;
    workbench::Selection s = selection();
    s.band = bandAt(i);
    s.matrix = figure_->matrix;
    lock(s);
}

workbench::Selection SpectrumView::keyStep(const workbench::Selection& from, int key) const
{
    workbench::Selection s = from;
    if (!figure_) return s;
    const int bands = static_cast<int>(figure_->bandEdges.size()) - 1;
    const int band = from.band >= 1 ? from.band : (key == Qt::Key_Left ? bands + 1 : 0);
    if (key == Qt::Key_Left) s.band = std::max(1, band - 1);
    if (key == Qt::Key_Right) s.band = std::min(bands, band + 1);
    if (key == Qt::Key_Home) s.band = 1;
    if (key == Qt::Key_End) s.band = bands;
    s.matrix = figure_->matrix;
    return s;
}

} // namespace spectro::widgets
