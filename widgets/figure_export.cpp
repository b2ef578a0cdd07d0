#include "figure_export.h"

#include "publication_pdf_info.h"
#include "qcustomplot_include.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <cmath>

// Besides what figure_export.h says: the PDF also gets a full Info dictionary (Title, Subject =
// the provenance, Creator, and one entry per provenance key), appended as an incremental update
// (publication_pdf_info.h); PNG gets one text chunk per provenance key besides "Description".
// PDF text is embedded as font subsets; SVG text stays <text> with its font-family (editable).

namespace spectro::widgets {

namespace {

// QCustomPlot lays out in logical pixels; on screen, and in every export, 96 of them are an inch.
constexpr double kLogicalDpi = 96.0;
constexpr double kCmPerInch = 2.54;
constexpr int kMaxRasterSide = 16384;
constexpr double kMaxRasterPixels = 64.0 * 1024 * 1024;

bool fail(QString* error, const QString& message)
{
    if (error) *error = message;
    return false;
}

// Where the figure is drawn: its size on paper in inches and the logical size QCustomPlot lays
// out at (smaller than the paper when fonts are to come out larger, and the other way round).
struct Geometry {
    double widthIn = 0, heightIn = 0;
    int logicalWidth = 0, logicalHeight = 0;
    double fontScale = 1; // paper size / logical size, at 96 dpi
};

Geometry geometryFor(const QCustomPlot* plot, const ExportOptions& options)
{
    Geometry g;
    const bool onScreen = options.widthCm <= 0 || options.heightCm <= 0;
    // A view that was never laid out (hidden, or a headless export) has no size of its own.
    const bool laidOut = plot->width() >= 64 && plot->height() >= 48;
    const double screenWidth = laidOut ? plot->width() : 640, screenHeight = laidOut ? plot->height() : 400;
    g.widthIn = onScreen ? screenWidth / kLogicalDpi : options.widthCm / kCmPerInch;
    g.heightIn = onScreen ? screenHeight / kLogicalDpi : options.heightCm / kCmPerInch;
    const double viewPt = plot->font().pointSizeF() > 0 ? plot->font().pointSizeF() : 9.0;
    g.fontScale = options.fontPt > 0 ? options.fontPt / viewPt : 1.0;
    g.logicalWidth = std::max(1, static_cast<int>(std::lround(g.widthIn * kLogicalDpi / g.fontScale)));
    g.logicalHeight = std::max(1, static_cast<int>(std::lround(g.heightIn * kLogicalDpi / g.fontScale)));
    return g;
}

// Tick plans (token axes) and margins follow the axis rects' sizes of the previous layout; a
// first pass at the export's size, drawn into a scratch image, makes the real pass label itself
// for its own size, not the screen's.
void layOutFor(QCustomPlot* plot, const Geometry& g)
{
    QImage scratch(1, 1, QImage::Format_ARGB32_Premultiplied);
    QCPPainter painter(&scratch);
    plot->toPainter(&painter, g.logicalWidth, g.logicalHeight);
}

QString creatorName()
{
    return (QCoreApplication::applicationName() + QLatin1Char(' ') + QCoreApplication::applicationVersion()).trimmed();
}

QString xmlEscaped(const QString& text)
{
    return text.toHtmlEscaped();
}

QByteArray xmpPacket(const QString& title, const QString& description)
{
    const QString creator =
        QCoreApplication::applicationName() + QLatin1Char(' ') + QCoreApplication::applicationVersion();
    const QString xmp =
        QStringLiteral("<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                       "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                       " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                       "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                       "      xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                       "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%1</rdf:li></rdf:Alt></dc:title>\n"
                       "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%2</rdf:li></rdf:Alt>"
                       "</dc:description>\n"
                       "   <xmp:CreatorTool>%3</xmp:CreatorTool>\n"
                       "  </rdf:Description>\n"
                       " </rdf:RDF>\n"
                       "</x:xmpmeta>\n"
                       "<?xpacket end=\"w\"?>\n")
            .arg(xmlEscaped(title), xmlEscaped(description), xmlEscaped(creator.trimmed()));
    return xmp.toUtf8();
}

// QPdfWriter at 96 dpi: fonts are sized against the device's resolution, so the logical layout
// and the font metrics agree, and the window transform scales both onto the page together.
bool writePdf(QCustomPlot* plot, const QString& path, const Geometry& g, const ExportOptions& options,
              const QString& description)
{
    QPdfWriter writer(path);
    writer.setResolution(static_cast<int>(kLogicalDpi));
    writer.setCreator(creatorName());
    writer.setTitle(options.title);
    writer.setDocumentXmpMetadata(xmpPacket(options.title, description));
    writer.setPageLayout(QPageLayout(
        QPageSize(QSizeF(g.widthIn * 72.0, g.heightIn * 72.0), QPageSize::Point, QString(), QPageSize::ExactMatch),
        QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    QCPPainter painter;
    if (!painter.begin(&writer)) return false;
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.setWindow(0, 0, g.logicalWidth, g.logicalHeight);
    plot->toPainter(&painter, g.logicalWidth, g.logicalHeight);
    return painter.end();
}

// Qt 6.4's QSvgGenerator writes <title> and <desc> as given, so a "&" or "<" in a cache path made
// the SVG unreadable. Whether this Qt escapes is found out once, on a tiny SVG in memory, so that
// a Qt that does is not escaped twice.
bool svgGeneratorEscapes()
{
    static const bool escapes = [] {
        QBuffer buffer;
        QSvgGenerator probe;
        probe.setOutputDevice(&buffer);
        probe.setSize(QSize(1, 1));
        probe.setDescription(QStringLiteral("&"));
        QPainter painter(&probe);
        painter.end();
        return buffer.data().contains("&amp;");
    }();
    return escapes;
}

QString svgText(const QString& text)
{
    return svgGeneratorEscapes() ? text : text.toHtmlEscaped();
}

bool writeSvg(QCustomPlot* plot, const QString& path, const Geometry& g, const ExportOptions& options,
              const QString& description)
{
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setResolution(static_cast<int>(kLogicalDpi));
    // size: the physical size (written in mm); viewBox: the coordinates the painter draws in.
    generator.setSize(QSize(static_cast<int>(std::lround(g.widthIn * kLogicalDpi)),
                            static_cast<int>(std::lround(g.heightIn * kLogicalDpi))));
    generator.setViewBox(QRect(0, 0, g.logicalWidth, g.logicalHeight));
    generator.setTitle(svgText(options.title));
    generator.setDescription(svgText(description));
    QCPPainter painter;
    if (!painter.begin(&generator)) return false;
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    plot->toPainter(&painter, g.logicalWidth, g.logicalHeight);
    return painter.end();
}

bool writeRaster(QCustomPlot* plot, const QString& path, const Geometry& g, const ExportOptions& options,
                 const Provenance& provenance, const QString& description, const char* format, QString* error)
{
    const int width = static_cast<int>(std::lround(g.widthIn * options.dpi));
    const int height = static_cast<int>(std::lround(g.heightIn * options.dpi));
    if (options.dpi < 1 || width < 1 || height < 1 || width > kMaxRasterSide || height > kMaxRasterSide ||
        double(width) * double(height) > kMaxRasterPixels) {
        return fail(error, QCoreApplication::translate("FigureExport", "%1: a %2 x %3 pixel image at %4 dpi is too large (at most %5 pixels a side)")
                               .arg(path)
                               .arg(width)
                               .arg(height)
                               .arg(options.dpi)
                               .arg(kMaxRasterSide));
    }
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QCPPainter painter;
        if (!painter.begin(&image)) return fail(error, QCoreApplication::translate("FigureExport", "%1: could not render the figure").arg(path));
        const double scale = static_cast<double>(width) / g.logicalWidth;
        painter.setMode(QCPPainter::pmNoCaching);
        if (scale > 1.0) painter.setMode(QCPPainter::pmNonCosmetic);
        painter.scale(scale, static_cast<double>(height) / g.logicalHeight);
        plot->toPainter(&painter, g.logicalWidth, g.logicalHeight);
        painter.end();
    }
    // The resolution is set after painting: fonts were sized for the logical 96 dpi layout.
    const int dotsPerMeter = static_cast<int>(std::lround(options.dpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    if (!options.title.isEmpty()) image.setText(QStringLiteral("Title"), options.title);
    image.setText(QStringLiteral("Description"), description);
    image.setText(QStringLiteral("Software"), creatorName());
    for (const auto& [key, value] : provenance)
        image.setText(QString::fromStdString(key), QString::fromStdString(value));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(error, QCoreApplication::translate("FigureExport", "%1: %2").arg(path, file.errorString()));
    QImageWriter writer(&file, format);
    if (qstrcmp(format, "jpg") == 0) writer.setQuality(95);
    if (!writer.write(image)) {
        file.cancelWriting();
        return fail(error, QCoreApplication::translate("FigureExport", "%1: %2").arg(path, writer.errorString()));
    }
    if (!file.commit()) return fail(error, QCoreApplication::translate("FigureExport", "%1: %2").arg(path, file.errorString()));
    return true;
}

PdfInfo pdfInfo(const ExportOptions& options, const Provenance& provenance)
{
    PdfInfo info;
    info.title = options.title;
    info.subject = provenanceText(provenance).trimmed();
    info.keywords = QStringLiteral("logit spectroscopy");
    info.creator = creatorName();
    for (const auto& [key, value] : provenance)
        info.custom.emplace_back(QString::fromStdString(key), QString::fromStdString(value));
    return info;
}

} // namespace

QString provenanceText(const Provenance& provenance)
{
    QString text;
    for (const auto& [key, value] : provenance) {
        text += QString::fromStdString(key) + QStringLiteral(": ") + QString::fromStdString(value) + QLatin1Char('\n');
    }
    return text;
}

QString figureExportFilter()
{
    return QCoreApplication::translate("FigureExport", "PDF document (*.pdf);;SVG drawing (*.svg);;PNG image (*.png)");
}

QString tableExportFilter()
{
    return QCoreApplication::translate("FigureExport", "CSV table (*.csv)");
}

bool exportFigure(QCustomPlot* plot, const QString& path, const ExportOptions& options, const Provenance& provenance,
                  QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (options.widthCm > 500 || options.heightCm > 500 || options.fontPt > 200 || options.fontPt < 0) {
        return fail(error, QCoreApplication::translate("FigureExport", "%1: a figure of %2 x %3 cm with %4 pt text is out of range")
                               .arg(path)
                               .arg(options.widthCm)
                               .arg(options.heightCm)
                               .arg(options.fontPt));
    }
    const Geometry g = geometryFor(plot, options);
    const QString description = provenanceText(provenance);
    if (suffix == QLatin1String("png") || suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg") ||
        suffix == QLatin1String("bmp") || suffix == QLatin1String("pdf") || suffix == QLatin1String("svg")) {
        layOutFor(plot, g);
    }
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = writeRaster(plot, path, g, options, provenance, description, "png", error);
    } else if (suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg")) {
        ok = writeRaster(plot, path, g, options, provenance, description, "jpg", error);
    } else if (suffix == QLatin1String("bmp")) {
        ok = writeRaster(plot, path, g, options, provenance, description, "bmp", error);
    } else if (suffix == QLatin1String("pdf") || suffix == QLatin1String("svg")) {
        // Vector writers stream into the target; write beside it and rename, so a failure (or a
        // reader of the old file) never sees half a figure.
        const QString partial = path + QStringLiteral(".part");
        ok = suffix == QLatin1String("pdf") ? writePdf(plot, partial, g, options, description)
                                            : writeSvg(plot, partial, g, options, description);
        ok = ok && QFileInfo(partial).size() > 0;
        if (ok && suffix == QLatin1String("pdf")) ok = appendPdfInfo(partial, pdfInfo(options, provenance), error);
        if (ok) {
            QFile::remove(path);
            ok = QFile::rename(partial, path);
        }
        QFile::remove(partial);
        if (!ok && error && error->isEmpty()) *error = QCoreApplication::translate("FigureExport", "%1: could not write the figure").arg(path);
    } else {
        fail(error, QCoreApplication::translate("FigureExport", "%1: unknown figure format \"%2\" (use .pdf, .svg or .png)").arg(path, suffix));
    }
    // The export laid the plot out at its own size; lay it out for the screen again.
    plot->replot(QCustomPlot::rpQueuedReplot);
    return ok;
}

bool exportTable(const figures::FigureTable& table, const QString& path, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(error, QCoreApplication::translate("FigureExport", "%1: %2").arg(path, file.errorString()));
    const std::string csv = table.csv();
    if (file.write(csv.data(), static_cast<qint64>(csv.size())) != static_cast<qint64>(csv.size())) {
        file.cancelWriting();
        return fail(error, QCoreApplication::translate("FigureExport", "%1: %2").arg(path, file.errorString()));
    }
    if (!file.commit()) return fail(error, QCoreApplication::translate("FigureExport", "%1: %2").arg(path, file.errorString()));
    return true;
}

} // namespace spectro::widgets
