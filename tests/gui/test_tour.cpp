// The guided tour end to end in the offscreen window, on the demo model and its demo cache (8
// stories of 128 tokens, run by the tour's own click): every step is visited with Next, the
// selection, the raised docks, the view settings and the filter lab's setting are what the step
// says, and the numbers its text quotes are what the views then show (the tolerances are the
// rounding of the quoted figure). Back, Left, Alt+N and Esc do what the panel says.
#include "aptitude_view.h"
#include "attention_received_view.h"
#include "bos_story_view.h"
#include "filter_lab_controls.h"
#include "filter_lab_generation_pane.h"
#include "filter_lab_panel.h"
#include "generation_view.h"
#include "main_window.h"
#include "session_controller.h"
#include "sink_grid_view.h"
#include "spectrum_view.h"
#include "start_page.h"
#include "tour/tour_controller.h"
#include "tour/tour_panel.h"
#include "workbench_docks.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <memory>

using namespace spectro;
using spectro::gui::MainWindow;
using spectro::gui::TourStep;

namespace {

constexpr int kTimeoutMs = 60000;

template <class View> const View* viewOf(MainWindow& w, const char* id)
{
    return qobject_cast<const View*>(w.docks()->view(QString::fromLatin1(id)));
}

// The lab's answer for `setting`, once it is shown.
double labChange(MainWindow& w, const filterlab::FilterSetting& setting)
{
    gui::FilterLabPanel* lab = w.filterLab();
    const auto shown = [&] { return lab->shownOutcome() && lab->shownOutcome()->setting == setting; };
    // NaN fails every comparison the callers make.
    if (!QTest::qWaitFor(shown, kTimeoutMs)) return std::nan("");
    return lab->shownOutcome()->nllChange();
}

} // namespace

class TestTour : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyStepShowsWhatItSays();
    void keysMoveAndEscLeaves();

private:
    void checkStep(int index);
    QTemporaryDir tmp_;
    std::unique_ptr<MainWindow> window_;
};

