#pragma once
// One look for every QCustomPlot view of the workbench, so that figures exported from different
// views sit together in a paper without restyling, and one switch (presenter mode, the palette)
// restyles every open view at once.
//
// The style is one application-wide value (plotStyle()). Views read it through the colour
// functions below when they build their plottables, and every plot set up with applyPlotStyle
// (FigureView does it for each view) re-applies it (restylePlot) whenever it changes
// (PlotStyleNotifier::changed) and before every full replot, so a view needs no code of its own
// to follow presenter mode or a palette:
//   - text sizes are multiplied by fontScale, pen widths by lineScale, relative to the sizes the
//     view chose (remembered per object, so switching back and forth never drifts);
//   - pens and brushes drawn in a role colour of the default palette (primary series, dark band,
//     selection, hover) take that role's colour in the current palette;
//   - colour maps and colour scales drawn with the default sequential scale take the palette's.
// A view that wants a colour by role calls the functions below; never hard-code the role colours.
#include <QColor>
#include <QObject>
#include <QString>
#include <QStringList>

class QCustomPlot;
class QCPAxis;
class QCPColorGradient;

namespace spectro::widgets {

struct PlotStyle {
    double fontScale = 1.0; // text size relative to the view's own (presenter mode: 1.5)
    double lineScale = 1.0; // pen widths relative to the view's own (presenter mode: 2)
    QString palette = QStringLiteral("default"); // one of paletteNames()
    bool presenter = false;

    // Larger text and thicker lines for a projector, in `palette`.
    static PlotStyle presenterStyle(const QString& palette = QStringLiteral("default"));
    bool operator==(const PlotStyle& other) const = default;
};

// The style every view draws with now.
const PlotStyle& plotStyle();
// Changes it and, when it differs, emits PlotStyleNotifier::instance()->changed(): every open
// FigureView restyles. An unknown palette name falls back to "default" (check isPaletteName first).
void setPlotStyle(const PlotStyle& style);

class PlotStyleNotifier : public QObject {
    Q_OBJECT
public:
    static PlotStyleNotifier* instance();
Q_SIGNALS:
    void changed();
};

// The palettes (for --palette and the export dialog): "default" (blue and orange, viridis maps),
// "colorblind" (Okabe-Ito series, cividis maps: safe for deuteranopia and protanopia) and "grey"
// (black and greys, a grey map: for print in black and white). Every sequential scale has a
// monotone luminance, so colour maps also print in grey.
QStringList paletteNames();
bool isPaletteName(const QString& name);
QString paletteDescription(const QString& name);

// Role colours in the current palette.
QColor primarySeriesColor();   // the primary data series
QColor secondarySeriesColor(); // a second series beside it (e.g. a baseline)
QColor darkBandColor();        // band N, the dark band: distinct from the series colour
QColor selectionColor();       // the locked selection, drawn over any data colour
QColor hoverColor();           // the hover preview (a lighter selection)

// The sequential colour scale of every colour plot (one colour means one magnitude across views).
QCPColorGradient sequentialGradient();
// Viridis itself (perceptually uniform, legible in greyscale; QCustomPlot 2.1 has no preset).
QCPColorGradient viridisGradient();
QCPColorGradient cividisGradient();

// Light gridlines, dark axes, white background, no accidental drag or zoom; then the plot follows
// plotStyle(): restyled at once when it changes and before every full replot (call it once).
void applyPlotStyle(QCustomPlot* plot);
void applyAxisStyle(QCPAxis* axis);
// Re-applies plotStyle() to everything the plot holds (see the header comment). Cheap when
// nothing changed since the last call; FigureView calls it before every replot.
void restylePlot(QCustomPlot* plot);
// The same in another style than the application's (an export in another palette; restylePlot
// without it restores the application's afterwards).
void restylePlot(QCustomPlot* plot, const PlotStyle& style);

} // namespace spectro::widgets
