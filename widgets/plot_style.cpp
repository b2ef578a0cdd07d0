#include "plot_style.h"

#include "qcustomplot_include.h"

#include <QCoreApplication>
#include <array>
#include <initializer_list>

namespace spectro::widgets {

namespace {

enum Role { kPrimary, kSecondary, kDarkBand, kSelection, kRoles };

struct Palette {
    const char* name;
    const char* description;
    std::array<QColor, kRoles> roles;
    QCPColorGradient (*sequential)();
};

// Stops at equal spacing from 0 to 1; NaN cells transparent (a sweep's missing cells).
QCPColorGradient evenGradient(std::initializer_list<QColor> stops)
{
    QCPColorGradient gradient;
    const double last = static_cast<double>(stops.size() - 1);
    int i = 0;
    for (const QColor& c : stops) gradient.setColorStopAt(i++ / last, c);
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    return gradient;
}

QCPColorGradient greyGradient()
{
    // Dark to light: high values come out light, as in viridis, so a figure reads the same way
    // in either palette; it stops short of white, which is the background.
    return evenGradient({QColor(0x1a, 0x1a, 0x1a), QColor(0xe8, 0xe8, 0xe8)});
}

// The role colours must differ between palettes and from the grey tones views draw with, so
// that restylePlot can tell a role colour from a view's own colour whatever palette drew it.
const std::array<Palette, 3>& palettes()
{
    static const std::array<Palette, 3> all{{
        {"default",
         QT_TRANSLATE_NOOP("PlotStyle", "blue and orange series, viridis colour maps"),
         {QColor(0x2f, 0x6f, 0xb0), QColor(0x55, 0x55, 0x55), QColor(0xe0, 0x8a, 0x2c), QColor(0xd6, 0x27, 0x28)},
         &viridisGradient},
        {"colorblind",
         QT_TRANSLATE_NOOP("PlotStyle", "Okabe-Ito series, cividis colour maps (colour-blind safe)"),
         {QColor(0x00, 0x72, 0xb2), QColor(0x56, 0x56, 0x56), QColor(0xe6, 0x9f, 0x00), QColor(0xd5, 0x5e, 0x00)},
         &cividisGradient},
        {"grey",
         QT_TRANSLATE_NOOP("PlotStyle", "black and greys, a grey colour map (black-and-white print)"),
         {QColor(0x1f, 0x1f, 0x1f), QColor(0x7a, 0x7a, 0x7a), QColor(0x9e, 0x9e, 0x9e), QColor(0x0a, 0x0a, 0x0a)},
         &greyGradient},
    }};
    return all;
}

PlotStyle& mutableStyle()
{
    static PlotStyle style;
    return style;
}

const Palette& paletteNamed(const QString& name)
{
    for (const Palette& p : palettes()) {
        if (name == QLatin1String(p.name)) return p;
    }
    return palettes().front();
}

const Palette& currentPalette()
{
    return paletteNamed(mutableStyle().palette);
}

QColor role(Role r)
{
    return currentPalette().roles[r];
}

// `to`'s colour for a colour any palette uses for a role (alpha kept); other colours stay as
// they are.
QColor remapped(const QColor& colour, const Palette& to)
{
    if (!colour.isValid()) return colour;
    const QRgb rgb = colour.rgb();
    for (const Palette& p : palettes()) {
        for (int r = 0; r < kRoles; ++r) {
            if (p.roles[r].rgb() != rgb) continue;
            QColor mapped = to.roles[r];
            mapped.setAlpha(colour.alpha());
            return mapped;
        }
    }
    return colour;
}

QFont scaledFont(QFont font, double scale)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * scale);
    else if (font.pixelSize() > 0)
        font.setPixelSize(std::max(1, static_cast<int>(std::lround(font.pixelSize() * scale))));
    return font;
}

