#include "publication_pdf_info.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>

namespace spectro::widgets {

namespace {

bool fail(QString* error, const QString& message)
{
    if (error) *error = message;
    return false;
}

// A PDF text string that holds any Unicode: UTF-16BE with its byte order mark, as hex.
QByteArray textString(const QString& text)
{
    QByteArray utf16("\xfe\xff", 2);
    for (const QChar c : text) {
        utf16.append(static_cast<char>(c.unicode() >> 8));
        utf16.append(static_cast<char>(c.unicode() & 0xff));
    }
    return '<' + utf16.toHex().toUpper() + '>';
}

// A PDF name: regular characters as they are, the others as #xx (7.3.5).
QByteArray pdfName(const QString& key)
{
    QByteArray name("/");
    for (const char c : key.toUtf8()) {
        const auto u = static_cast<unsigned char>(c);
        const bool regular = u > 0x20 && u < 0x7f && !QByteArray("()<>[]{}/%#").contains(c);
        name += regular ? QByteArray(1, c) : '#' + QByteArray::number(u, 16).rightJustified(2, '0');
    }
    return name;
}

QString fromTextString(const QByteArray& hex)
{
    const QByteArray bytes = QByteArray::fromHex(hex);
    if (!bytes.startsWith("\xfe\xff")) return QString::fromLatin1(bytes);
    QString text;
    for (qsizetype i = 2; i + 1 < bytes.size(); i += 2) {
        text += QChar(static_cast<char16_t>((static_cast<unsigned char>(bytes[i]) << 8) |
                                            static_cast<unsigned char>(bytes[i + 1])));
    }
    return text;
}

} // namespace

bool appendPdfInfo(const QString& path, const PdfInfo& info, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite)) return fail(error, QCoreApplication::translate("PdfInfo", "%1: %2").arg(path, file.errorString()));
    const QByteArray pdf = file.readAll();
    const qsizetype startxref = pdf.lastIndexOf("startxref");
    const qsizetype trailer = pdf.lastIndexOf("trailer");
    if (!pdf.startsWith("%PDF-") || startxref < 0 || trailer < 0 || trailer > startxref) {
        return fail(error, QCoreApplication::translate("PdfInfo", "%1: not a PDF with an xref table and a trailer").arg(path));
    }
    const QByteArray trailerText = pdf.mid(trailer, startxref - trailer);
    const auto size = QRegularExpression(QStringLiteral("/Size\\s+(\\d+)")).match(QString::fromLatin1(trailerText));
    const auto root =
        QRegularExpression(QStringLiteral("/Root\\s+(\\d+\\s+\\d+\\s+R)")).match(QString::fromLatin1(trailerText));
    const auto prev =
        QRegularExpression(QStringLiteral("startxref\\s+(\\d+)")).match(QString::fromLatin1(pdf.mid(startxref)));
    if (!size.hasMatch() || !root.hasMatch() || !prev.hasMatch()) {
        return fail(error, QCoreApplication::translate("PdfInfo", "%1: the PDF trailer lacks /Size, /Root or startxref").arg(path));
    }
    const QByteArray object = size.captured(1).toLatin1(); // the next free object number
    QByteArray update = pdf.endsWith('\n') ? QByteArray() : QByteArray("\n");
    const qsizetype objectOffset = pdf.size() + update.size();
    update += object + " 0 obj\n<<\n";
    const std::pair<const char*, QString> standard[] = {
        {"Title", info.title}, {"Subject", info.subject}, {"Keywords", info.keywords}, {"Creator", info.creator}};
    for (const auto& [key, value] : standard) {
        if (!value.isEmpty()) update += '/' + QByteArray(key) + ' ' + textString(value) + '\n';
    }
    update += "/Producer " + textString(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())) + '\n';
    for (const auto& [key, value] : info.custom) update += pdfName(key) + ' ' + textString(value) + '\n';
    update += ">>\nendobj\n";
    const qsizetype xrefOffset = pdf.size() + update.size(); // where "xref" will start
    update += "xref\n" + object + " 1\n" + QByteArray::number(objectOffset).rightJustified(10, '0') + " 00000 n \n";
    update += "trailer\n<<\n/Size " + QByteArray::number(object.toLongLong() + 1) + "\n/Root " +
              root.captured(1).toLatin1() + "\n/Info " + object + " 0 R\n/Prev " + prev.captured(1).toLatin1() +
              "\n>>\nstartxref\n" + QByteArray::number(xrefOffset) + "\n%%EOF\n";
    if (!file.seek(pdf.size()) || file.write(update) != update.size() || !file.flush()) {
        return fail(error, QCoreApplication::translate("PdfInfo", "%1: %2").arg(path, file.errorString()));
    }
    return true;
}

QString pdfInfoEntry(const QByteArray& pdf, const QString& key)
{
    const QByteArray name = pdfName(key) + ' ' + '<';
    const qsizetype at = pdf.lastIndexOf(name);
    if (at < 0) return QString();
    const qsizetype start = at + name.size();
    const qsizetype end = pdf.indexOf('>', start);
    return end < 0 ? QString() : fromTextString(pdf.mid(start, end - start));
}

} // namespace spectro::widgets
