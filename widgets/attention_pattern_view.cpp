#include "attention_pattern_view.h"

#include "cell_map.h"
#include "qcustomplot_include.h"
#include "token_axis.h"
#include "view_helpers.h"

#include <QCheckBox>
#include <QHBoxLayout>

namespace spectro::widgets {

AttentionPatternView::AttentionPatternView(QWidget* parent)
    : CellGridViewOf(QStringLiteral("attention_pattern"), parent)
{
    title_ = addPlotTitle(plot());
    scale_ = addColorScale(plot(), 0, 1, tr("attention probability A[q][k]"), plot()->axisRect());
    cells_ = std::make_unique<CellMap>(plot(), plot()->xAxis, plot()->yAxis, markerLayer(), scale_);
    plot()->yAxis->setRangeReversed(true);
    plot()->xAxis->setLabel(tr("key token k"));
    plot()->yAxis->setLabel(tr("query token q"));
    axis_ = new TokenAxis(plot(), this);
    axis_->addAxis(plot()->xAxis);
    axis_->addAxis(plot()->yAxis);
    addFooter(axis_->scrollBar());
    logColor_ = new QCheckBox(tr("Log colour"), this);
    logColor_->setToolTip(tr("A logarithmic colour scale: attention spans several decades"));
    connect(logColor_, &QCheckBox::toggled, this, [this](bool on) {
        cells_->setLogarithmic(on);
        if (figure_) cells_->setMatrix(cells_->matrix(), on ? 1e-4 : 0.0, on ? 1.0 : 0.0);
        plot()->replot();
    });
    controls()->addWidget(logColor_);
    showEmpty(tr("Run a corpus with the attention tap (attn) to see attention patterns."));
}

AttentionPatternView::~AttentionPatternView() = default;

void AttentionPatternView::setFigure(figures::FigurePtr<figures::AttentionPatternFigure> figure)
{
    figure_ = std::move(figure);
    const std::size_t t = figure_ ? static_cast<std::size_t>(figure_->size) : 0;
    if (!figure_ || t == 0 || figure_->probs.size() != t * t) {
        figure_.reset();
        showEmpty(tr("This sample has no attention pattern to show."));
        return;
    }
    const QString head = figure_->head < 0 ? tr("head average") : tr("head %1").arg(figure_->head);
    title_->setText(
        tr("Attention pattern, layer %1, %2 (sample %3)").arg(figure_->layer).arg(head).arg(figure_->sample));
    axis_->setTokens(figure_->tokens);
    const bool log = logColor_->isChecked();
    cells_->setMatrix(MatrixSource::of(figure_, figure_->probs, figure_->size, figure_->size), log ? 1e-4 : 0.0,
                      log ? 1.0 : 0.0);
    showFigure();
    selectionChanged();
    plot()->replot();
}

QString AttentionPatternView::settings() const
{
    return settingsText(QJsonObject{{QStringLiteral("logColor"), logColor_->isChecked()}});
}

void AttentionPatternView::applySettings(const QString& json)
{
    logColor_->setChecked(settingsObject(json).value(QStringLiteral("logColor")).toBool(false));
}

void AttentionPatternView::selectionChanged()
{
    const int t = selection().token < axis_->count() ? selection().token : -1;
    cells_->markColumn(t);
    cells_->markRow(t);
    if (selection().locked) axis_->ensureVisible(t);
    replotMarkers();
}

QString AttentionPatternView::cellReadout(int query, int key) const
{
    return tr("query %1 \u2192 key %2: %3")
        .arg(axis_->describe(query), axis_->describe(key), number(cells_->value(query, key)));
}

workbench::Selection AttentionPatternView::cellSelection(workbench::Selection from, int query, int key) const
{
    (void)query; // a click anywhere in a key's column selects that key token
    from.token = key;
    return from;
}

workbench::Selection AttentionPatternView::keyStep(const workbench::Selection& from, int key) const
{
    return stepToken(from, key, axis_->count());
}

} // namespace spectro::widgets
