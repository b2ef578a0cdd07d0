#include "plot_export.h"

#include "figure_export.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace spectro::widgets {

namespace {

void setError(QString* error, const QString& message)
{
    if (error) *error = message;
}

} // namespace

QString plotExportFilter()
{
    return QCoreApplication::translate(
        "PlotExport", "PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg);;JPEG image (*.jpg)");
}

bool exportPlot(QCustomPlot* plot, const QString& path, QString* error)
{
    // The on-screen size, raster formats at twice the screen's resolution (what a journal figure
    // needs), through the workbench's one exporter.
    ExportOptions options;
    options.dpi = 192;
    return exportFigure(plot, path, options, {}, error);
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
