// SpectrumView draws the singular values it is given, bands and the dark band, emits the band
// under the mouse, and exports the figure's table and valid figure files.
#include "fitted_ticker.h"
#include "spectrum_view.h"
#include "view_test_support.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QToolButton>
#include <algorithm>

using spectro::widgets::SpectrumView;
using spectro::workbench::Selection;
namespace figures = spectro::figures;
namespace test = spectro::test;

class TestSpectrumView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void drawsTheSingularValues();
    void drawsTheBands();
    void bandLabelsThinOutOnASmallAxis();
    void exports();
    void hoverAndClickSelectABand();
    void keysStepThroughBands();
    void escAndUnlockRelease();
    void selectionMarksTheBand();
    void overlaysASecondSpectrum();
    void linearScaleDrawsZeros();
    void logAxisLabelsTheDarkEnd();
    void matrixChooserRequestsTheOtherMatrix();

private:
    static std::shared_ptr<const figures::SpectrumFigure> figure()
    {
        auto f = std::make_shared<figures::SpectrumFigure>();
        f->matrix = "unembed";
        for (int i = 0; i < 40; ++i) f->singularValues.push_back(i < 37 ? 50.0 * std::pow(0.9, i) : 0.0);
        f->bandEdges = {0, 10, 20, 30, 40};
        f->rank = 37;
        f->provenance = test::provenance();
        return f;
    }
};

void TestSpectrumView::logAxisLabelsTheDarkEnd()
{
    // The demo's W_u: singular values from about 2 to 50, a decade and a half. QCustomPlot's log
    // ticker labelled 10, 20, ..., 50 only, leaving the dark band's end of the axis unlabelled.
    auto f = std::make_shared<figures::SpectrumFigure>(*figure());
    for (std::size_t i = 0; i < f->singularValues.size(); ++i)
        f->singularValues[i] = 50.0 * std::pow(25.0, -static_cast<double>(i) / 39.0);
    f->rank = 40;
    SpectrumView view;
    test::showView(view);
    view.setFigure(f);
    QCustomPlot* plot = view.plotWidget();
    plot->replot();
    QVERIFY(plot->yAxis->ticker().dynamicCast<spectro::widgets::FittedLogTicker>());
    const QVector<double> ticks = plot->yAxis->tickVector();
    QVERIFY2(std::any_of(ticks.begin(), ticks.end(), [](double t) { return t < 10; }),
             qPrintable(QStringLiteral("no label below 10")));
    // The lowest label lies within a factor 2.5 of the smallest singular value (2), the highest
    // within 2.5 of the largest: the whole range is labelled.
    QVERIFY(ticks.first() <= 2.0 * 2.5 && ticks.first() >= 2.0 / 2.5);
    QVERIFY(ticks.last() >= 50.0 / 2.5);
}

void TestSpectrumView::startsEmpty()
{
    SpectrumView view;
    test::verifyEmpty(view);
}

