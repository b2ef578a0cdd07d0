#include "figure_view.h"

#include "axis_label_fit.h"
#include "binned_color_map.h"
#include "export_dialog.h"
#include "plot_style.h"
#include "qcustomplot_include.h"
#include "token_axis.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace spectro::widgets {

namespace {

// A press and a release closer than this (in pixels, Manhattan) are a click, not a drag.
constexpr double kClickSlop = 4.0;

} // namespace

FigureView::FigureView(QString viewId, QWidget* parent) : QWidget(parent), viewId_(std::move(viewId))
{
    setFocusPolicy(Qt::StrongFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);

    auto* header = new QHBoxLayout;
    controls_ = new QHBoxLayout;
    controls_->setSpacing(6);
    header->addLayout(controls_);
    header->addStretch(1);
    busy_ = new QLabel(tr("Updating…"), this);
    busy_->setToolTip(tr("A newer figure is being read from the cache; the one shown stays until it arrives"));
    busy_->setVisible(false);
    header->addWidget(busy_);
    unlock_ = new QToolButton(this);
    unlock_->setText(tr("Unlock"));
    unlock_->setToolTip(tr("Release the locked selection, so that views follow the mouse again (Esc)"));
    unlock_->setAccessibleName(tr("Unlock selection"));
    connect(unlock_, &QToolButton::clicked, this, [this] {
        workbench::Selection released = selection_;
        released.locked = false;
        Q_EMIT selectionRequested(released);
    });
    header->addWidget(unlock_);
    export_ = new QToolButton(this);
    export_->setText(tr("Export"));
    export_->setToolTip(tr("Export this figure (PDF, SVG, PNG) or the data it shows (CSV)"));
    export_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(export_);
    menu->setToolTipsVisible(true);
    QAction* figureAction =
        menu->addAction(tr("Figure (PDF, SVG, PNG)…"), this, &FigureView::exportFigureInteractively);
    figureAction->setToolTip(tr("Vector PDF or SVG, or PNG at a chosen size and resolution"));
    QAction* tableAction = menu->addAction(tr("Data (CSV)…"), this, &FigureView::exportTableInteractively);
    tableAction->setToolTip(tr("The numbers this view shows, with their provenance"));
    export_->setMenu(menu);
    header->addWidget(export_);
    layout->addLayout(header);

    stack_ = new QStackedWidget(this);
    auto* emptyPage = new QWidget(stack_);
    auto* emptyLayout = new QVBoxLayout(emptyPage);
    empty_ = new QLabel(emptyPage);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    emptyAction_ = new QPushButton(emptyPage);
    emptyAction_->setVisible(false);
    connect(emptyAction_, &QPushButton::clicked, this, &FigureView::messageActionTriggered);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(empty_);
    emptyLayout->addWidget(emptyAction_, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(1);
    stack_->addWidget(emptyPage);

    auto* plotPage = new QWidget(stack_);
    plotPage_ = new QVBoxLayout(plotPage);
    plotPage_->setContentsMargins(0, 0, 0, 0);
    plotPage_->setSpacing(0);
    plot_ = new QCustomPlot(plotPage);
    plot_->setMinimumSize(160, 120);
    applyPlotStyle(plot_);
    plotRow_ = new QHBoxLayout;
    plotRow_->setContentsMargins(0, 0, 0, 0);
    plotRow_->setSpacing(0);
    plotRow_->addWidget(plot_, 1);
    plotPage_->addLayout(plotRow_, 1);
    stack_->addWidget(plotPage);
    layout->addWidget(stack_, 1);

    readout_ = new QLabel(this);
    readout_->setTextFormat(Qt::PlainText);
    readout_->setToolTip(tr("What is under the mouse; click to lock it as the selection of every view"));
    readout_->setMinimumWidth(1);
    layout->addWidget(readout_);

    plot_->addLayer(QStringLiteral("markers"), plot_->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    markerLayer_ = plot_->layer(QStringLiteral("markers"));
    markerLayer_->setMode(QCPLayer::lmBuffered);

    // Axis labels wrap to their axes' length (a one-column figure, a small dock).
    wrapAxisLabels(plot_);
    plot_->setMouseTracking(true);
    plot_->installEventFilter(this);
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        pressedAt_ = e->position();
        pressed_ = true;
    });
    connect(plot_, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        const bool click = pressed_ && (e->position() - pressedAt_).manhattanLength() < kClickSlop;
        pressed_ = false;
        if (click && hasFigure_ && e->button() == Qt::LeftButton) clickAt(e->position());
    });
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        if (hasFigure_ && e->buttons() == Qt::NoButton) hoverAt(e->position());
    });

    updateUnlock();
    showEmpty(tr("Nothing to show yet."));
}

