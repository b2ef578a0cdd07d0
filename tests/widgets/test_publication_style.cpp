// Publication defaults and presenter mode (plot_style.h, publication_presenter.h,
// publication_pdf_info.h): presenter mode restyles an open view and switching it off restores the
// view exactly; a palette recolours role colours and colour maps; an export in another palette
// leaves the view as it was; the PDF's Info dictionary carries the provenance (any Unicode) in a
// valid incremental update, with the fonts embedded.
#include "export_dialog.h"
#include "figure_export.h"
#include "plot_style.h"
#include "publication_pdf_info.h"
#include "publication_presenter.h"
#include "qcustomplot_include.h"
#include "spectrum_view.h"
#include "view_test_support.h"

#include <QAction>
#include <QCryptographicHash>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace spectro;
using namespace spectro::widgets;

namespace {

std::shared_ptr<const figures::SpectrumFigure> spectrumFigure()
{
    auto f = std::make_shared<figures::SpectrumFigure>();
    f->matrix = "unembed";
    for (int i = 0; i < 40; ++i) f->singularValues.push_back(i < 37 ? 50.0 * std::pow(0.9, i) : 0.0);
    f->bandEdges = {0, 10, 20, 30, 40};
    f->rank = 37;
    f->provenance = {{"cache", "/data/Größe & <ü>.h5"}, {"model_fingerprint", "f00dfeed"}};
    return f;
}

} // namespace

class TestPublicationStyle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void presenterModeRestylesAnOpenView();
    void paletteRecoloursSeriesAndMaps();
    void exportInAnotherPaletteLeavesTheView();
    void pdfInfoCarriesTheProvenance();
    void sequentialScalesHaveMonotoneLuminance();
};

void TestPublicationStyle::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings in a test folder, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("spectroscope-tests"));
    QSettings().remove(QLatin1String(kPresenterModeKey));
}

void TestPublicationStyle::cleanup()
{
    setPlotStyle(PlotStyle{});
}

void TestPublicationStyle::presenterModeRestylesAnOpenView()
{
    SpectrumView view;
    view.setFigure(spectrumFigure());
    test::showView(view);
    QCPAxis* x = view.plotWidget()->xAxis;
    const double labelPt = x->labelFont().pointSizeF();
    const double tickPt = x->tickLabelFont().pointSizeF();
    const double penWidth = view.spectrumGraph()->pen().widthF();
    const double basePen = x->basePen().widthF();
    QVERIFY(labelPt > 0 && penWidth > 0);

    std::unique_ptr<QAction> action(createPresenterModeAction(nullptr));
    QVERIFY(action->isCheckable());
    QVERIFY(!action->isChecked());
    QVERIFY(!action->shortcut().isEmpty());
    action->trigger(); // on: every open view restyles at once
    QVERIFY(plotStyle().presenter);
    QCOMPARE(x->labelFont().pointSizeF(), labelPt * 1.5);
    QCOMPARE(x->tickLabelFont().pointSizeF(), tickPt * 1.5);
    QCOMPARE(view.spectrumGraph()->pen().widthF(), penWidth * 2.0);
    QCOMPARE(x->basePen().widthF(), basePen * 2.0);
    QCOMPARE(QSettings().value(QLatin1String(kPresenterModeKey)).toBool(), true);
    // A new figure in presenter mode keeps the style (no double scaling on the next replot).
    view.setFigure(spectrumFigure());
    view.plotWidget()->replot();
    QCOMPARE(x->labelFont().pointSizeF(), labelPt * 1.5);
    QCOMPARE(view.spectrumGraph()->pen().widthF(), penWidth * 2.0);

    // A second action (the next start) reads the saved choice.
    std::unique_ptr<QAction> restored(createPresenterModeAction(nullptr));
    QVERIFY(restored->isChecked());

    action->trigger(); // off: exactly the view's own sizes again
    QVERIFY(!plotStyle().presenter);
    QCOMPARE(x->labelFont().pointSizeF(), labelPt);
    QCOMPARE(view.spectrumGraph()->pen().widthF(), penWidth);
    QCOMPARE(QSettings().value(QLatin1String(kPresenterModeKey)).toBool(), false);
}

void TestPublicationStyle::paletteRecoloursSeriesAndMaps()
{
    QCustomPlot plot;
    applyPlotStyle(&plot);
    QCPGraph* graph = plot.addGraph();
    graph->setPen(QPen(primarySeriesColor(), 1.5));
    auto* map = new QCPColorMap(plot.xAxis, plot.yAxis);
    map->setGradient(sequentialGradient());
    const QColor defaultBlue = primarySeriesColor();

    PlotStyle colourBlind;
    colourBlind.palette = QStringLiteral("colorblind");
    setPlotStyle(colourBlind);
    QCOMPARE(graph->pen().color(), QColor(0x00, 0x72, 0xb2)); // Okabe-Ito blue
    QCOMPARE(graph->pen().widthF(), 1.5);
    QCOMPARE(map->gradient().colorStops(), cividisGradient().colorStops());
    QCOMPARE(primarySeriesColor(), QColor(0x00, 0x72, 0xb2));

    setPlotStyle(PlotStyle{});
    QCOMPARE(graph->pen().color(), defaultBlue);
    QCOMPARE(map->gradient().colorStops(), viridisGradient().colorStops());
    QVERIFY(paletteNames().contains(QStringLiteral("grey")));
    QVERIFY(!isPaletteName(QStringLiteral("rainbow")));
}

