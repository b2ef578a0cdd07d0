#include "plot_export.h"

#include "qcustomplot_include.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>
#include <QSvgGenerator>

namespace spectro::widgets {

namespace {

void setError(QString* error, const QString& message)
{
    if (error) *error = message;
}

bool exportSvg(QCustomPlot* plot, const QString& path)
{
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(plot->size());
    generator.setViewBox(QRect(QPoint(0, 0), plot->size()));
    generator.setTitle(plot->windowTitle());
    QCPPainter painter;
    if (!painter.begin(&generator)) return false;
    plot->toPainter(&painter, plot->width(), plot->height());
    return painter.end();
}

} // namespace

QString plotExportFilter()
{
    return QCoreApplication::translate(
        "PlotExport", "PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg);;JPEG image (*.jpg)");
}

bool exportPlot(QCustomPlot* plot, const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    // Exports use the on-screen size so that fonts keep their proportions; raster formats are
    // rendered at twice the resolution, which is what a journal figure needs.
    const int width = plot->width();
    const int height = plot->height();
    bool ok = false;
    if (suffix == "png") {
        ok = plot->savePng(path, width, height, 2.0);
    } else if (suffix == "jpg" || suffix == "jpeg") {
        ok = plot->saveJpg(path, width, height, 2.0, 95);
    } else if (suffix == "bmp") {
        ok = plot->saveBmp(path, width, height, 2.0);
    } else if (suffix == "pdf") {
        ok = plot->savePdf(path, width, height, QCP::epNoCosmetic, QCoreApplication::applicationName());
    } else if (suffix == "svg") {
        ok = exportSvg(plot, path);
    } else {
        setError(error, QCoreApplication::translate("PlotExport",
                                                    "%1: unknown figure format \"%2\" (use .png, .pdf, .svg or .jpg)")
                            .arg(path, suffix));
        return false;
    }
    if (!ok) setError(error, QCoreApplication::translate("PlotExport", "%1: could not write the figure").arg(path));
    return ok;
}

QString csvField(const QString& value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n')) &&
        !value.contains(QLatin1Char('\r')) && value.trimmed() == value) {
        return value;
    }
    QString quoted = value;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool writeCsv(const QString& path, const QStringList& header, const std::vector<QStringList>& rows, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error, QCoreApplication::translate("PlotExport", "%1: %2").arg(path, file.errorString()));
        return false;
    }
    auto writeRow = [&file](const QStringList& fields) {
        QStringList escaped;
        escaped.reserve(fields.size());
        for (const QString& f : fields) escaped << csvField(f);
        file.write(escaped.join(QLatin1Char(',')).toUtf8());
        file.write("\n");
    };
    writeRow(header);
    for (const QStringList& row : rows) writeRow(row);
    if (!file.commit()) {
        setError(error, QCoreApplication::translate("PlotExport", "%1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

} // namespace spectro::widgets
