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
//
// Selection protocol: a view never changes its own selection. It emits selectionHovered (a
// preview, locked = false) and selectionRequested (a click or key: locked = true; the unlock
// button and Esc: the same selection with locked = false); the session's owner decides and calls
// setSelection on every view, the emitting one included.
#include "figure_export.h"
#include "figures/figure_table.h"
#include "workbench/selection.h"

#include <QString>
#include <QWidget>

class QCustomPlot;
class QCPLayer;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QStackedWidget;
class QToolButton;
class QVBoxLayout;

namespace spectro::widgets {

class TokenAxis;

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

    // Drops the figure and shows `text` (what to do, one line), with a button when `actionText`
    // is given (e.g. "Locate model…"; it emits messageActionTriggered). For the app's states:
    // "This view needs the model's weights", "No attention tap in this cache", errors.
    void showMessage(const QString& text, const QString& actionText = QString());
    // A newer figure is being built: a small indicator; the old figure stays until it arrives.
    void setBusy(bool busy);
    bool isBusy() const;
    // Whether a colour map of this view is still being binned off the GUI thread (the picture
    // shown is then the previous one, stretched); drawingFinished says when it is done. For
    // --screenshot and other waits for "every view shows its data".
    bool isDrawing() const;
    // The scrollable token axis of this view, if it has one (the app links them, token_axis.h).
    virtual TokenAxis* tokenAxis() { return nullptr; }
    // The plot, for tests and for the exporter.
    QCustomPlot* plotWidget() const { return plot_; }
    QString readout() const;
    QString emptyText() const;

Q_SIGNALS:
    // The user hovered (preview) or clicked (lock) something this view shows. A preview is
    // emitted when the hovered thing changes, not on every mouse move.
    void selectionHovered(const spectro::workbench::Selection& selection);
    // The mouse left the plot: the preview is over (the owner may restore the locked selection).
    void hoverEnded();
    void selectionRequested(const spectro::workbench::Selection& selection);
    // The user changed a setting that needs another figure (settings() tells which).
    void settingsChanged();
    void messageActionTriggered();
    void drawingFinished();

protected:
    // Subclasses call these.
    void showFigure();                         // leave the empty state
    void showEmpty(const QString& whatToDo);   // e.g. "Run a corpus with the attn tap to see sinks."
    void setReadout(const QString& text);      // hover read-out line
    QCustomPlot* plot() const { return plot_; }
    virtual void selectionChanged() {}         // redraw the selection markers
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

    // Hover and click, in the plot's pixel coordinates; a press and release within a few pixels is
    // a click, anything longer a drag (scrolling a token axis), which is not.
    virtual void hoverAt(const QPointF& pixel) { (void)pixel; }
    virtual void hoverLeft() {}
    virtual void clickAt(const QPointF& pixel) { (void)pixel; }
    // The selection an arrow / Page key moves to (Left/Right: token or column, Up/Down: layer or
    // row); the default moves nothing. The base locks it and emits selectionRequested.
    virtual workbench::Selection keyStep(const workbench::Selection& from, int key) const;
    // Emit a hover preview (locked = false) / a lock request (locked = true).
    void preview(workbench::Selection selection);
    void lock(workbench::Selection selection);
    // Emit a change of the selection that keeps its lock state (a matrix chooser).
    void request(const workbench::Selection& selection);
    // Per-view controls go into this row, left of the unlock and export buttons.
    QHBoxLayout* controls() const { return controls_; }
    // Widgets under the plot (a token axis's scroll bar) and right of it (a vertical scroll bar).
    void addFooter(QWidget* widget);
    void addSide(QWidget* widget);
    // Markers (selection, hover) live on one buffered layer above the data, so a hover replots
    // only that layer, never a heatmap.
    QCPLayer* markerLayer() const { return markerLayer_; }
    void replotMarkers();
    // The same for another buffered layer of the view's own.
    void replotLayer(QCPLayer* layer);
    // Drop the figure (showMessage calls it before showing the message).
    virtual void resetFigure() {}

private:
    void exportFigureInteractively();
    void exportTableInteractively();
    void updateUnlock();
    void watchDrawing();
    void onMapBinned();

    QString viewId_;
    QHBoxLayout* controls_;
    QStackedWidget* stack_;
    QLabel* empty_;
    QPushButton* emptyAction_;
    QCustomPlot* plot_;
    QVBoxLayout* plotPage_;
    QHBoxLayout* plotRow_;
    QLabel* readout_;
    QLabel* busy_;
    QToolButton* unlock_;
    QToolButton* export_;
    QCPLayer* markerLayer_;
    workbench::Selection selection_;
    bool hasFigure_ = false;
    QPointF pressedAt_;
    bool pressed_ = false;
    workbench::Selection lastPreview_;
    bool previewing_ = false;
    ExportOptions lastExport_;
    QString lastExportPath_;
};

}  // namespace spectro::widgets