void TestPublicationStyle::exportInAnotherPaletteLeavesTheView()
{
    // What the export dialog does with its palette: restyle for the file, export, restyle back.
    SpectrumView view;
    view.setFigure(spectrumFigure());
    test::showView(view);
    const QColor before = view.spectrumGraph()->pen().color();
    QTemporaryDir dir;
    ExportOptions options;
    options.widthCm = kOneColumnCm;
    options.heightCm = 5;
    PlotStyle grey;
    grey.palette = QStringLiteral("grey");
    restylePlot(view.plotWidget(), grey);
    QCOMPARE(plotStyle().palette, QStringLiteral("default")); // the application's style is untouched
    QString error;
    const QString svg = dir.filePath(QStringLiteral("grey.svg"));
    QVERIFY2(view.exportTo(svg, options, &error), qPrintable(error));
    restylePlot(view.plotWidget());
    const QByteArray bytes = test::fileBytes(svg);
    QVERIFY2(bytes.contains("#1f1f1f"), "the grey palette's series colour is not in the SVG");
    QVERIFY2(!bytes.contains("#2f6fb0"), "the default palette's blue is still in the grey SVG");
    QCOMPARE(view.spectrumGraph()->pen().color(), before);

    ExportDialog dialog(dir.filePath(QStringLiteral("d.pdf")), {}, QSize(600, 400), nullptr,
                        QStringLiteral("colorblind"));
    QCOMPARE(dialog.palette(), QStringLiteral("colorblind"));
}

void TestPublicationStyle::pdfInfoCarriesTheProvenance()
{
    SpectrumView view;
    view.setFigure(spectrumFigure());
    test::showView(view);
    QTemporaryDir dir;
    ExportOptions options;
    options.widthCm = kTwoColumnsCm;
    options.heightCm = 6;
    options.fontPt = 8;
    options.title = QStringLiteral("Spectrum of W_u");
    QString error;
    const QString pdf = dir.filePath(QStringLiteral("s.pdf"));
    QVERIFY2(view.exportTo(pdf, options, &error), qPrintable(error));
    const QByteArray bytes = test::fileBytes(pdf);
    // The update's xref is where startxref says and the trailer chains to Qt's (/Prev).
    const qsizetype startxref = bytes.lastIndexOf("startxref");
    const qsizetype xref = bytes.mid(startxref + 9).trimmed().split('\n').front().toLongLong();
    QCOMPARE(bytes.mid(xref, 4), QByteArray("xref"));
    const QByteArray lastTrailer = bytes.mid(bytes.lastIndexOf("trailer"));
    QVERIFY(lastTrailer.contains("/Prev"));
    QVERIFY(lastTrailer.contains("/Info"));
    // The xref entry of the Info object points at "N 0 obj".
    const QList<QByteArray> section = bytes.mid(xref).split('\n');
    const QByteArray object = section[1].split(' ').front();
    const qsizetype objectAt = section[2].left(10).toLongLong();
    QCOMPARE(bytes.mid(objectAt, object.size() + 6), object + " 0 obj");

    QCOMPARE(pdfInfoEntry(bytes, QStringLiteral("Title")), options.title);
    QCOMPARE(pdfInfoEntry(bytes, QStringLiteral("cache")), QStringLiteral("/data/Größe & <ü>.h5"));
    QCOMPARE(pdfInfoEntry(bytes, QStringLiteral("model_fingerprint")), QStringLiteral("f00dfeed"));
    const QString sha = QString::fromLatin1(
        QCryptographicHash::hash(QByteArray::fromStdString(view.table().csv()), QCryptographicHash::Sha256).toHex());
    QCOMPARE(pdfInfoEntry(bytes, QStringLiteral("data_sha256")), sha);
    QVERIFY(pdfInfoEntry(bytes, QStringLiteral("Subject")).contains(QStringLiteral("model_fingerprint: f00dfeed")));
    QVERIFY2(bytes.contains("/FontFile"), "the PDF's fonts are not embedded");

    // Not a PDF: one line naming the file.
    const QString fake = dir.filePath(QStringLiteral("fake.pdf"));
    {
        QFile file(fake);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a pdf");
    }
    QVERIFY(!appendPdfInfo(fake, {}, &error));
    QVERIFY(error.contains(fake));
}

void TestPublicationStyle::sequentialScalesHaveMonotoneLuminance()
{
    // Colour maps must print in grey: luminance (Rec. 709) rises along every palette's scale.
    for (const QString& name : paletteNames()) {
        PlotStyle style;
        style.palette = name;
        setPlotStyle(style);
        QCPColorGradient g = sequentialGradient(); // color() is not const in QCustomPlot 2.1
        double last = -1;
        for (int i = 0; i <= 50; ++i) {
            const QColor c = QColor::fromRgb(g.color(i / 50.0, QCPRange(0, 1)));
            const double luminance = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF();
            QVERIFY2(luminance > last, qPrintable(name + QStringLiteral(" at ") + QString::number(i / 50.0)));
            last = luminance;
        }
    }
}

QTEST_MAIN(TestPublicationStyle)
#include "test_publication_style.moc"