void TestTour::initTestCase()
{
    QVERIFY(tmp_.isValid());
    // A fresh demo cache: the tour's own run makes it, as on a first start.
    qputenv("SPECTRO_CACHE_DIR", tmp_.filePath(QStringLiteral("cache")).toUtf8());
    window_ = std::make_unique<MainWindow>();
    window_->setScripted(true);
    window_->show();
    QVERIFY(window_->findChild<gui::StartPage*>()->tourButton()->isEnabled());
    window_->findChild<gui::StartPage*>()->tourButton()->click();
    QVERIFY(window_->tour()->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(window_->isSettled(), kTimeoutMs);
}

void TestTour::checkStep(int index)
{
    MainWindow& w = *window_;
    const TourStep& step = w.tour()->steps()[static_cast<std::size_t>(index)];
    QCOMPARE(w.tour()->currentStep(), index);
    QCOMPARE(w.tourPanel()->shownIndex(), index);
    QCOMPARE(w.tourPanel()->shownText(), step.text);
    QVERIFY(w.tourPanel()->isVisible());
    QCOMPARE(w.session()->selection(), step.selection);
    for (const QString& id : step.docks) {
        QDockWidget* dock = id == QStringLiteral("filterlab") ? w.findChild<QDockWidget*>(QStringLiteral("filterlab"))
                                                              : w.docks()->dock(id);
        QVERIFY2(dock && dock->isVisible(), qPrintable(step.id + QStringLiteral(": dock ") + id));
    }
    QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), kTimeoutMs);
    // SPECTRO_TOUR_SHOTS=DIR saves the window at every step, to look at the tour.
    if (const QString shots = qEnvironmentVariable("SPECTRO_TOUR_SHOTS"); !shots.isEmpty()) {
        QTest::qWait(300); // queued replots
        w.grab().save(QDir(shots).filePath(QStringLiteral("tour-%1-%2.png").arg(index + 1).arg(step.id)));
    }
    if (step.filter) {
        QCOMPARE(w.filterLab()->controls()->setting(), *step.filter);
        QCOMPARE(w.filterLab()->tabs()->currentIndex(), static_cast<int>(step.labTab));
    }

    if (step.id == QStringLiteral("spectrum")) {
        const auto* f = viewOf<widgets::SpectrumView>(w, "spectrum")->figure();
        QVERIFY(f);
        QCOMPARE(f->matrix, std::string("unembed"));
        QCOMPARE(static_cast<int>(f->bandEdges.size()), gui::kTourBands + 1);
    } else if (step.id == QStringLiteral("aptitude")) {
        // "Neuron 161 puts 0.85 of its output into the dark band, four times that level (0.22)".
        const auto* f = viewOf<widgets::AptitudeView>(w, "aptitude")->figure();
        QVERIFY(f);
        QCOMPARE(f->matrix, std::string("w2"));
        QCOMPARE(f->layer, 0);
        QVERIFY(std::abs(f->uniformLevel - 0.22) < 0.005);
        const auto top = std::max_element(f->darkAptitude.begin(), f->darkAptitude.end());
        QCOMPARE(static_cast<int>(top - f->darkAptitude.begin()), 161);
        QVERIFY2(std::abs(*top - 0.85) < 0.005, qPrintable(QString::number(*top)));
        QVERIFY(*top / f->uniformLevel > 3.5);
    } else if (step.id == QStringLiteral("sink")) {
        const auto* g = viewOf<widgets::SinkGridView>(w, "sink_grid")->figure();
        QVERIFY(g);
        QCOMPARE(g->layers, gui::kTourLayers);
        const auto at = [&](int layer, int head) {
            return g->bosAttention[static_cast<std::size_t>(layer * g->heads + head)];
        };
        for (int h = 0; h < g->heads; ++h) {
            QVERIFY2(at(2, h) >= 0.925 && at(2, h) <= 1.0, qPrintable(QString::number(at(2, h))));
            QVERIFY2(at(0, h) <= 0.135 && at(3, h) <= 0.135, qPrintable(QString::number(std::max(at(0, h), at(3, h)))));
        }
        for (int h : {0, 1}) QVERIFY2(at(1, h) > 0.4 && at(1, h) < 0.65, qPrintable(QString::number(at(1, h))));
        const auto* r = viewOf<widgets::AttentionReceivedView>(w, "attention_received")->figure();
        QVERIFY(r);
        QCOMPARE(r->layer, 2);
        QCOMPARE(r->head, -1);
        QVERIFY(r->mean[0] > 0.9);
    } else if (step.id == QStringLiteral("bos_story")) {
        // "Layer 0's MLP writes a vector of norm 5.1 into BoS, 4.3 of it in the dark band: BoS
        // grows from 0.5 to 5.5".
        const auto* f = viewOf<widgets::BosStoryView>(w, "bos_story")->figure();
        QVERIFY(f);
        QCOMPARE(f->blastOffLayer, 0);
        QVERIFY(f->rows.size() == 5);
        QVERIFY2(std::abs(f->rows[1].mlpNorm - 5.1) < 0.05, qPrintable(QString::number(f->rows[1].mlpNorm)));
        QVERIFY2(std::abs(f->rows[1].mlpUdarkNorm - 4.3) < 0.05, qPrintable(QString::number(f->rows[1].mlpUdarkNorm)));
        QVERIFY(std::abs(f->rows[0].norm - 0.5) < 0.05);
        QVERIFY(std::abs(f->rows[1].norm - 5.5) < 0.05);
    } else if (step.id == QStringLiteral("filter_phi")) {
        const double change = labChange(w, *step.filter);
        QVERIFY2(std::abs(change - 0.36) < 0.005, qPrintable(QString::number(change)));
    } else if (step.id == QStringLiteral("filter_omega")) {
        const double change = labChange(w, *step.filter);
        QVERIFY2(std::abs(change - 0.06) < 0.005, qPrintable(QString::number(change)));
    } else if (step.id == QStringLiteral("swap")) {
        const double change = labChange(w, *step.filter);
        QVERIFY2(std::abs(change - 0.08) < 0.005, qPrintable(QString::number(change)));
    } else if (step.id == QStringLiteral("generation")) {
        const auto* view = w.filterLab()->generationPane()->view();
        QTRY_VERIFY_WITH_TIMEOUT(view->figure() && !view->figure()->filtered.pieces.empty(), kTimeoutMs);
        // "Without the dark band the model loops (saw her mom and saw her mom …)".
        QVERIFY2(view->figure()->filteredRepetition > view->figure()->unfilteredRepetition + 0.2,
                 qPrintable(QStringLiteral("%1 vs %2")
                                .arg(view->figure()->filteredRepetition)
                                .arg(view->figure()->unfilteredRepetition)));
        QString text;
        for (const std::string& piece : view->figure()->filtered.pieces) text += QString::fromStdString(piece);
        text.replace(QStringLiteral("·"), QStringLiteral(" "));
        QVERIFY2(text.contains(QStringLiteral("saw her mom and saw her mom")), qPrintable(text));
    } else {
        QFAIL(qPrintable(QStringLiteral("no check for step ") + step.id));
    }
}

