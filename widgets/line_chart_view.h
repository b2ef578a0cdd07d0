#pragma once
// Several named series over a shared x axis, optionally with a logarithmic y axis: singular
// value spectra, per-layer norms (the BoS decomposition), U-dark ratios of HMLV vs other tokens,
// swap vs no swap, loss curves. Takes plain data.
#include <QColor>
#include <QString>
#include <QWidget>
#include <vector>

class QCustomPlot;

namespace spectro::widgets {

struct LineSeries {
    QString name;
    std::vector<double> x, y;
    bool dashed = false;
    bool markers = false;
};

struct LineChartData {
    QString title, xLabel, yLabel;
    bool logY = false;
    std::vector<LineSeries> series;
    // Vertical shaded spans (e.g. band N of a spectrum), in x units.
    std::vector<std::pair<double, double>> shaded;
};

class LineChartView : public QWidget {
    Q_OBJECT
public:
    explicit LineChartView(QWidget* parent = nullptr);
    void setData(LineChartData data);
    const LineChartData& data() const { return data_; }
    bool exportTo(const QString& path, QString* error = nullptr);
    QCustomPlot* plot() const { return plot_; }

    // The colour of series i (a fixed palette that survives greyscale printing).
    static QColor seriesColor(int i);

private:
    QCustomPlot* plot_;
    LineChartData data_;
};

}  // namespace spectro::widgets
