#pragma once
// The base of every workbench view (one subclass per figure of core/figures/figure_data.h).
// It owns what all views share, so each view only draws:
//   - an empty state that says in one line what to do, shown while the view has no figure;
//   - hover read-out (a label under the plot) and click-to-lock of the selection, with a
//     visible unlock button and Esc;
//   - export of the figure (PDF and SVG vector, PNG at a chosen size and DPI) and of the table it
//     shows (CSV, through the figure's FigureTable), one exporter for all views;
//   - keyboard operation (arrow keys move the selected token / layer where the view has one).
// Views take figures as immutable snapshots (figures::FigurePtr) and never compute them.
#include "figures/figure_table.h"
#include "workbench/selection.h"

#include <QString>
#include <QWidget>

class QCustomPlot;
class QLabel;
class QStackedWidget;
class QToolButton;

namespace spectro::widgets {

struct ExportOptions {
    double widthCm = 0, heightCm = 0; // 0: the view's size on screen
    int dpi = 300;                    // PNG only
    double fontPt = 0;                // 0: the view's font
    QString title;                    // stored in the file's metadata with the provenance
};

class FigureView : public QWidget {
    Q_OBJECT
public:
    explicit FigureView(QString viewId, QWidget* parent = nullptr);

    const QString& viewId() const { return viewId_; }
    // The table of what is drawn now (empty columns when there is nothing to show).
    virtual figures::FigureTable table() const = 0;
    bool hasFigure() const { return hasFigure_; }

    // PDF / SVG / PNG by extension; CSV writes table(). One-line error naming the file.
    bool exportTo(const QString& path, const ExportOptions& options, QString* error = nullptr);

    // The session's selection changed: redraw markers only (never the data).
    void setSelection(const workbench::Selection& selection);
    const workbench::Selection& selection() const { return selection_; }

    // The view's own settings (e.g. "fraction": true) as a JSON object text, for the session.
    virtual QString settings() const { return QStringLiteral("{}"); }
    virtual void applySettings(const QString& json) { (void)json; }

Q_SIGNALS:
    // The user hovered (preview) or clicked (lock) something this view shows.
    void selectionHovered(const spectro::workbench::Selection& selection);
    void selectionRequested(const spectro::workbench::Selection& selection);

protected:
    // Subclasses call these.
    void showFigure();                         // leave the empty state
    void showEmpty(const QString& whatToDo);   // e.g. "Run a corpus with the attn tap to see sinks."
    void setReadout(const QString& text);      // hover read-out line
    QCustomPlot* plot() const { return plot_; }
    virtual void selectionChanged() {}         // redraw the selection markers
    void keyPressEvent(QKeyEvent* event) override;

private:
    QString viewId_;
    QStackedWidget* stack_;
    QLabel* empty_;
    QCustomPlot* plot_;
    QLabel* readout_;
    QToolButton* unlock_;
    workbench::Selection selection_;
    bool hasFigure_ = false;
};

}  // namespace spectro::widgets
