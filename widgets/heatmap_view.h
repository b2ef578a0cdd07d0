#pragma once
// A labelled heatmap: the NLL sweep (layer x bands kept), aptitude (head x band), spectrograms
// (token x band). Takes plain data; cells are drawn at integer coordinates with their labels.
#include <QString>
#include <QStringList>
#include <QWidget>
#include <vector>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;

namespace spectro::widgets {

struct HeatmapData {
    QString title, xLabel, yLabel, valueLabel;
    QStringList xTicks, yTicks;  // one label per column / row
    int columns = 0, rows = 0;
    std::vector<double> values;  // [rows * columns], row-major, row 0 at the bottom
};

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);
    void setData(HeatmapData data);
    const HeatmapData& data() const { return data_; }
    // Writes the figure; the extension picks the format (plot_export.h).
    bool exportTo(const QString& path, QString* error = nullptr);
    QCustomPlot* plot() const { return plot_; }

private:
    QCustomPlot* plot_;
    QCPColorMap* map_;
    QCPColorScale* scale_;
    HeatmapData data_;
};

}  // namespace spectro::widgets
