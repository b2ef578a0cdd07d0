// BosStoryView draws the BoS stream's norms per stream, what each layer's attention and MLP write
// into it, marks the blast-off layer, emits the stream under the mouse, and exports the table.
#include "bos_story_view.h"
#include "view_test_support.h"

#include <QSignalSpy>

using spectro::widgets::BosStoryView;
using spectro::workbench::Selection;
namespace figures = spectro::figures;
namespace test = spectro::test;

class TestBosStoryView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void drawsEveryStreamAndContribution();
    void marksTheBlastOffLayer();
    void exports();
    void hoverAndClickSelectAStream();

private:
    static std::shared_ptr<const figures::BosStoryFigure> figure(int blastOff = 1)
    {
        auto f = std::make_shared<figures::BosStoryFigure>();
        f->sample = 0;
        for (int s = 0; s <= 5; ++s) {
            figures::BosStoryFigure::Row r;
            r.stream = s;
            r.udarkNorm = s >= 2 ? 4.0 + s : 0.1 * s;
            r.ulightNorm = 2.0;
            r.norm = std::sqrt(r.udarkNorm * r.udarkNorm + r.ulightNorm * r.ulightNorm);
            r.udr = r.udarkNorm / r.ulightNorm;
            if (s > 0) {
                r.attnNorm = 0.5 * s;
                r.attnUdarkNorm = 0.1 * s;
                r.mlpNorm = s == 2 ? 6.0 : 1.0;
                r.mlpUdarkNorm = s == 2 ? 5.5 : 0.2;
            }
            f->rows.push_back(r);
        }
        f->blastOffLayer = blastOff;
        f->provenance = test::provenance();
        return f;
    }
};

void TestBosStoryView::startsEmpty()
{
    BosStoryView view;
    test::verifyEmpty(view);
}

void TestBosStoryView::drawsEveryStreamAndContribution()
{
    BosStoryView view;
    const auto f = figure();
    view.setFigure(f);
    QCOMPARE(view.normGraph()->dataCount(), 6);
    for (int s = 0; s <= 5; ++s) {
        const auto& r = f->rows[static_cast<std::size_t>(s)];
        QCOMPARE(view.normGraph()->data()->at(s)->key, double(s));
        QCOMPARE(view.normGraph()->data()->at(s)->value, r.norm);
        QCOMPARE(view.udarkGraph()->data()->at(s)->value, r.udarkNorm);
        QCOMPARE(view.ulightGraph()->data()->at(s)->value, r.ulightNorm);
    }
    // Layer l's parts sit at stream l + 1, attention left of it, MLP right; none at the embeddings.
    QCOMPARE(view.attentionBars()->dataCount(), 5);
    QVERIFY(view.attentionBars()->data()->at(1)->key < 2.0);
    QVERIFY(view.mlpBars()->data()->at(1)->key > 2.0);
    QCOMPARE(view.mlpBars()->data()->at(1)->value, 6.0);
    QCOMPARE(view.mlpUdarkBars()->data()->at(1)->value, 5.5);
    QCOMPARE(view.attentionUdarkBars()->data()->at(4)->value, f->rows[5].attnUdarkNorm);
}

void TestBosStoryView::marksTheBlastOffLayer()
{
    BosStoryView view;
    view.setFigure(figure(1));
    // The MLP of layer 1 writes resid[2].
    QCOMPARE(view.blastOffMarker(), 2.0);
    view.setFigure(figure(-1));
    QVERIFY(std::isnan(view.blastOffMarker()));
}

void TestBosStoryView::exports()
{
    BosStoryView view;
    test::showView(view);
    const auto f = figure();
    view.setFigure(f);
    test::verifyExports(view, f->table().csv());
}

void TestBosStoryView::hoverAndClickSelectAStream()
{
    BosStoryView view;
    test::showView(view);
    view.setFigure(figure());
    QCustomPlot* plot = view.plotWidget();
    QSignalSpy hovered(&view, &BosStoryView::selectionHovered);
    QSignalSpy requested(&view, &BosStoryView::selectionRequested);
    const double y = plot->yAxis->range().center();
    test::mouseMove(plot, test::pixelOf(plot->xAxis, plot->yAxis, 2.2, y));
    QVERIFY2(hovered.count() == 1, qPrintable(view.readout()));
    auto s = hovered.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.layer, 2);
    QCOMPARE(s.token, 0);
    QVERIFY(view.readout().contains(QStringLiteral("resid[2] (exit of layer 1)")));
    QVERIFY(view.readout().contains(QStringLiteral("MLP 6 (U-dark 5.5)")));
    test::mouseClick(plot, test::pixelOf(plot->xAxis, plot->yAxis, 4.9, y));
    QCOMPARE(requested.count(), 1);
    s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.layer, 5);
    QVERIFY(s.locked);
    Selection at;
    at.layer = 3;
    view.setSelection(at);
    test::pressKey(view, Qt::Key_Home);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().layer, 0);
}

QTEST_MAIN(TestBosStoryView)
#include "test_bos_story_view.moc"
