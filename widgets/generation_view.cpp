#include "generation_view.h"

#include "plot_style.h"
#include "qcustomplot_include.h"
#include "view_helpers.h"

#include <QTextBrowser>
#include <algorithm>

namespace spectro::widgets {

namespace {

// Cell values of the two rows: what the colour says.
constexpr double kPrompt = 0, kFresh = 1, kRepeated = 2;

QColor repeatColor()
{
    return QColor(0xf0, 0x8c, 0x28);
}

QString htmlOf(const figures::TokenLabels& tokens, const std::vector<bool>& repeated)
{
    QString html;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        QString piece = QString::fromStdString(tokens.pieces[i]).toHtmlEscaped();
        piece.replace(QChar(0x00b7), QLatin1Char(' '));
        if (i < repeated.size() && repeated[i])
            html += QStringLiteral("<span style=\"background:%1\">%2</span>").arg(repeatColor().name(), piece);
        else
            html += piece;
    }
    return html;
}

} // namespace

GenerationView::GenerationView(QWidget* parent) : FigureView(QStringLiteral("filterlab-generation"), parent)
{
    title_ = addPlotTitle(plot());
    rows_ = new QCPColorMap(plot()->xAxis, plot()->yAxis);
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(0xe6, 0xe6, 0xe6));
    g.setColorStopAt(0.5, QColor(0xc6, 0xdb, 0xef));
    g.setColorStopAt(1.0, repeatColor());
    g.setLevelCount(3);
    rows_->setGradient(g);
    rows_->setDataRange(QCPRange(kPrompt, kRepeated));
    rows_->setInterpolate(false);
    rows_->setTightBoundary(false);
    plot()->xAxis->setLabel(tr("position (prompt, then continuation)"));
    plot()->xAxis->grid()->setVisible(false);
    plot()->yAxis->grid()->setVisible(false);
    text_ = new QTextBrowser(this);
    text_->setMaximumHeight(120);
    addFooter(text_);
    showEmpty(tr("Type a prompt in the filter lab and press Generate to compare continuations."));
}

void GenerationView::setFigure(figures::FigurePtr<figures::GenerationFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_) {
        showEmpty(tr("No generation yet."));
        return;
    }
    const int p = static_cast<int>(figure_->prompt.size());
    const int width = p + static_cast<int>(std::max(figure_->unfiltered.size(), figure_->filtered.size()));
    rows_->data()->setSize(std::max(1, width), 2);
    rows_->data()->setRange(QCPRange(0, std::max(1, width) - 1), QCPRange(0, 1));
    auto fill = [&](int row, const figures::TokenLabels& continuation, const std::vector<bool>& repeated) {
        for (int x = 0; x < width; ++x) {
            double v = std::nan("");
            if (x < p)
                v = kPrompt;
            else if (x - p < static_cast<int>(continuation.size()))
                v = repeated[static_cast<std::size_t>(x - p)] ? kRepeated : kFresh;
            rows_->data()->setCell(x, row, v);
        }
    };
    fill(1, figure_->unfiltered, figure_->unfilteredRepeated);
    fill(0, figure_->filtered, figure_->filteredRepeated);
    auto yTicks = QSharedPointer<QCPAxisTickerText>::create();
    yTicks->addTick(
        1, tr("unfiltered\nrep-%1 %2").arg(figure_->n).arg(QString::number(figure_->unfilteredRepetition, 'f', 2)));
    yTicks->addTick(
        0, tr("filtered\nrep-%1 %2").arg(figure_->n).arg(QString::number(figure_->filteredRepetition, 'f', 2)));
    plot()->yAxis->setTicker(yTicks);
    plot()->yAxis->setRange(-0.5, 1.5);
    plot()->xAxis->setRange(-0.5, width - 0.5);
    title_->setText(tr("Generation \u2014 %1 (orange: repeated %2-grams)")
                        .arg(QString::fromStdString(figure_->setting))
                        .arg(figure_->n));
    text_->setHtml(textHtml());
    showFigure();
    plot()->replot(QCustomPlot::rpQueuedReplot);
}

QString GenerationView::textHtml() const
{
    if (!figure_) return {};
    const QString prompt = htmlOf(figure_->prompt, {});
    return tr("<p><b>Unfiltered</b> (rep-%1 %2): <i>%3</i>%4</p><p><b>Filtered</b> (rep-%1 %5): <i>%3</i>%6</p>")
        .arg(figure_->n)
        .arg(QString::number(figure_->unfilteredRepetition, 'f', 2), prompt,
             htmlOf(figure_->unfiltered, figure_->unfilteredRepeated),
             QString::number(figure_->filteredRepetition, 'f', 2),
             htmlOf(figure_->filtered, figure_->filteredRepeated));
}

figures::FigureTable GenerationView::table() const
{
    return figure_ ? figure_->table() : figures::FigureTable{};
}

void GenerationView::resetFigure()
{
    figure_.reset();
    text_->clear();
}

void GenerationView::hoverAt(const QPointF& pixel)
{
    if (!plot()->axisRect()->rect().contains(pixel.toPoint())) return;
    const long x = std::lround(plot()->xAxis->pixelToCoord(pixel.x()));
    const long row = std::lround(plot()->yAxis->pixelToCoord(pixel.y()));
    const long p = static_cast<long>(figure_->prompt.size());
    if (x < 0 || row < 0 || row > 1) return;
    const figures::TokenLabels& continuation = row == 1 ? figure_->unfiltered : figure_->filtered;
    const std::vector<bool>& repeated = row == 1 ? figure_->unfilteredRepeated : figure_->filteredRepeated;
    if (x < p) {
        setReadout(tr("Prompt token %1: %2")
                       .arg(x)
                       .arg(QString::fromStdString(figure_->prompt.pieces[static_cast<std::size_t>(x)])));
    } else if (x - p < static_cast<long>(continuation.size())) {
        const auto i = static_cast<std::size_t>(x - p);
        setReadout(tr("%1 continuation, token %2: %3%4")
                       .arg(row == 1 ? tr("Unfiltered") : tr("Filtered"))
                       .arg(i)
                       .arg(QString::fromStdString(continuation.pieces[i]),
                            repeated[i] ? tr(" (in a repeated %1-gram)").arg(figure_->n) : QString()));
    }
}

} // namespace spectro::widgets
