#pragma once
// The PDF Info dictionary of an exported figure. Qt 6.4's QPdfWriter writes only Title, Creator,
// Producer and CreationDate there (the provenance goes into its XMP packet, which few viewers
// show); "Document properties" of a viewer and `pdfinfo` read the Info dictionary. This appends a
// standard incremental update (PDF 1.7, 7.5.6: a new Info object, an xref section and a trailer
// with /Prev) to a finished file, so the page content Qt wrote is left as it is.
#include <QString>
#include <utility>
#include <vector>

namespace spectro::widgets {

struct PdfInfo {
    QString title, subject, keywords, creator;
    // Further entries, one per provenance key (e.g. /model_fingerprint), as text strings.
    std::vector<std::pair<QString, QString>> custom;
};

// Returns false and sets `error` (one line naming the file) when the file is not a PDF with a
// classic xref table and trailer (what QPdfWriter writes) or cannot be written.
bool appendPdfInfo(const QString& path, const PdfInfo& info, QString* error = nullptr);

// The value of the newest Info entry `key` of a PDF written by appendPdfInfo (for tests and for
// reading a figure's provenance back); empty when there is none.
QString pdfInfoEntry(const QByteArray& pdf, const QString& key);

} // namespace spectro::widgets