void TestSpectrumView::drawsTheSingularValues()
{
    SpectrumView view;
    test::showView(view);
    const auto f = figure();
    view.setFigure(f);
    QVERIFY(view.hasFigure());
    const auto* data = view.spectrumGraph()->data().data();
    QCOMPARE(data->size(), 40);
    for (int i = 0; i < 40; ++i) {
        QCOMPARE(data->at(i)->key, double(i));
        // The log axis shows the null space (singular value 0) as gaps.
        if (i < 37)
            QCOMPARE(data->at(i)->value, f->singularValues[static_cast<std::size_t>(i)]);
        else
            QVERIFY(std::isnan(data->at(i)->value));
    }
    QCOMPARE(view.plotWidget()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    // The gaps are named: a label over indices 37..39.
    QCPItemText* label = nullptr;
    for (int i = 0; i < view.plotWidget()->itemCount(); ++i) {
        if (auto* text = qobject_cast<QCPItemText*>(view.plotWidget()->item(i)); text && text->visible()) label = text;
    }
    QVERIFY(label);
    QVERIFY(label->text().contains(QStringLiteral("null space")));
    QCOMPARE(label->position->coords().x(), 38.0);
}

void TestSpectrumView::drawsTheBands()
{
    SpectrumView view;
    view.setFigure(figure());
    QCOMPARE(view.bandAt(0), 1);
    QCOMPARE(view.bandAt(9), 1);
    QCOMPARE(view.bandAt(10), 2);
    QCOMPARE(view.bandAt(39), 4);
    QCOMPARE(view.bandAt(40), -1);
    // The top axis names the bands at their centres, the last one "dark".
    auto ticker = view.plotWidget()->xAxis2->ticker().dynamicCast<spectro::widgets::FittedTextTicker>();
    QVERIFY(ticker);
    QCOMPARE(ticker->labels().size(), std::size_t(4));
    QCOMPARE(ticker->labels()[0].first, 4.5);
    QCOMPARE(ticker->labels()[0].second, QStringLiteral("1"));
    QCOMPARE(ticker->labels()[3].first, 34.5);
    QVERIFY(ticker->labels()[3].second.contains(QStringLiteral("dark")));
}

void TestSpectrumView::bandLabelsThinOutOnASmallAxis()
{
    // 100 bands of d = 4096 in a 400-pixel view: the labels are thinned so that they do not
    // overlap, and the dark band keeps its label.
    SpectrumView view;
    test::showView(view, QSize(400, 300));
    auto f = std::make_shared<figures::SpectrumFigure>();
    f->matrix = "unembed";
    for (int i = 0; i < 4096; ++i) f->singularValues.push_back(100.0 / (1 + i));
    for (int j = 0; j <= 100; ++j) f->bandEdges.push_back(static_cast<int>(std::lround(j * 4096.0 / 100)));
    f->rank = 4096;
    view.setFigure(f);
    view.plotWidget()->replot();
    auto ticker = view.plotWidget()->xAxis2->ticker().dynamicCast<spectro::widgets::FittedTextTicker>();
    const auto& shown = ticker->shownPositions();
    QVERIFY(shown.size() > 2 && shown.size() < 30);
    QCOMPARE(shown.back(), ticker->labels().back().first);
    QCPAxis* axis = view.plotWidget()->xAxis2;
    const QFontMetricsF metrics(axis->tickLabelFont());
    for (std::size_t i = 1; i < shown.size(); ++i) {
        QVERIFY(axis->coordToPixel(shown[i]) - axis->coordToPixel(shown[i - 1]) >=
                metrics.horizontalAdvance(QStringLiteral("100")));
    }
}

void TestSpectrumView::exports()
{
    SpectrumView view;
    test::showView(view);
    const auto f = figure();
    view.setFigure(f);
    test::verifyExports(view, f->table().csv());
}

void TestSpectrumView::hoverAndClickSelectABand()
{
    SpectrumView view;
    test::showView(view);
    view.setFigure(figure());
    QCustomPlot* plot = view.plotWidget();
    QSignalSpy hovered(&view, &SpectrumView::selectionHovered);
    QSignalSpy requested(&view, &SpectrumView::selectionRequested);
    const double y = plot->yAxis->range().center();
    test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 38, y));
    QCOMPARE(hovered.count(), 1);
    auto s = hovered.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.band, 4);
    QCOMPARE(s.matrix, std::string("unembed"));
    QVERIFY(!s.locked);
    QVERIFY(view.readout().contains(QStringLiteral("band 4 of 4")));
    QVERIFY(view.readout().contains(QStringLiteral("null space")));
    // Within the same band: the read-out follows, the preview is not sent again.
    test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 33, y));
    QCOMPARE(hovered.count(), 0);
    QVERIFY(view.readout().contains(QStringLiteral("\u03c3_33")));
    QSignalSpy ended(&view, &SpectrumView::hoverEnded);
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(plot, &leave);
    QCOMPARE(ended.count(), 1);
    test::mouseClick(plot, test::pixelOf(plot->xAxis, plot->yAxis, 12, y));
    QCOMPARE(requested.count(), 1);
    s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.band, 2);
    QVERIFY(s.locked);
}

void TestSpectrumView::keysStepThroughBands()
{
    SpectrumView view;
    test::showView(view);
    view.setFigure(figure());
    Selection s;
    s.band = 2;
    view.setSelection(s);
    QSignalSpy requested(&view, &SpectrumView::selectionRequested);
    test::pressKey(view, Qt::Key_Right);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().band, 3);
    test::pressKey(view, Qt::Key_End);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().band, 4);
    test::pressKey(view, Qt::Key_Home);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().band, 1);
}

