#include "axis_label_fit.h"

#include "fitted_ticker.h"
#include "qcustomplot_include.h"

#include <QFontMetricsF>

namespace spectro::widgets {

namespace {

// What the label was before it was wrapped, and what it was wrapped to: a label that is neither
// was set by the view since.
const char* const kUnwrapped = "spectroUnwrappedLabel";
const char* const kWrapped = "spectroWrappedLabel";
const char* const kNoWrap = "spectroKeepLabelOnOneLine";

// Whether the label changed.
bool wrapLabel(QCPAxis* axis)
{
    const QString shown = axis->label();
    if (shown.isEmpty() || !axis->visible() || axis->property(kNoWrap).toBool()) return false;
    const QString unwrapped =
        shown == axis->property(kWrapped).toString() ? axis->property(kUnwrapped).toString() : shown;
    const double length = axisLength(axis);
    if (length <= 0) return false;
    const QString wrapped = wrappedLabel(unwrapped, QFontMetricsF(axis->labelFont()), length);
    axis->setProperty(kUnwrapped, unwrapped);
    axis->setProperty(kWrapped, wrapped);
    if (wrapped == shown) return false;
    axis->setLabel(wrapped);
    return true;
}

} // namespace

QString wrappedLabel(const QString& label, const QFontMetricsF& metrics, double width)
{
    if (metrics.horizontalAdvance(label) <= width) return label;
    const QStringList words = label.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QStringList lines;
    QString line;
    for (const QString& word : words) {
        const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (line.isEmpty() || metrics.horizontalAdvance(longer) <= width) {
            line = longer;
        } else {
            lines << line;
            line = word;
        }
    }
    if (!line.isEmpty()) lines << line;
    // Two lines at most: every line of a vertical label is a line of width the plot loses (and
    // of height, of a horizontal one); past two, the data would pay more than the label gains.
    if (lines.size() > 2) lines = QStringList{lines.front(), lines.mid(1).join(QLatin1Char(' '))};
    return lines.join(QLatin1Char('\n'));
}

void keepLabelOnOneLine(QCPAxis* axis)
{
    axis->setProperty(kNoWrap, true);
}

void wrapAxisLabels(QCustomPlot* plot)
{
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot] {
        bool changed = false;
        for (QCPAxisRect* rect : plot->axisRects()) {
            for (QCPAxis* axis : rect->axes()) changed |= wrapLabel(axis);
        }
        for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
            if (auto* scale = qobject_cast<QCPColorScale*>(element)) changed |= wrapLabel(scale->axis());
        }
        if (changed) plot->replot(QCustomPlot::rpQueuedReplot);
    });
}

} // namespace spectro::widgets
