#pragma once
// Horizontal bar chart of the k most probable next tokens at one position: the quickest look at
// what the model "wants to say" before and after an intervention. Takes plain data.
#include <QString>
#include <QWidget>
#include <utility>
#include <vector>

class QCustomPlot;
class QCPBars;
class QCPItemText;
class QCPTextElement;

namespace spectro::widgets {

class NextTokenView : public QWidget {
    Q_OBJECT
public:
    // (piece as the vocabulary spells it, probability in [0, 1]), most probable first.
    using Entry = std::pair<QString, double>;

    explicit NextTokenView(QWidget* parent = nullptr);

    void setData(std::vector<Entry> entries);
    const std::vector<Entry>& data() const { return entries_; }
    void clear();
    void setTitle(const QString& title);

    // Figure export; the extension picks PNG, PDF, SVG or JPEG (see plot_export.h).
    bool exportTo(const QString& path);
    // Table export: "rank,piece,probability", one row per bar, most probable first.
    bool exportCsv(const QString& path);
    QString lastError() const { return lastError_; }

    QCustomPlot* plot() const { return plot_; }

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void retranslate();
    void exportFigureInteractively();
    void exportCsvInteractively();

    QCustomPlot* plot_ = nullptr;
    QCPBars* bars_ = nullptr;
    QCPTextElement* title_ = nullptr;
    QCPItemText* emptyLabel_ = nullptr;
    std::vector<QCPItemText*> valueLabels_;
    std::vector<Entry> entries_;
    QString customTitle_;
    QString lastError_;
};

} // namespace spectro::widgets