void TestSpectrumView::escAndUnlockRelease()
{
    SpectrumView view;
    test::showView(view);
    view.setFigure(figure());
    Selection s;
    s.band = 2;
    s.locked = true;
    view.setSelection(s);
    auto* unlock = view.findChild<QToolButton*>();
    QVERIFY(unlock);
    QSignalSpy requested(&view, &SpectrumView::selectionRequested);
    test::pressKey(view, Qt::Key_Escape);
    QCOMPARE(requested.count(), 1);
    auto released = requested.takeFirst().at(0).value<Selection>();
    QVERIFY(!released.locked);
    QCOMPARE(released.band, 2);
    // The visible control does the same.
    QToolButton* button = nullptr;
    for (QToolButton* b : view.findChildren<QToolButton*>()) {
        if (b->text() == QStringLiteral("Unlock")) button = b;
    }
    QVERIFY(button);
    QVERIFY(button->isEnabled());
    button->click();
    QCOMPARE(requested.count(), 1);
    QVERIFY(!requested.takeFirst().at(0).value<Selection>().locked);
    s.locked = false;
    view.setSelection(s);
    QVERIFY(!button->isEnabled());
}

void TestSpectrumView::selectionMarksTheBand()
{
    SpectrumView view;
    test::showView(view);
    view.setFigure(figure());
    Selection s;
    s.band = 3;
    view.setSelection(s);
    QCPItemRect* marker = nullptr;
    for (int i = 0; i < view.plotWidget()->itemCount(); ++i) {
        auto* rect = qobject_cast<QCPItemRect*>(view.plotWidget()->item(i));
        if (rect && rect->layer()->name() == QStringLiteral("markers") && rect->visible()) marker = rect;
    }
    QVERIFY(marker);
    QCOMPARE(marker->topLeft->coords().x(), 19.5);
    QCOMPARE(marker->bottomRight->coords().x(), 29.5);
}

void TestSpectrumView::overlaysASecondSpectrum()
{
    SpectrumView view;
    view.setFigure(figure());
    QVERIFY(!view.overlayGraph()->visible());
    auto other = std::make_shared<figures::SpectrumFigure>(*figure());
    for (double& v : other->singularValues) v *= 2;
    view.setOverlay(other, QStringLiteral("13B"));
    QVERIFY(view.overlayGraph()->visible());
    QCOMPARE(view.overlayGraph()->data()->size(), 40);
    QCOMPARE(view.overlayGraph()->data()->at(3)->value, other->singularValues[3]);
    QCOMPARE(view.overlayGraph()->name(), QStringLiteral("13B"));
}

void TestSpectrumView::linearScaleDrawsZeros()
{
    SpectrumView view;
    view.setFigure(figure());
    view.applySettings(QStringLiteral("{\"logY\":false}"));
    QCOMPARE(view.settings(), QStringLiteral("{\"logY\":false}"));
    QCOMPARE(view.plotWidget()->yAxis->scaleType(), QCPAxis::stLinear);
    QCOMPARE(view.spectrumGraph()->data()->at(39)->value, 0.0);
    // A damaged setting falls back to the default.
    view.applySettings(QStringLiteral("{not json"));
    QCOMPARE(view.plotWidget()->yAxis->scaleType(), QCPAxis::stLogarithmic);
}

void TestSpectrumView::matrixChooserRequestsTheOtherMatrix()
{
    SpectrumView view;
    view.setFigure(figure());
    auto* chooser = view.findChild<QComboBox*>();
    QVERIFY(chooser);
    QVERIFY(!chooser->toolTip().isEmpty());
    QSignalSpy requested(&view, &SpectrumView::selectionRequested);
    const int embed = chooser->findData(QStringLiteral("embed"));
    chooser->setCurrentIndex(embed);
    Q_EMIT chooser->activated(embed);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().matrix, std::string("embed"));
}

QTEST_MAIN(TestSpectrumView)
#include "test_spectrum_view.moc"