void TestTour::everyStepShowsWhatItSays()
{
    MainWindow& w = *window_;
    const int count = static_cast<int>(w.tour()->steps().size());
    QCOMPARE(count, 8);
    QVERIFY(!w.tourPanel()->backButton()->isEnabled());
    for (int i = 0; i < count; ++i) {
        if (i > 0) w.tourPanel()->nextButton()->click();
        checkStep(i);
        if (QTest::currentTestFailed()) return;
    }
    // The numbers the texts quote that no step sets: Phi_u at k = 18 (+0.47), the dark band
    // deleted at BoS only (+0.28).
    filterlab::FilterSetting phi18 = *w.tour()->steps()[4].filter;
    phi18.k = 18;
    w.filterLab()->applySettings(QString::fromStdString(R"({"tab":0,"setting":)" + filterlab::toJson(phi18) + "}"));
    QVERIFY(std::abs(labChange(w, phi18) - 0.47) < 0.005);
    filterlab::FilterSetting bos = *w.tour()->steps()[4].filter;
    bos.positions = Positions::Bos;
    w.filterLab()->applySettings(QString::fromStdString(R"({"tab":0,"setting":)" + filterlab::toJson(bos) + "}"));
    QVERIFY(std::abs(labChange(w, bos) - 0.28) < 0.005);
    // Finish on the last step leaves.
    QCOMPARE(w.tourPanel()->nextButton()->text(), QStringLiteral("Finish"));
    w.tourPanel()->nextButton()->click();
    QVERIFY(!w.tour()->isRunning());
    QVERIFY(w.tourPanel()->isHidden() || !w.tourPanel()->isVisible());
}

void TestTour::keysMoveAndEscLeaves()
{
    MainWindow& w = *window_;
    // Window shortcuts (Alt+N, Esc) need the window active.
    QApplication::setActiveWindow(&w);
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.startTour();
    QCOMPARE(w.tour()->currentStep(), 0);
    QVERIFY(w.tourPanel()->isVisible());
    QTest::keyClick(w.tourPanel()->nextButton(), Qt::Key_Right);
    QCOMPARE(w.tour()->currentStep(), 1);
    QTest::keyClick(w.tourPanel()->nextButton(), Qt::Key_N, Qt::AltModifier);
    QCOMPARE(w.tour()->currentStep(), 2);
    QTest::keyClick(w.tourPanel()->nextButton(), Qt::Key_Left);
    QCOMPARE(w.tour()->currentStep(), 1);
    QTest::keyClick(w.tourPanel()->nextButton(), Qt::Key_B, Qt::AltModifier);
    QCOMPARE(w.tour()->currentStep(), 0);
    QVERIFY(w.session()->selection().locked);
    // Esc from a view (not the panel) leaves the tour and, as everywhere, unlocks the selection.
    QWidget* strip = w.docks()->view(QStringLiteral("token_strip"));
    QTest::keyClick(strip, Qt::Key_Escape);
    QVERIFY(!w.tour()->isRunning());
    QVERIFY(!w.tourPanel()->isVisible());
    QVERIFY(!w.session()->selection().locked);
}

QTEST_MAIN(TestTour)
#include "test_tour.moc"