QPen styledPen(QPen pen, const PlotStyle& style)
{
    if (pen.style() == Qt::NoPen) return pen;
    if (pen.widthF() > 0) pen.setWidthF(pen.widthF() * style.lineScale); // 0 is cosmetic: one pixel anywhere
    pen.setColor(remapped(pen.color(), paletteNamed(style.palette)));
    return pen;
}

QBrush styledBrush(QBrush brush, const PlotStyle& style)
{
    if (brush.style() == Qt::NoBrush || brush.gradient() || !brush.texture().isNull()) return brush;
    brush.setColor(remapped(brush.color(), paletteNamed(style.palette)));
    return brush;
}

QVariant styledValue(const QVariant& base, const PlotStyle& style)
{
    switch (base.metaType().id()) {
    case QMetaType::QFont: return scaledFont(base.value<QFont>(), style.fontScale);
    case QMetaType::QPen: return styledPen(base.value<QPen>(), style);
    case QMetaType::QBrush: return styledBrush(base.value<QBrush>(), style);
    case QMetaType::QColor: return remapped(base.value<QColor>(), paletteNamed(style.palette));
    default: return base;
    }
}

// The view's own value of `property` is remembered beside it, so the style always derives from
// it (never from an already styled value); a value the view set since the last restyle becomes
// the new remembered one.
void restyleProperty(QObject* object, const char* property, const PlotStyle& style)
{
    const QVariant current = object->property(property);
    if (!current.isValid()) return;
    const QByteArray baseKey = QByteArrayLiteral("_spectroBase_") + property;
    const QByteArray styledKey = QByteArrayLiteral("_spectroStyled_") + property;
    QVariant base = object->property(baseKey.constData());
    if (!base.isValid() || current != object->property(styledKey.constData())) {
        base = current;
        object->setProperty(baseKey.constData(), base);
    }
    const QVariant styled = styledValue(base, style);
    if (styled != current) object->setProperty(property, styled);
    object->setProperty(styledKey.constData(), object->property(property));
}

// QCustomPlot's Q_PROPERTYs that carry text sizes, pens and role colours.
constexpr const char* kStyledProperties[] = {
    "font",       "selectedFont",   "labelFont",     "tickLabelFont", "selectedLabelFont", "selectedTickLabelFont",
    "pen",        "selectedPen",    "basePen",       "tickPen",       "subTickPen",        "zeroLinePen",
    "subGridPen", "borderPen",      "iconBorderPen", "brush",         "selectedBrush",     "color",
    "labelColor", "tickLabelColor", "textColor",
};

bool sameStops(const QCPColorGradient& a, const QCPColorGradient& b)
{
    return a.colorStops() == b.colorStops();
}

// A colour scale in any palette's sequential gradient takes the current one (NaN handling and
// level count kept: a sweep heatmap shows missing cells as transparent).
template <class Mapped> void restyleGradient(Mapped* mapped, const PlotStyle& style)
{
    const QCPColorGradient current = mapped->gradient();
    for (const Palette& p : palettes()) {
        if (!sameStops(current, p.sequential())) continue;
        QCPColorGradient next = paletteNamed(style.palette).sequential();
        if (sameStops(next, current)) return;
        next.setNanHandling(current.nanHandling());
        next.setNanColor(current.nanColor());
        next.setLevelCount(current.levelCount());
        mapped->setGradient(next);
        return;
    }
}

} // namespace

PlotStyle PlotStyle::presenterStyle(const QString& palette)
{
    PlotStyle style;
    style.fontScale = 1.5;
    style.lineScale = 2.0;
    style.palette = palette;
    style.presenter = true;
    return style;
}

const PlotStyle& plotStyle()
{
    return mutableStyle();
}

void setPlotStyle(const PlotStyle& style)
{
    PlotStyle next = style;
    if (!isPaletteName(next.palette)) next.palette = QStringLiteral("default");
    if (next == mutableStyle()) return;
    mutableStyle() = next;
    Q_EMIT PlotStyleNotifier::instance()->changed();
}

PlotStyleNotifier* PlotStyleNotifier::instance()
{
    static PlotStyleNotifier notifier;
    return &notifier;
}

