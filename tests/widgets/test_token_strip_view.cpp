// TokenStripView flows a sample's tokens into lines, colours each by its value, selects the
// clicked token, scrolls a long sample and keeps the locked token in view, and exports the table.
#include "token_strip_view.h"
#include "view_test_support.h"

#include <QComboBox>
#include <QSignalSpy>

using spectro::widgets::TokenStripView;
using spectro::workbench::Selection;
namespace figures = spectro::figures;
namespace test = spectro::test;

class TestTokenStripView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void colourFollowsTheValue();
    void newlinePiecesEndTheirLine();
    void exports();
    void chipsAreDrawnWithoutTheMarkers();
    void clickSelectsTheToken();
    void longSamplesScrollToTheLockedToken();
    void measureChoiceAsksForAnotherFigure();

private:
    static std::shared_ptr<const figures::TokenStripFigure> figure(int tokens = 10)
    {
        auto f = std::make_shared<figures::TokenStripFigure>();
        f->sample = 0;
        f->measure = "udr";
        f->stream = 3;
        f->tokens = test::tokenLabels(tokens);
        for (int t = 0; t < tokens; ++t) f->values.push_back(t == 2 ? std::nan("") : 0.1 * (t % 10));
        f->provenance = test::provenance();
        return f;
    }
};

void TestTokenStripView::startsEmpty()
{
    TokenStripView view;
    test::verifyEmpty(view);
}

void TestTokenStripView::colourFollowsTheValue()
{
    TokenStripView view;
    test::showView(view);
    view.setFigure(figure());
    // The lowest value takes the gradient's first colour, the highest its last, NaN a neutral grey.
    QCPColorGradient gradient = view.plotWidget()->findChild<QCPColorScale*>()->gradient();
    QCOMPARE(view.chipColour(0), QColor(gradient.color(0.0, QCPRange(0, 0.9))));
    QCOMPARE(view.chipColour(9), QColor(gradient.color(0.9, QCPRange(0, 0.9))));
    QCOMPARE(view.chipColour(2), QColor(0xe6, 0xe6, 0xe6));
    for (int t = 0; t < 10; ++t) QVERIFY2(!view.chipRect(t).isEmpty(), qPrintable(QString::number(t)));
}

void TestTokenStripView::newlinePiecesEndTheirLine()
{
    TokenStripView view;
    test::showView(view);
    view.setFigure(figure());
    // Token 8 is "↵": token 9 starts the next line, at the left edge.
    QVERIFY(view.chipRect(9).top() > view.chipRect(8).top());
    QVERIFY(view.chipRect(9).left() < view.chipRect(1).left());
    QCOMPARE(view.chipRect(1).top(), view.chipRect(7).top());
}

void TestTokenStripView::exports()
{
    TokenStripView view;
    test::showView(view);
    const auto f = figure();
    view.setFigure(f);
    test::verifyExports(view, f->table().csv());
}

void TestTokenStripView::chipsAreDrawnWithoutTheMarkers()
{
    // spectroscope-cli figure hides the markers layer (the selection is the workbench's): the
    // chips are the figure and must stay. They were on the markers layer once, and every
    // exported token strip was blank.
    TokenStripView view;
    test::showView(view);
    view.setFigure(figure());
    QCustomPlot* plot = view.plotWidget();
    plot->layer(QStringLiteral("markers"))->setVisible(false);
    plot->replot();
    const QImage picture = plot->toPixmap(plot->width(), plot->height()).toImage();
    // Inside the chip, clear of its text and rounded corners.
    const QColor drawn = picture.pixelColor(view.chipRect(9).topLeft().toPoint() + QPoint(2, 3));
    const QColor chip = view.chipColour(9);
    QVERIFY2(std::abs(drawn.red() - chip.red()) + std::abs(drawn.green() - chip.green()) +
                     std::abs(drawn.blue() - chip.blue()) <=
                 12,
             qPrintable(drawn.name() + QStringLiteral(" vs ") + chip.name()));
}

void TestTokenStripView::clickSelectsTheToken()
{
    TokenStripView view;
    test::showView(view);
    view.setFigure(figure());
    QSignalSpy hovered(&view, &TokenStripView::selectionHovered);
    QSignalSpy requested(&view, &TokenStripView::selectionRequested);
    test::mouseMove(view.plotWidget(), view.chipRect(4).center());
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.takeFirst().at(0).value<Selection>().token, 4);
    QVERIFY(view.readout().contains(QStringLiteral("\u00b7time")));
    QVERIFY(view.readout().contains(QStringLiteral("0.4")));
    test::mouseClick(view.plotWidget(), view.chipRect(6).center());
    QCOMPARE(requested.count(), 1);
    const auto s = requested.takeFirst().at(0).value<Selection>();
    QCOMPARE(s.token, 6);
    QVERIFY(s.locked);
    // The view does not select by itself: its selection is still the session's (no token yet),
    // so Right asks for the first token.
    test::pressKey(view, Qt::Key_Right);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().token, 0);
    Selection locked = s;
    view.setSelection(locked);
    test::pressKey(view, Qt::Key_Right);
    QCOMPARE(requested.takeFirst().at(0).value<Selection>().token, 7);
}

void TestTokenStripView::longSamplesScrollToTheLockedToken()
{
    TokenStripView view;
    test::showView(view, QSize(600, 300));
    view.setFigure(figure(4096));
    QCOMPARE(view.firstLine(), 0);
    QVERIFY(view.chipRect(4000).isEmpty()); // far below the visible lines
    Selection s;
    s.token = 4000;
    s.locked = true;
    view.setSelection(s);
    QVERIFY(view.firstLine() > 0);
    QVERIFY(!view.chipRect(4000).isEmpty());
    view.scrollToLine(0);
    QVERIFY(!view.chipRect(0).isEmpty());
    view.scrollToLine(1000000); // clamped to the last page
    QVERIFY(!view.chipRect(4095).isEmpty());
}

void TestTokenStripView::measureChoiceAsksForAnotherFigure()
{
    TokenStripView view;
    view.setFigure(figure());
    auto* measure = view.findChild<QComboBox*>();
    QVERIFY(measure && !measure->toolTip().isEmpty());
    QSignalSpy changed(&view, &TokenStripView::settingsChanged);
    const int nll = measure->findData(QStringLiteral("nll"));
    measure->setCurrentIndex(nll);
    Q_EMIT measure->activated(nll);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(view.requestedMeasure(), QStringLiteral("nll"));
    QCOMPARE(view.settings(), QStringLiteral("{\"measure\":\"nll\"}"));
    view.applySettings(QStringLiteral("{\"measure\":\"nll_change\"}"));
    QCOMPARE(view.requestedMeasure(), QStringLiteral("nll_change"));
    QCOMPARE(TokenStripView::measureName(QStringLiteral("udr")), QStringLiteral("U-dark ratio"));
}

QTEST_MAIN(TestTokenStripView)
#include "test_token_strip_view.moc"
