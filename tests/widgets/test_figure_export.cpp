// The one exporter: sizes on paper, resolution, text size, provenance, atomic CSV, and one-line
// errors naming the file.
#include "figure_export.h"
#include "plot_export.h"
#include "plot_style.h"
#include "qcustomplot_include.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace spectro::widgets;

class TestFigureExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pngHasThePaperSizeAndResolution();
    void largerTextInksMore();
    void onScreenSizeByDefault();
    void provenanceInEveryFormat();
    void csvIsTheTableExactly();
    void errorsNameTheFile();
    void tooLargeRasterIsRefused();
    void legacyExportStillWrites();

private:
    static void fill(QCustomPlot& plot)
    {
        applyPlotStyle(&plot);
        plot.resize(640, 400);
        QCPGraph* g = plot.addGraph();
        for (int i = 0; i < 50; ++i) g->addData(i, std::sin(i / 5.0));
        plot.xAxis->setLabel(QStringLiteral("token"));
        plot.yAxis->setLabel(QStringLiteral("value"));
        plot.rescaleAxes();
        plot.replot();
    }
    static int ink(const QImage& image)
    {
        int dark = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) dark += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
        return dark;
    }
};

void TestFigureExport::pngHasThePaperSizeAndResolution()
{
    QTemporaryDir dir;
    QCustomPlot plot;
    fill(plot);
    const QRect viewport = plot.viewport();
    ExportOptions o;
    o.widthCm = 8.5;
    o.heightCm = 6;
    o.dpi = 600;
    const QString path = dir.filePath(QStringLiteral("f.png"));
    QString error;
    QVERIFY2(exportFigure(&plot, path, o, {}, &error), qPrintable(error));
    const QImage image(path);
    QCOMPARE(image.width(), static_cast<int>(std::lround(8.5 / 2.54 * 600)));
    QCOMPARE(image.height(), static_cast<int>(std::lround(6 / 2.54 * 600)));
    QCOMPARE(image.dotsPerMeterX(), static_cast<int>(std::lround(600 / 0.0254)));
    // The on-screen plot keeps its own size (the export laid it out elsewhere).
    QCOMPARE(plot.viewport(), viewport);
}

void TestFigureExport::largerTextInksMore()
{
    QTemporaryDir dir;
    QCustomPlot plot;
    fill(plot);
    ExportOptions small, large;
    small.widthCm = large.widthCm = 10;
    small.heightCm = large.heightCm = 6;
    small.dpi = large.dpi = 150;
    small.fontPt = 6;
    large.fontPt = 14;
    QVERIFY(exportFigure(&plot, dir.filePath(QStringLiteral("s.png")), small, {}));
    QVERIFY(exportFigure(&plot, dir.filePath(QStringLiteral("l.png")), large, {}));
    const QImage s(dir.filePath(QStringLiteral("s.png"))), l(dir.filePath(QStringLiteral("l.png")));
    QCOMPARE(s.size(), l.size());
    // Text, tick marks and lines scale with the text size: more than twice the ink at 14 pt.
    QVERIFY2(ink(l) > 2 * ink(s), qPrintable(QStringLiteral("%1 vs %2").arg(ink(l)).arg(ink(s))));
}

void TestFigureExport::onScreenSizeByDefault()
{
    QTemporaryDir dir;
    QCustomPlot plot;
    fill(plot);
    ExportOptions o;
    o.dpi = 192;
    QVERIFY(exportFigure(&plot, dir.filePath(QStringLiteral("f.png")), o, {}));
    const QImage image(dir.filePath(QStringLiteral("f.png")));
    QCOMPARE(image.size(), QSize(1280, 800));
}

void TestFigureExport::provenanceInEveryFormat()
{
    QTemporaryDir dir;
    QCustomPlot plot;
    fill(plot);
    const Provenance provenance{{"cache", "/data/a <b> & c.h5"}, {"model_fingerprint", "cafe"}};
    QCOMPARE(provenanceText(provenance), QStringLiteral("cache: /data/a <b> & c.h5\nmodel_fingerprint: cafe\n"));
    ExportOptions o;
    o.title = QStringLiteral("Sinks & \"dark\" bands");
    for (const char* ext : {"pdf", "svg", "png"}) {
        const QString path = dir.filePath(QStringLiteral("f.") + QLatin1String(ext));
        QString error;
        QVERIFY2(exportFigure(&plot, path, o, provenance, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        if (QLatin1String(ext) == QLatin1String("png")) {
            const QImage image(path);
            QCOMPARE(image.text(QStringLiteral("Description")), provenanceText(provenance));
            QCOMPARE(image.text(QStringLiteral("Title")), o.title);
        } else {
            // XML metadata escapes the markup characters.
            QVERIFY2(bytes.contains("/data/a &lt;b&gt; &amp; c.h5"), bytes.left(2000).constData());
            QVERIFY2(bytes.contains("cafe"), ext);
        }
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    }
}

void TestFigureExport::csvIsTheTableExactly()
{
    QTemporaryDir dir;
    spectro::figures::FigureTable table;
    table.provenance = {{"cache", "x.h5"}};
    table.columns = {"token", "piece"};
    table.addRow({"0", "a,\"b\""});
    const QString path = dir.filePath(QStringLiteral("t.csv"));
    QVERIFY(exportTable(table, path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().toStdString(), table.csv());
    QCOMPARE(table.csv(), std::string("# cache: x.h5\ntoken,piece\n0,\"a,\"\"b\"\"\"\n"));
}

void TestFigureExport::errorsNameTheFile()
{
    QCustomPlot plot;
    fill(plot);
    QTemporaryDir dir;
    QString error;
    const QString unknown = dir.filePath(QStringLiteral("f.xyz"));
    QVERIFY(!exportFigure(&plot, unknown, {}, {}, &error));
    QVERIFY(error.contains(unknown));
    QVERIFY(!error.contains(QLatin1Char('\n')));
    for (const char* ext : {"pdf", "svg", "png", "csv"}) {
        const QString missing = QStringLiteral("/nonexistent-folder/f.") + QLatin1String(ext);
        error.clear();
        const bool ok = QLatin1String(ext) == QLatin1String("csv") ? exportTable({}, missing, &error)
                                                                   : exportFigure(&plot, missing, {}, {}, &error);
        QVERIFY2(!ok, ext);
        QVERIFY2(error.contains(missing), qPrintable(error));
    }
}

void TestFigureExport::tooLargeRasterIsRefused()
{
    QCustomPlot plot;
    fill(plot);
    QTemporaryDir dir;
    ExportOptions o;
    o.widthCm = 200;
    o.heightCm = 200;
    o.dpi = 2400;
    QString error;
    const QString path = dir.filePath(QStringLiteral("huge.png"));
    QVERIFY(!exportFigure(&plot, path, o, {}, &error));
    QVERIFY(error.contains(path));
    QVERIFY(error.contains(QStringLiteral("too large")));
    QVERIFY(!QFile::exists(path));
}

void TestFigureExport::legacyExportStillWrites()
{
    // spectroscope-plot and the prompt panel's views export through the same exporter.
    QCustomPlot plot;
    fill(plot);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.png"));
    QVERIFY(exportPlot(&plot, path));
    QCOMPARE(QImage(path).size(), QSize(1280, 800));
    QVERIFY(exportPlot(&plot, dir.filePath(QStringLiteral("f.jpg"))));
    QVERIFY(!QImage(dir.filePath(QStringLiteral("f.jpg"))).isNull());
}

QTEST_MAIN(TestFigureExport)
#include "test_figure_export.moc"
