#include "token_strip_view.h"

#include "token_axis.h"
#include "token_flow.h"
#include "view_helpers.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QScrollBar>
#include <QWheelEvent>
#include <cmath>

namespace spectro::widgets {

namespace {

// The measures the app can colour the strip by (figure_data.h, TokenStripFigure::measure).
const char* const kMeasures[] = {"udr", "edr", "attention_received", "nll"};

} // namespace

QString TokenStripView::measureName(const QString& measure)
{
    if (measure == QLatin1String("udr")) return tr("U-dark ratio");
    if (measure == QLatin1String("edr")) return tr("E-dark ratio");
    if (measure == QLatin1String("attention_received")) return tr("attention received");
    if (measure == QLatin1String("nll")) return tr("NLL (nats)");
    if (measure == QLatin1String("nll_change")) return tr("NLL change (nats)");
    return measure;
}

TokenStripView::TokenStripView(QWidget* parent) : FigureViewOf(QStringLiteral("token_strip"), parent)
{
    title_ = addPlotTitle(plot());
    scale_ = addColorScale(plot(), 0, 1, QString(), plot()->axisRect());
    for (QCPAxis* axis : plot()->axisRect()->axes()) axis->setVisible(false);
    plot()->axisRect()->setAutoMargins(QCP::msNone);
    plot()->axisRect()->setMargins(QMargins(4, 4, 4, 4));
    flow_ = new TokenFlowItem(plot());
    flow_->setClipAxisRect(plot()->axisRect());
    // The chips are the figure, not markers (an export hides the markers layer, and with it
    // every chip): a buffered layer of their own under the markers, so a hover repaints only it.
    plot()->addLayer(QStringLiteral("tokens"), markerLayer(), QCustomPlot::limBelow);
    tokens_ = plot()->layer(QStringLiteral("tokens"));
    tokens_->setMode(QCPLayer::lmBuffered);
    flow_->setLayer(tokens_);

    scroll_ = new QScrollBar(Qt::Vertical, this);
    scroll_->setToolTip(tr("Scroll the sample's lines (or use the wheel)"));
    scroll_->setVisible(false);
    connect(scroll_, &QScrollBar::valueChanged, this, [this](int line) {
        flow_->setFirstLine(line);
        replotLayer(tokens_);
    });
    addSide(scroll_);
    connect(plot(), &QCustomPlot::mouseWheel, this, [this](QWheelEvent* event) {
        const int steps = event->angleDelta().y() / 120;
        if (steps != 0) scrollToLine(flow_->firstLine() - 3 * steps);
    });
    // The layout depends on the width: after a resize, the scroll range changes.
    connect(plot(), &QCustomPlot::afterLayout, this, &TokenStripView::updateScrollBar);

    measure_ = new QComboBox(this);
    for (const char* m : kMeasures) measure_->addItem(measureName(QString::fromLatin1(m)), QString::fromLatin1(m));
    measure_->setToolTip(tr("What colours the tokens"));
    connect(measure_, qOverload<int>(&QComboBox::activated), this, [this] { Q_EMIT settingsChanged(); });
    controls()->addWidget(measure_);
    showEmpty(tr("Run a corpus into a cache to see its samples' tokens here."));
}

void TokenStripView::setFigure(figures::FigurePtr<figures::TokenStripFigure> figure)
{
    figure_ = std::move(figure);
    if (!figure_ || figure_->tokens.size() == 0) {
        figure_.reset();
        showEmpty(tr("This sample has no tokens to show."));
        return;
    }
    const QString measure = QString::fromStdString(figure_->measure);
    int index = measure_->findData(measure);
    if (index < 0) {
        measure_->addItem(measureName(measure), measure);
        index = measure_->count() - 1;
    }
    measure_->setCurrentIndex(index);
    std::vector<QString> pieces;
    pieces.reserve(figure_->tokens.size());
    for (std::size_t t = 0; t < figure_->tokens.size(); ++t) {
        pieces.push_back(t < figure_->tokens.pieces.size() ? QString::fromStdString(figure_->tokens.pieces[t])
                                                           : QStringLiteral("#%1").arg(figure_->tokens.ids[t]));
    }
    std::vector<double> values = figure_->values;
    values.resize(pieces.size(), std::nan(""));
    const auto [lo, hi] = robustRange(values);
    flow_->setTokens(std::move(pieces), std::move(values));
    flow_->setColours(scale_->gradient(), QCPRange(lo, hi));
    scale_->setDataRange(QCPRange(lo, hi));
    // Where the measure is taken: a stream for the dark ratios, a layer for attention, none for NLL.
    QString at;
    if (figure_->stream >= 0 && (measure == QLatin1String("udr") || measure == QLatin1String("edr"))) {
        at = tr(" at %1").arg(streamName(figure_->stream));
    } else if (figure_->stream >= 0 && measure == QLatin1String("attention_received")) {
        at = tr(" in layer %1").arg(figure_->stream);
    }
    // The strip is a few lines high: a long rotated label would be clipped there, so the scale
    // carries the measure's name and the title says that the colours span its 1st-99th percentile.
    scale_->axis()->setLabel(measureName(measure));
    title_->setText(tr("Sample %1: tokens coloured by %2%3 (colours span its 1st–99th percentile)")
                        .arg(figure_->sample)
                        .arg(measureName(measure), at));
    showFigure();
    plot()->replot();
    updateScrollBar();
    selectionChanged();
}

QString TokenStripView::settings() const
{
    return settingsText(QJsonObject{{QStringLiteral("measure"), requestedMeasure()}});
}

void TokenStripView::applySettings(const QString& json)
{
    const QString measure = settingsObject(json).value(QStringLiteral("measure")).toString(QStringLiteral("udr"));
    int index = measure_->findData(measure);
    if (index < 0) {
        measure_->addItem(measureName(measure), measure);
        index = measure_->count() - 1;
    }
    measure_->setCurrentIndex(index);
}

QString TokenStripView::requestedMeasure() const
{
    return measure_->currentData().toString();
}

QRectF TokenStripView::chipRect(int token) const
{
    return figure_ ? flow_->chipRect(token) : QRectF();
}

QColor TokenStripView::chipColour(int token) const
{
    return figure_ ? flow_->chipColour(token) : QColor();
}

int TokenStripView::firstLine() const
{
    return flow_->firstLine();
}

void TokenStripView::scrollToLine(int line)
{
    flow_->setFirstLine(line);
    updateScrollBar();
    replotLayer(tokens_);
}

void TokenStripView::resetFigure()
{
    FigureViewOf::resetFigure();
    flow_->setTokens({}, {});
}

void TokenStripView::updateScrollBar()
{
    if (!figure_) return;
    const int hidden = flow_->lineCount() - flow_->visibleLines();
    scroll_->setVisible(hidden > 0);
    const QSignalBlocker block(scroll_);
    scroll_->setRange(0, std::max(0, hidden));
    scroll_->setPageStep(flow_->visibleLines());
    scroll_->setValue(flow_->firstLine());
}

int TokenStripView::tokenAt(const QPointF& pixel) const
{
    return figure_ ? flow_->tokenAt(pixel) : -1;
}

void TokenStripView::selectionChanged()
{
    if (!figure_) return;
    const int t = selection().token < flow_->count() ? selection().token : -1;
    flow_->setSelected(t);
    // Keep the locked token in view: scroll its line into the visible lines.
    const int line = flow_->lineOf(t);
    if (line >= 0 && selection().locked) {
        if (line < flow_->firstLine()) scrollToLine(line);
        if (line >= flow_->firstLine() + flow_->visibleLines()) scrollToLine(line - flow_->visibleLines() + 1);
    }
    replotLayer(tokens_);
}

void TokenStripView::hoverAt(const QPointF& pixel)
{
    const int t = tokenAt(pixel);
    flow_->setHovered(t);
    replotLayer(tokens_);
    if (t < 0) return;
    const auto i = static_cast<std::size_t>(t);
    const double v = i < figure_->values.size() ? figure_->values[i] : std::nan("");
    setReadout(
        tr("token %1 \u201c%2\u201d: %3 %4")
            .arg(t)
            .arg(i < figure_->tokens.pieces.size() ? QString::fromStdString(figure_->tokens.pieces[i]) : QString(),
                 measureName(QString::fromStdString(figure_->measure)), number(v)));
    workbench::Selection s = selection();
    s.token = t;
    preview(s);
}

void TokenStripView::hoverLeft()
{
    flow_->setHovered(-1);
    replotLayer(tokens_);
}

void TokenStripView::clickAt(const QPointF& pixel)
{
    const int t = tokenAt(pixel);
    if (t < 0) return;
    workbench::Selection s = selection();
    s.token = t;
    lock(s);
}

workbench::Selection TokenStripView::keyStep(const workbench::Selection& from, int key) const
{
    return stepToken(from, key, flow_->count());
}

} // namespace spectro::widgets