bool FigureView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == plot_ && event->type() == QEvent::Leave && hasFigure_) {
        hoverLeft();
        if (previewing_) {
            previewing_ = false;
            Q_EMIT hoverEnded();
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool FigureView::exportTo(const QString& path, const ExportOptions& options, QString* error)
{
    if (!hasFigure_) {
        if (error) *error = tr("%1: the %2 view has no figure to export").arg(path, viewId_);
        return false;
    }
    if (QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0) {
        return exportTable(table(), path, error);
    }
    // The figure's file names the data it draws: the SHA-256 of the CSV the same view writes, so
    // a reader (or a test) can tell that a PDF and a CSV show the same numbers.
    const figures::FigureTable shown = table();
    Provenance provenance = shown.provenance;
    const std::string csv = shown.csv();
    provenance["data_sha256"] =
        QCryptographicHash::hash(QByteArray::fromStdString(csv), QCryptographicHash::Sha256).toHex().toStdString();
    return exportFigure(plot_, path, options, provenance, error);
}

void FigureView::setSelection(const workbench::Selection& selection)
{
    if (selection == selection_) return;
    selection_ = selection;
    // Another selection than the one previewed: hovering the previewed thing again previews anew.
    workbench::Selection unlocked = selection;
    unlocked.locked = false;
    if (!(unlocked == lastPreview_)) previewing_ = false;
    updateUnlock();
    if (hasFigure_) selectionChanged();
}

void FigureView::showMessage(const QString& text, const QString& actionText)
{
    resetFigure();
    showEmpty(text);
    emptyAction_->setText(actionText);
    emptyAction_->setToolTip(actionText);
    emptyAction_->setVisible(!actionText.isEmpty());
}

void FigureView::setBusy(bool busy)
{
    busy_->setVisible(busy);
}

bool FigureView::isBusy() const
{
    return !busy_->isHidden();
}

QString FigureView::readout() const
{
    return readout_->text();
}

QString FigureView::emptyText() const
{
    return hasFigure_ ? QString() : empty_->text();
}

bool FigureView::isDrawing() const
{
    const auto maps = plot_->findChildren<BinnedColorMap*>();
    return std::any_of(maps.begin(), maps.end(), [](const BinnedColorMap* m) { return m->pending(); });
}

void FigureView::watchDrawing()
{
    // The views' colour maps are children of the plot; whichever finishes last ends the drawing.
    for (BinnedColorMap* map : plot_->findChildren<BinnedColorMap*>()) {
        connect(map, &BinnedColorMap::binned, this, &FigureView::onMapBinned, Qt::UniqueConnection);
    }
}

void FigureView::onMapBinned()
{
    if (!isDrawing()) Q_EMIT drawingFinished();
}

void FigureView::showFigure()
{
    hasFigure_ = true;
    previewing_ = false;
    watchDrawing();
    stack_->setCurrentIndex(1);
    export_->setEnabled(true);
}

void FigureView::showEmpty(const QString& whatToDo)
{
    hasFigure_ = false;
    empty_->setText(whatToDo);
    emptyAction_->setVisible(false);
    stack_->setCurrentIndex(0);
    readout_->clear();
    export_->setEnabled(false);
}

void FigureView::setReadout(const QString& text)
{
    readout_->setText(text);
}

void FigureView::addFooter(QWidget* widget)
{
    plotPage_->addWidget(widget);
}

void FigureView::addSide(QWidget* widget)
{
    plotRow_->addWidget(widget);
}

void FigureView::replotMarkers()
{
    replotLayer(markerLayer_);
}

void FigureView::replotLayer(QCPLayer* layer)
{
    // A buffered layer repaints alone once the plot has been drawn; before that (never shown,
    // offscreen tests) a queued full replot draws everything once.
    if (layer->mode() == QCPLayer::lmBuffered && plot_->isVisible()) {
        layer->replot();
    } else {
        plot_->replot(QCustomPlot::rpQueuedReplot);
    }
}

workbench::Selection FigureView::keyStep(const workbench::Selection& from, int key) const
{
    (void)key;
    return from;
}

void FigureView::preview(workbench::Selection selection)
{
    selection.locked = false;
    if (previewing_ && selection == lastPreview_) return;
    previewing_ = true;
    lastPreview_ = selection;
    Q_EMIT selectionHovered(selection);
}

void FigureView::lock(workbench::Selection selection)
{
    selection.locked = true;
    Q_EMIT selectionRequested(selection);
}

void FigureView::request(const workbench::Selection& selection)
{
    Q_EMIT selectionRequested(selection);
}

void FigureView::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    if (key == Qt::Key_Escape && selection_.locked) {
        workbench::Selection released = selection_;
        released.locked = false;
        Q_EMIT selectionRequested(released);
        event->accept();
        return;
    }
    if (TokenAxis* axis = tokenAxis(); axis && hasFigure_) {
        if (key == Qt::Key_Plus || key == Qt::Key_Equal) {
            axis->zoomBy(0.5);
            event->accept();
            return;
        }
        if (key == Qt::Key_Minus) {
            axis->zoomBy(2.0);
            event->accept();
            return;
        }
        if (key == Qt::Key_0) {
            axis->showAll();
            event->accept();
            return;
        }
    }
    const bool stepKey = key == Qt::Key_Left || key == Qt::Key_Right || key == Qt::Key_Up || key == Qt::Key_Down ||
                         key == Qt::Key_PageUp || key == Qt::Key_PageDown || key == Qt::Key_Home || key == Qt::Key_End;
    if (stepKey && hasFigure_) {
        workbench::Selection next = keyStep(selection_, key);
        next.locked = selection_.locked;
        if (!(next == selection_)) {
            lock(next);
            event->accept();
            return;
        }
    }
    QWidget::keyPressEvent(event);
}

void FigureView::updateUnlock()
{
    unlock_->setEnabled(selection_.locked);
}

void FigureView::exportFigureInteractively()
{
    const QString suggested =
        lastExportPath_.isEmpty() ? QDir::home().filePath(viewId_ + QStringLiteral(".pdf")) : lastExportPath_;
    ExportDialog dialog(suggested, lastExport_, plot_->size(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    QString error;
    // The dialog's palette for this file only: restyled for the export, back to the app's after.
    PlotStyle style = plotStyle();
    style.palette = dialog.palette();
    restylePlot(plot_, style);
    const bool exported = exportTo(dialog.path(), dialog.options(), &error);
    restylePlot(plot_);
    plot_->replot(QCustomPlot::rpQueuedReplot);
    if (!exported) {
        QMessageBox::warning(this, tr("Export Figure"), error);
        return;
    }
    lastExport_ = dialog.options();
    lastExportPath_ = dialog.path();
}

void FigureView::exportTableInteractively()
{
    const QString dir = lastExportPath_.isEmpty() ? QDir::homePath() : QFileInfo(lastExportPath_).absolutePath();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Data"), QDir(dir).filePath(viewId_ + QStringLiteral(".csv")), tableExportFilter());
    if (path.isEmpty()) return;
    QString error;
    if (!exportTo(path, {}, &error)) QMessageBox::warning(this, tr("Export Data"), error);
}

} // namespace spectro::widgets
