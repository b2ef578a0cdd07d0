#pragma once
// Shared by the workbench view tests: hand-made token labels, showing a view offscreen, mouse and
// key events in plot coordinates, and the export checks every view must pass (CSV equals the
// figure's table, PDF / SVG / PNG valid and carrying the provenance).
#include "figure_view.h"
#include "figures/figure_data.h"
#include "qcustomplot_include.h"

#include <QFile>
#include <QImage>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <cmath>

namespace spectro::test {

// Pieces as the cache's vocabulary displays them; one with a comma and a quote, so that CSV
// quoting is exercised by every token table.
inline figures::TokenLabels tokenLabels(int count)
{
    figures::TokenLabels labels;
    static const char* const words[] = {"<s>", "·Once", "·upon", "·a", "·time", ",\"", "·there", "·was", "↵", "·a"};
    for (int t = 0; t < count; ++t) {
        labels.ids.push_back(t == 0 ? 1 : 100 + t);
        labels.pieces.emplace_back(t < 10 ? words[t] : "·w" + std::to_string(t));
    }
    return labels;
}

inline figures::Provenance provenance()
{
    return {{"cache", "/data/stories.h5"}, {"model_fingerprint", "f00dfeed"}, {"sample", "0"}};
}

// Shown and laid out, so that axis coordinates map to pixels.
inline void showView(QWidget& view, QSize size = QSize(900, 560))
{
    view.resize(size);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    if (auto* figureView = qobject_cast<widgets::FigureView*>(&view)) figureView->plotWidget()->replot();
}

inline QPointF pixelOf(QCPAxis* x, QCPAxis* y, double cx, double cy)
{
    return QPointF(x->coordToPixel(cx), y->coordToPixel(cy));
}

inline void mouseMove(QCustomPlot* plot, const QPointF& at)
{
    QMouseEvent event(QEvent::MouseMove, at, plot->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(plot, &event);
}

inline void mouseClick(QCustomPlot* plot, const QPointF& at)
{
    const QPointF global = plot->mapToGlobal(at);
    QMouseEvent press(QEvent::MouseButtonPress, at, global, Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(plot, &press);
    QMouseEvent release(QEvent::MouseButtonRelease, at, global, Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(plot, &release);
}

inline QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// CSV equals `expectedCsv` (the figure's table, written by core); PDF, SVG and PNG are valid
// files of the asked size with the provenance in their metadata. QVERIFY inside: callers check
// QTest::currentTestFailed().
inline void verifyExports(widgets::FigureView& view, const std::string& expectedCsv)
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;

    const QString csv = dir.filePath(QStringLiteral("figure.csv"));
    QVERIFY2(view.exportTo(csv, {}, &error), qPrintable(error));
    QCOMPARE(fileBytes(csv).toStdString(), expectedCsv);
    QCOMPARE(view.table().csv(), expectedCsv);

    widgets::ExportOptions options;
    options.widthCm = 12;
    options.heightCm = 8;
    options.dpi = 150;
    options.title = QStringLiteral("Test figure");

    const QString pdf = dir.filePath(QStringLiteral("figure.pdf"));
    QVERIFY2(view.exportTo(pdf, options, &error), qPrintable(error));
    const QByteArray pdfBytes = fileBytes(pdf);
    QVERIFY(pdfBytes.startsWith("%PDF-"));
    QVERIFY(pdfBytes.right(64).contains("%%EOF"));
    QVERIFY2(pdfBytes.contains("f00dfeed"), "the PDF's XMP metadata lacks the provenance");
    // 12 x 8 cm = 340.2 x 226.8 pt.
    const QRegularExpression mediaBox(QStringLiteral("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]"));
    const auto box = mediaBox.match(QString::fromLatin1(pdfBytes));
    QVERIFY2(box.hasMatch(), "no MediaBox in the PDF");
    QVERIFY(std::abs(box.captured(1).toDouble() - 12 / 2.54 * 72) < 1.0);
    QVERIFY(std::abs(box.captured(2).toDouble() - 8 / 2.54 * 72) < 1.0);

    const QString svg = dir.filePath(QStringLiteral("figure.svg"));
    QVERIFY2(view.exportTo(svg, options, &error), qPrintable(error));
    QXmlStreamReader xml(fileBytes(svg));
    bool sawSvg = false, sawProvenance = false;
    QString element;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            element = xml.name().toString();
            if (element == QLatin1String("svg")) {
                sawSvg = true;
                // The SVG's size is whole pixels at 96 dpi: 12 cm to within a pixel (0.27 mm).
                const QString width = xml.attributes().value(QStringLiteral("width")).toString();
                QVERIFY2(width.endsWith(QLatin1String("mm")), qPrintable(width));
                QVERIFY2(std::abs(width.chopped(2).toDouble() - 120.0) < 0.27, qPrintable(width));
            }
        }
        if (xml.isCharacters() && element == QLatin1String("desc") && xml.text().contains(QLatin1String("f00dfeed")))
            sawProvenance = true;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(sawSvg);
    QVERIFY2(sawProvenance, "the SVG's <desc> lacks the provenance");

    const QString png = dir.filePath(QStringLiteral("figure.png"));
    QVERIFY2(view.exportTo(png, options, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), static_cast<int>(std::lround(12 / 2.54 * 150)));
    QCOMPARE(image.height(), static_cast<int>(std::lround(8 / 2.54 * 150)));
    QVERIFY(std::abs(image.dotsPerMeterX() - 150 / 0.0254) < 2);
    QVERIFY(image.text(QStringLiteral("Description")).contains(QStringLiteral("f00dfeed")));
    QCOMPARE(image.text(QStringLiteral("Title")), QStringLiteral("Test figure"));
    // Not blank: a figure was drawn (more than a handful of distinct colours).
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7) colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 8, "the PNG is blank");

    // For looking at the figures: SPECTRO_VIEW_DUMP=folder keeps a PNG of every view.
    const QString dump = qEnvironmentVariable("SPECTRO_VIEW_DUMP");
    if (!dump.isEmpty()) {
        widgets::ExportOptions screen;
        screen.dpi = 96;
        view.exportTo(dump + QLatin1Char('/') + view.viewId() + QLatin1Char('-') +
                          QString::fromLatin1(QTest::currentTestFunction()) + QStringLiteral(".png"),
                      screen, &error);
    }
}

// A view without a figure says what to do and exports nothing.
inline void verifyEmpty(widgets::FigureView& view)
{
    QVERIFY(!view.hasFigure());
    QVERIFY(!view.emptyText().isEmpty());
    QVERIFY(view.table().columns.empty());
    QTemporaryDir dir;
    QString error;
    const QString path = dir.filePath(QStringLiteral("empty.pdf"));
    QVERIFY(!view.exportTo(path, {}, &error));
    QVERIFY(error.contains(path));
    QVERIFY(!QFile::exists(path));
}

inline void pressKey(QWidget& view, Qt::Key key)
{
    QTest::keyClick(&view, key);
}

} // namespace spectro::test
