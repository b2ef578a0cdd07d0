#pragma once
// The one exporter of the workbench: every view's figure and every table go through here, so a
// PDF, an SVG, a PNG and a CSV of one view carry the same size rules and the same provenance.
//
// Size rules: the figure is `widthCm` x `heightCm` on paper (0: the plot's size on screen at
// 96 dpi). Text keeps its on-screen point size unless `fontPt` asks for another one; the plot is
// then laid out at a proportionally larger or smaller size and scaled, so fonts, lines and
// margins keep their proportions. PDF and SVG are vector (colour maps are embedded bitmaps of one
// pixel per cell), PNG is rendered at `dpi` and records it.
//
// Provenance (the table's "# key: value" header of figure_table.h) is written into the PDF's
// XMP metadata (dc:description), the SVG's <desc> and the PNG's "Description" text chunk; the
// title goes into the PDF info, the SVG <title> and the PNG's "Title" chunk.
#include "figures/figure_table.h"

#include <QString>
#include <map>
#include <string>

class QCustomPlot;

namespace spectro::widgets {

struct ExportOptions {
    double widthCm = 0, heightCm = 0; // 0: the view's size on screen
    int dpi = 300;                    // PNG only
    double fontPt = 0;                // 0: the view's font
    QString title;                    // stored in the file's metadata with the provenance
};

using Provenance = std::map<std::string, std::string>;

// PDF, SVG, PNG (also JPEG and BMP) by the file's extension. Returns false and sets `error` to a
// one-line message naming the file when the extension is unknown, the size is out of range or
// writing fails; a failed export leaves no partial file behind.
bool exportFigure(QCustomPlot* plot, const QString& path, const ExportOptions& options, const Provenance& provenance,
                  QString* error = nullptr);

// Writes table.csv() atomically (QSaveFile).
bool exportTable(const figures::FigureTable& table, const QString& path, QString* error = nullptr);

// "key: value" lines, the form the provenance takes in every figure format.
QString provenanceText(const Provenance& provenance);

// The file dialog filter of exportFigure and exportTable.
QString figureExportFilter();
QString tableExportFilter();

} // namespace spectro::widgets
