#include "heatmap_view.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "plot_export.h"
#include "plot_style.h"
#include "qcustomplot_include.h"

namespace spectro::widgets {
namespace {

QSharedPointer<QCPAxisTickerText> textTicker(const QStringList& labels)
{
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    // Thin out long label lists so that they stay legible.
    const int step = std::max(1, static_cast<int>(std::ceil(labels.size() / 24.0)));
    for (int i = 0; i < labels.size(); i += step) ticker->addTick(i, labels[i]);
    return ticker;
}

}  // namespace

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    applyPlotStyle(plot_);
    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    scale_ = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale_);
    map_->setColorScale(scale_);
    map_->setGradient(sequentialGradient());
    map_->setInterpolate(false);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, QString(), QFont(font().family(), 11, QFont::Bold)));
}

void HeatmapView::setData(HeatmapData data)
{
    data_ = std::move(data);
    auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0));
    if (title) title->setText(data_.title);
    map_->data()->setSize(data_.columns, data_.rows);
    map_->data()->setRange(QCPRange(0, std::max(0, data_.columns - 1)), QCPRange(0, std::max(0, data_.rows - 1)));
    for (int r = 0; r < data_.rows; ++r) {
        for (int c = 0; c < data_.columns; ++c) {
            const std::size_t at = static_cast<std::size_t>(r) * static_cast<std::size_t>(data_.columns) + static_cast<std::size_t>(c);
            map_->data()->setCell(c, r, at < data_.values.size() ? data_.values[at] : std::nan(""));
        }
    }
    map_->rescaleDataRange(true);
    plot_->xAxis->setTicker(textTicker(data_.xTicks));
    plot_->yAxis->setTicker(textTicker(data_.yTicks));
    plot_->xAxis->setLabel(data_.xLabel);
    plot_->yAxis->setLabel(data_.yLabel);
    scale_->axis()->setLabel(data_.valueLabel);
    plot_->xAxis->setRange(-0.5, data_.columns - 0.5);
    plot_->yAxis->setRange(-0.5, data_.rows - 0.5);
    plot_->replot();
}

bool HeatmapView::exportTo(const QString& path, QString* error)
{
    return exportPlot(plot_, path, error);
}

}  // namespace spectro::widgets
