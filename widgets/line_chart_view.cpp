#include "line_chart_view.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "plot_export.h"
#include "plot_style.h"
#include "qcustomplot_include.h"

namespace spectro::widgets {

QColor LineChartView::seriesColor(int i)
{
    static const QColor palette[] = {QColor(0x1f, 0x5f, 0xa8), QColor(0xd6, 0x6a, 0x1c), QColor(0x2a, 0x8a, 0x4a),
                                     QColor(0xb0, 0x2e, 0x4c), QColor(0x6b, 0x4c, 0x9a), QColor(0x55, 0x55, 0x55)};
    return palette[i % 6];
}

LineChartView::LineChartView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    applyPlotStyle(plot_);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, QString(), QFont(font().family(), 11, QFont::Bold)));
    plot_->legend->setVisible(true);
}

void LineChartView::setData(LineChartData data)
{
    data_ = std::move(data);
    plot_->clearGraphs();
    plot_->clearItems();
    if (auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0))) title->setText(data_.title);
    plot_->xAxis->setLabel(data_.xLabel);
    plot_->yAxis->setLabel(data_.yLabel);
    if (data_.logY) {
        plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    } else {
        plot_->yAxis->setScaleType(QCPAxis::stLinear);
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    for (std::size_t i = 0; i < data_.series.size(); ++i) {
        const LineSeries& s = data_.series[i];
        QCPGraph* g = plot_->addGraph();
        g->setName(s.name);
        QPen pen(seriesColor(static_cast<int>(i)), 2);
        if (s.dashed) pen.setStyle(Qt::DashLine);
        g->setPen(pen);
        if (s.markers) g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        QVector<double> x(s.x.begin(), s.x.end()), y(s.y.begin(), s.y.end());
        if (data_.logY) {
            // Zeros (null-space completion) cannot sit on a log axis: leave gaps.
            for (auto& v : y) {
                if (!(v > 0)) v = std::nan("");
            }
        }
        g->setData(x, y, true);
    }
    plot_->rescaleAxes();
    for (const auto& [from, to] : data_.shaded) {
        auto* rect = new QCPItemRect(plot_);
        rect->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
        rect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
        rect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->topLeft->setCoords(from, 0);
        rect->bottomRight->setCoords(to, 1);
        rect->setPen(Qt::NoPen);
        rect->setBrush(QColor(0, 0, 0, 28));
        rect->setLayer("background");
    }
    const QCPRange y = plot_->yAxis->range();
    if (!data_.logY) plot_->yAxis->setRange(std::min(0.0, y.lower), y.upper + 0.05 * (y.upper - y.lower));
    plot_->replot();
}

bool LineChartView::exportTo(const QString& path, QString* error)
{
    return exportPlot(plot_, path, error);
}

}  // namespace spectro::widgets