QStringList paletteNames()
{
    QStringList names;
    for (const Palette& p : palettes()) names << QLatin1String(p.name);
    return names;
}

bool isPaletteName(const QString& name)
{
    return paletteNames().contains(name);
}

QString paletteDescription(const QString& name)
{
    for (const Palette& p : palettes()) {
        if (name == QLatin1String(p.name)) return QCoreApplication::translate("PlotStyle", p.description);
    }
    return QString();
}

QColor primarySeriesColor()
{
    return role(kPrimary);
}

QColor secondarySeriesColor()
{
    return role(kSecondary);
}

QColor darkBandColor()
{
    return role(kDarkBand);
}

QColor selectionColor()
{
    return role(kSelection);
}

QColor hoverColor()
{
    QColor hover = role(kSelection);
    hover.setAlpha(110);
    return hover;
}

QCPColorGradient sequentialGradient()
{
    return currentPalette().sequential();
}

QCPColorGradient viridisGradient()
{
    return evenGradient(
        {QColor(68, 1, 84), QColor(59, 82, 139), QColor(33, 145, 140), QColor(94, 201, 98), QColor(253, 231, 37)});
}

QCPColorGradient cividisGradient()
{
    // Matplotlib's cividis (Nuñez et al. 2018): near-identical for normal and colour-deficient
    // vision, with a luminance that rises monotonically.
    return evenGradient({QColor(0x00, 0x20, 0x4d), QColor(0x41, 0x4d, 0x6b), QColor(0x7c, 0x7b, 0x78),
                         QColor(0xbc, 0xaf, 0x6f), QColor(0xff, 0xea, 0x46)});
}

void applyAxisStyle(QCPAxis* axis)
{
    const QColor axisColor(0x40, 0x40, 0x40);
    axis->setBasePen(QPen(axisColor, 1));
    axis->setTickPen(QPen(axisColor, 1));
    axis->setSubTickPen(QPen(axisColor, 1));
    axis->setTickLabelColor(axisColor);
    axis->setLabelColor(axisColor);
    axis->grid()->setPen(QPen(QColor(0xdd, 0xdd, 0xdd), 1, Qt::DotLine));
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

void applyPlotStyle(QCustomPlot* plot)
{
    plot->setBackground(Qt::white);
    plot->setAntialiasedElements(QCP::aeAll);
    plot->axisRect()->setBackground(Qt::white);
    for (QCPAxis* axis : plot->axisRect()->axes()) applyAxisStyle(axis);
    // Views own their interaction (context menus, export); no accidental drag or zoom.
    plot->setInteractions({});
    restylePlot(plot);
    // Follow the style from now on: at once when it changes, and before every full replot for
    // what the view added since (a new figure's graphs and items).
    QObject::connect(PlotStyleNotifier::instance(), &PlotStyleNotifier::changed, plot, [plot] {
        restylePlot(plot);
        plot->replot(QCustomPlot::rpQueuedReplot);
    });
    QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] { restylePlot(plot); });
}

void restylePlot(QCustomPlot* plot)
{
    restylePlot(plot, plotStyle());
}

void restylePlot(QCustomPlot* plot, const PlotStyle& style)
{
    // The common case costs nothing: a plot that was never drawn in another style.
    if (style == PlotStyle{} && !plot->property("_spectroRestyled").toBool()) return;
    plot->setProperty("_spectroRestyled", true);
    // The widget's font: what the exporter sizes text against and custom items draw with.
    restyleProperty(plot, "font", style);
    for (QObject* object : plot->findChildren<QObject*>()) {
        for (const char* property : kStyledProperties) {
            if (object->metaObject()->indexOfProperty(property) >= 0) restyleProperty(object, property, style);
        }
        if (auto* map = qobject_cast<QCPColorMap*>(object)) restyleGradient(map, style);
        if (auto* scale = qobject_cast<QCPColorScale*>(object)) restyleGradient(scale, style);
    }
}

} // namespace spectro::widgets
