#include "next_token_view.h"

#include "plot_export.h"
#include "plot_style.h"
#include "qcustomplot_include.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QMenu>
#include <QMessageBox>
#include <QVBoxLayout>
#include <algorithm>

namespace spectro::widgets {

namespace {

// One unit for every bar: "96.9 %" for the head, two significant digits ("0.026 %") for the
// tail, where a fixed one decimal would print a column of "0.0 %".
QString percentLabel(double p)
{
    const double percent = p * 100.0;
    const QString number = percent >= 1.0 ? QString::number(percent, 'f', 1) : QString::number(percent, 'g', 2);
    return number + QStringLiteral(" %");
}

} // namespace

NextTokenView::NextTokenView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    setMinimumSize(320, 240);

    applyPlotStyle(plot_);
    // Token pieces are compared character by character ("▁the" vs "the"), so they get a
    // fixed-width font; the rest of the figure keeps the application font.
    QFont pieceFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    pieceFont.setPointSizeF(font().pointSizeF());
    plot_->yAxis->setTickLabelFont(pieceFont);
    plot_->yAxis->grid()->setVisible(false);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    plot_->yAxis->setSubTicks(false);
    plot_->yAxis->setTickLength(0, 4);
    plot_->xAxis->setRange(0, 1);
    plot_->xAxis->setSubTicks(false);

    plot_->plotLayout()->insertRow(0);
    title_ = new QCPTextElement(plot_, QString(), QFont(font().family(), font().pointSize() + 1, QFont::DemiBold));
    plot_->plotLayout()->addElement(0, 0, title_);

    bars_ = new QCPBars(plot_->yAxis, plot_->xAxis);
    bars_->setWidth(0.72);
    const QColor accent = primarySeriesColor();
    bars_->setPen(QPen(accent.darker(120), 1));
    bars_->setBrush(accent);

    emptyLabel_ = new QCPItemText(plot_);
    emptyLabel_->setPositionAlignment(Qt::AlignCenter);
    emptyLabel_->position->setType(QCPItemPosition::ptAxisRectRatio);
    emptyLabel_->position->setCoords(0.5, 0.5);
    emptyLabel_->setColor(QColor(0x80, 0x80, 0x80));

    retranslate();
    rebuild();
}

void NextTokenView::setTitle(const QString& title)
{
    customTitle_ = title;
    retranslate();
    plot_->replot();
}

void NextTokenView::retranslate()
{
    title_->setText(customTitle_.isEmpty() ? tr("Next-token probabilities") : customTitle_);
    plot_->xAxis->setLabel(tr("probability"));
    emptyLabel_->setText(tr("Run a prompt to see the next-token distribution"));
}

void NextTokenView::setData(std::vector<Entry> entries)
{
    entries_ = std::move(entries);
    rebuild();
}

void NextTokenView::clear()
{
    setData({});
}

void NextTokenView::rebuild()
{
    for (QCPItemText* label : valueLabels_) plot_->removeItem(label);
    valueLabels_.clear();

    // Most probable at the top: rank r sits at key n - r.
    const int n = static_cast<int>(entries_.size());
    QVector<double> keys, values;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double maxValue = 0.0;
    for (int r = 0; r < n; ++r) {
        const double key = n - r;
        keys << key;
        values << entries_[static_cast<std::size_t>(r)].second;
        maxValue = std::max(maxValue, entries_[static_cast<std::size_t>(r)].second);
        ticker->addTick(key, entries_[static_cast<std::size_t>(r)].first);
    }
    bars_->setData(keys, values, true);
    plot_->yAxis->setTicker(ticker);
    plot_->yAxis->setRange(0.4, std::max(n, 1) + 0.6);
    // Leave room right of the longest bar for its value label.
    plot_->xAxis->setRange(0, std::max(0.05, maxValue * 1.18));

    for (int r = 0; r < n; ++r) {
        auto* label = new QCPItemText(plot_);
        label->setClipToAxisRect(false);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->position->setAxes(plot_->xAxis, plot_->yAxis);
        label->position->setCoords(entries_[static_cast<std::size_t>(r)].second, n - r);
        label->setPadding(QMargins(4, 0, 0, 0));
        label->setColor(QColor(0x30, 0x30, 0x30));
        const double p = entries_[static_cast<std::size_t>(r)].second;
        label->setText(percentLabel(p));
        valueLabels_.push_back(label);
    }
    emptyLabel_->setVisible(n == 0);
    plot_->replot();
}

bool NextTokenView::exportTo(const QString& path)
{
    lastError_.clear();
    return exportPlot(plot_, path, &lastError_);
}

bool NextTokenView::exportCsv(const QString& path)
{
    lastError_.clear();
    std::vector<QStringList> rows;
    rows.reserve(entries_.size());
    for (std::size_t r = 0; r < entries_.size(); ++r) {
        rows.push_back({QString::number(r + 1), entries_[r].first, QString::number(entries_[r].second, 'g', 9)});
    }
    return writeCsv(path, {QStringLiteral("rank"), QStringLiteral("piece"), QStringLiteral("probability")}, rows,
                    &lastError_);
}

void NextTokenView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    QAction* figure = menu.addAction(tr("Export Figure…"));
    QAction* table = menu.addAction(tr("Export Data as CSV…"));
    figure->setEnabled(!entries_.empty());
    table->setEnabled(!entries_.empty());
    QAction* chosen = menu.exec(event->globalPos());
    if (chosen == figure) exportFigureInteractively();
    if (chosen == table) exportCsvInteractively();
}

void NextTokenView::exportFigureInteractively()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Figure"), QStringLiteral("next-tokens.png"), plotExportFilter());
    if (!path.isEmpty() && !exportTo(path)) QMessageBox::warning(this, tr("Export Figure"), lastError_);
}

void NextTokenView::exportCsvInteractively()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Data"), QStringLiteral("next-tokens.csv"),
                                                      tr("CSV table (*.csv)"));
    if (!path.isEmpty() && !exportCsv(path)) QMessageBox::warning(this, tr("Export Data"), lastError_);
}

void NextTokenView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        plot_->replot();
    }
    QWidget::changeEvent(event);
}

} // namespace spectro::widgets
