#pragma once
// Figure and table export shared by every view: the file name's extension picks the format.
#include <QString>
#include <QStringList>
#include <vector>

class QCustomPlot;

namespace spectro::widgets {

// Writes the plot at its on-screen size as PNG, JPEG, BMP (raster, at 192 dpi) or PDF and SVG
// (vector), through exportFigure (figure_export.h). Returns false and sets `error` to a
// one-line message naming the file when the extension is unknown or writing fails.
bool exportPlot(QCustomPlot* plot, const QString& path, QString* error = nullptr);

// The file dialog filter for exportPlot, e.g. "PNG image (*.png);;PDF document (*.pdf);;...".
QString plotExportFilter();

// Writes an RFC 4180 CSV file (comma separated, fields quoted when needed, '\n' line ends,
// UTF-8) atomically through QSaveFile.
bool writeCsv(const QString& path, const QStringList& header, const std::vector<QStringList>& rows,
              QString* error = nullptr);
QString csvField(const QString& value);

} // namespace spectro::widgets
