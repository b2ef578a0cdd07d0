// The filter lab's session round trip through the real MainWindow (issue 13): open the demo model
// and a small tap cache of it, set the lab to a setting far from its start (Omega_u, k = 17, the
// MLP output of layers 1 and 2, band 5 muted, every position but BoS), wait for its answer, run a
// sweep to completion, save the session, close the window; a fresh window opening the session
// shows the same controls, the same NLL (1e-6) and the stored sweep at once: its cells are in the
// heatmap when the lab is ready, before any engine work could add one, and no sweep cell is
// computed afterwards. Along the way: a shown lab is part of the window's settled state (what
// --screenshot waits for), and neither a refused sweep nor one cancelled before it started keeps
// the window from settling.
#include "filter_lab_controls.h"
#include "filter_lab_engine.h"
#include "filter_lab_mixer.h"
#include "filter_lab_panel.h"
#include "filter_lab_sweep_pane.h"
#include "filter_nll_view.h"
#include "main_window.h"
#include "model/default_model.h"
#include "sweep_heatmap_view.h"
#include "test_support.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <thread>

using namespace spectro;
using spectro::gui::FilterLabPanel;
using spectro::gui::MainWindow;

namespace {

// Bounds, not expectations: the demo model opens in about a second, the lab is ready a second
// later and the sweep below takes about one more.
constexpr int kOpenMs = 30000;
constexpr int kAnswerMs = 15000;

bool shows(const FilterLabPanel& lab, const filterlab::FilterSetting& s)
{
    return lab.shownOutcome() && lab.shownOutcome()->setting == s;
}

// The user's way to the lab: Run > Filter Lab (Ctrl+L), from the window's own menu bar.
QAction* filterLabAction(MainWindow& w)
{
    for (QMenuBar* bar : w.findChildren<QMenuBar*>()) {
        for (QAction* menu : bar->actions()) {
            if (!menu->menu()) continue;
            for (QAction* a : menu->menu()->actions()) {
                if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_L)) return a;
            }
        }
    }
    return nullptr;
}

// Holds the lab's engine thread in its next pass until release() (or until the hold is destroyed:
// declared after the window, it lets the thread go before the window joins it, whatever failed).
class PassHold {
public:
    void install(gui::FilterLabEngine* engine)
    {
        // The observer shares the flags: a pass that starts after the hold is gone still sees them.
        engine->setPassObserver([flags = flags_](std::uint64_t) {
            flags->held = true;
            while (!flags->released) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        });
    }
    bool isHeld() const { return flags_->held; }
    void release() { flags_->released = true; }
    ~PassHold() { release(); }

private:
    struct Flags {
        std::atomic<bool> held{false}, released{false};
    };
    std::shared_ptr<Flags> flags_ = std::make_shared<Flags>();
};

void choose(QComboBox* box, const QVariant& data)
{
    const int i = box->findData(data);
    QVERIFY2(i >= 0, qPrintable(data.toString()));
    box->setCurrentIndex(i);
    Q_EMIT box->activated(i);
}

} // namespace

class TestGuiFilterLabSession : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString model_, cache_;

    // A scripted window on the demo model and the test cache, its lab shown the user's way and
    // ready, the window settled.
    void openLab(MainWindow& w)
    {
        w.setScripted(true);
        w.show();
        w.openModel(model_);
        w.openCache(cache_);
        QTRY_VERIFY_WITH_TIMEOUT(w.model() && w.isSettled(), kOpenMs);
        // Why a test that waits for the lab after openModel + openCache hangs: the default
        // layout keeps the lab hidden (a tab behind the BoS story), and a hidden lab starts no
        // engine. The user opens it with Run > Filter Lab; so does this test.
        FilterLabPanel* lab = w.filterLab();
        QVERIFY(!lab->isVisible());
        QVERIFY(!lab->engine()->isOpen());
        QAction* labAction = filterLabAction(w);
        QVERIFY(labAction);
        labAction->trigger();
        QVERIFY(lab->isVisible());
        QVERIFY(lab->engine()->isOpen());
        // A shown lab is part of the window's settled state (what --screenshot waits for).
        QVERIFY(!w.isSettled());
        QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), kOpenMs);
        QVERIFY(lab->isReady() && lab->shownOutcome());
    }

private Q_SLOTS:
    void initTestCase()
    {
        SPECTRO_REQUIRE_SHARED();
        QVERIFY(tmp_.isValid());
        qputenv("SPECTRO_CACHE_DIR", tmp_.filePath(QStringLiteral("spectra")).toUtf8());
        model_ = QString::fromStdString(defaultModelPath());
        cache_ = tmp_.filePath(QStringLiteral("demo.h5"));
        // Three samples of 64 tokens: the lab re-filters one setting in a few milliseconds.
        QProcess run;
        run.start(QStringLiteral(SPECTRO_CLI_PATH),
                  {QStringLiteral("run"), model_, QStringLiteral("--text"),
                   QString::fromStdString(test::sharedPath("corpora/tinystories_validation_first_stories.txt")),
                   QStringLiteral("--samples"), QStringLiteral("3"), QStringLiteral("--max-tokens"),
                   QStringLiteral("64"), QStringLiteral("--taps"), QStringLiteral("resid,mlp_out"),
                   QStringLiteral("--out"), cache_});
        QVERIFY(run.waitForFinished(kOpenMs));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
    }

    void labSettingAndSweepSurviveTheSession()
    {
        const QString sessionPath = tmp_.filePath(QStringLiteral("lab.spectro"));
        filterlab::FilterSetting saved;
        double savedNll = 0;
        filterlab::SweepGridPtr savedSweep;
        const std::string sweepName = "omega-u_mlp_non-bos";

        {
            MainWindow w;
            PassHold hold;
            openLab(w);
            if (QTest::currentTestFailed()) return;
            FilterLabPanel* lab = w.filterLab();

            auto* controls = lab->controls();
            choose(controls->kindBox(), static_cast<int>(FilterKind::OmegaU));
            controls->kSlider()->setValue(17);
            choose(controls->siteBox(), static_cast<int>(Site::MlpOut));
            controls->layersEdit()->setFocus();
            controls->layersEdit()->selectAll();
            QTest::keyClicks(controls->layersEdit(), QStringLiteral("1,2"));
            QTest::keyClick(controls->layersEdit(), Qt::Key_Return);
            choose(controls->positionsBox(), static_cast<int>(Positions::NonBos));
            // The last change's pass is held on the engine thread: the window is not settled
            // while the lab re-filters, and is once the answer is shown.
            hold.install(lab->engine());
            controls->mixer()->muteButton(5)->click();
            QTRY_VERIFY_WITH_TIMEOUT(hold.isHeld(), kAnswerMs);
            QVERIFY(!w.isSettled());
            hold.release();

            saved = lab->setting();
            QCOMPARE(saved.kind, FilterKind::OmegaU);
            QCOMPARE(saved.k, 17);
            QCOMPARE(saved.site, Site::MlpOut);
            QCOMPARE(saved.layers, (std::vector<int>{1, 2}));
            QCOMPARE(saved.positions, Positions::NonBos);
            QCOMPARE(saved.mute, std::vector<int>{5});
            QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), kAnswerMs);
            lab->engine()->setPassObserver({});
            QVERIFY(shows(*lab, saved));
            savedNll = lab->shownOutcome()->filtered->nll;
            QVERIFY(std::isfinite(savedNll));
            QCOMPARE(lab->nllView()->figure()->filtered, savedNll);
            // Not the unfiltered model's NLL: the setting is one the session has to carry.
            QVERIFY(std::abs(savedNll - lab->shownOutcome()->baseline->nll) > 1e-3);

            // The sweep of this kind, site and positions over every layer and k, to the end.
            gui::FilterLabSweepPane* pane = lab->sweepPane();
            lab->tabs()->setCurrentWidget(pane);
            QVERIFY(pane->sweepButton()->isEnabled());
            pane->sweepButton()->click();
            QVERIFY(pane->isSweeping());
            QVERIFY(!w.isSettled());
            QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), kOpenMs);
            QVERIFY(!pane->isSweeping());
            savedSweep = pane->grid(sweepName);
            QVERIFY(savedSweep);
            QVERIFY(savedSweep->complete());
            QCOMPARE(savedSweep->done(), 4 * 20);
            QVERIFY(pane->primaryView()->figure());
            QCOMPARE(pane->primaryView()->figure()->done(), 4 * 20);

            QVERIFY(w.saveSession(sessionPath));
            QVERIFY(w.close());
        }

        MainWindow w;
        w.setScripted(true);
        FilterLabPanel* lab = w.filterLab();
        // Whatever the engine computes for a sweep after the reopen arrives through sweepCell: it
        // must not, the stored sweep is the answer.
        QSignalSpy cellsComputed(lab->engine(), &gui::FilterLabEngine::sweepCell);
        QSignalSpy sweepsEnded(lab->engine(), &gui::FilterLabEngine::sweepEnded);
        // What the heatmap holds the moment the lab is ready, before the engine has been asked for
        // anything (ready is the engine's first message; the setting's request follows it).
        int cellsWhenReady = -1;
        std::string nameWhenReady;
        std::vector<double> valuesWhenReady;
        connect(lab, &FilterLabPanel::readyChanged, this, [&](bool ready) {
            if (!ready) return;
            const auto* figure = lab->sweepPane()->primaryView()->figure();
            if (!figure) return;
            cellsWhenReady = figure->done();
            nameWhenReady = figure->name;
            for (int layer = 0; layer < 4; ++layer) {
                for (int k = 1; k <= 20; ++k) valuesWhenReady.push_back(figure->value(layer, k - 1));
            }
        });
        w.show();
        w.openSession(sessionPath);
        QTRY_VERIFY_WITH_TIMEOUT(lab->isReady(), kOpenMs);
        QVERIFY(lab->isVisible()); // the session's layout shows it: its engine starts by itself

        // The controls show the saved setting.
        auto* controls = lab->controls();
        QCOMPARE(lab->setting(), saved);
        QCOMPARE(controls->kindBox()->currentData().toInt(), static_cast<int>(FilterKind::OmegaU));
        QCOMPARE(controls->kSlider()->value(), 17);
        QCOMPARE(controls->siteBox()->currentData().toInt(), static_cast<int>(Site::MlpOut));
        QCOMPARE(controls->layersEdit()->text(), QStringLiteral("1,2"));
        QCOMPARE(controls->positionsBox()->currentData().toInt(), static_cast<int>(Positions::NonBos));
        QVERIFY(controls->mixer()->muteButton(5)->isChecked());
        QVERIFY(!controls->mixer()->isKeptShown(5) && controls->mixer()->isKeptShown(4));
        QCOMPARE(lab->tabs()->currentWidget(), lab->sweepPane());

        // The stored sweep was in the heatmap when the lab became ready.
        QCOMPARE(cellsWhenReady, 4 * 20);
        QCOMPARE(nameWhenReady, sweepName);
        QCOMPARE(valuesWhenReady.size(), std::size_t{80});
        for (int layer = 0, i = 0; layer < 4; ++layer) {
            for (int k = 1; k <= 20; ++k, ++i) {
                const double stored = savedSweep->at(layer, k - 1);
                QVERIFY2(std::abs(valuesWhenReady[static_cast<std::size_t>(i)] - stored) <= 1e-12,
                         qPrintable(QStringLiteral("layer %1, k %2").arg(layer).arg(k)));
            }
        }

        // The NLL shown is the saved one, recomputed for the restored setting.
        QTRY_VERIFY_WITH_TIMEOUT(shows(*lab, saved), kAnswerMs);
        QVERIFY(std::abs(lab->shownOutcome()->filtered->nll - savedNll) < 1e-6);
        QVERIFY(std::abs(lab->nllView()->figure()->filtered - savedNll) < 1e-6);
        QTest::qWait(200); // time for a sweep cell to arrive, were one computed
        QCOMPARE(cellsComputed.count(), 0);
        QCOMPARE(sweepsEnded.count(), 0);
        QCOMPARE(lab->sweepPane()->primaryView()->figure()->done(), 4 * 20);
    }

    // A sweep the engine refuses before its first cell (swap needs two samples; the lab has one)
    // ends the pane's running state: the window settles, Cancel has nothing left to cancel.
    void refusedSweepLetsTheWindowSettle()
    {
        MainWindow w;
        openLab(w);
        if (QTest::currentTestFailed()) return;
        FilterLabPanel* lab = w.filterLab();
        lab->samplesBox()->setValue(1);
        Q_EMIT lab->samplesBox()->editingFinished();
        QVERIFY(!lab->isReady()); // reopened on one sample
        QTRY_VERIFY_WITH_TIMEOUT(lab->isReady() && w.isSettled(), kOpenMs);
        QSignalSpy failures(lab->engine(), &gui::FilterLabEngine::failed);
        lab->controls()->swapBox()->click();
        QVERIFY(lab->setting().swap);
        gui::FilterLabSweepPane* pane = lab->sweepPane();
        lab->tabs()->setCurrentWidget(pane);
        pane->sweepButton()->click();
        QVERIFY(pane->isSweeping());
        QTRY_VERIFY_WITH_TIMEOUT(failures.count() >= 2, kAnswerMs); // the request, then the sweep
        QCOMPARE(failures.last().at(0).toString(), QStringLiteral("sweep"));
        QVERIFY(failures.last().at(1).toString().contains(QStringLiteral("two samples")));
        QVERIFY(!pane->isSweeping());
        QVERIFY(!pane->cancelButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), kAnswerMs);
    }

    // Sweep, then Cancel before the engine thread has taken the sweep up (it is held in a pass):
    // no sweepEnded can follow, the engine says so instead, and the window settles.
    void sweepCancelledBeforeItStartsLetsTheWindowSettle()
    {
        MainWindow w;
        PassHold hold;
        openLab(w);
        if (QTest::currentTestFailed()) return;
        FilterLabPanel* lab = w.filterLab();
        hold.install(lab->engine());
        lab->controls()->kSlider()->setValue(12);
        QTRY_VERIFY_WITH_TIMEOUT(hold.isHeld(), kAnswerMs);
        QSignalSpy ended(lab->engine(), &gui::FilterLabEngine::sweepEnded);
        QSignalSpy failures(lab->engine(), &gui::FilterLabEngine::failed);
        gui::FilterLabSweepPane* pane = lab->sweepPane();
        lab->tabs()->setCurrentWidget(pane);
        pane->sweepButton()->click();
        QVERIFY(pane->isSweeping());
        pane->cancelButton()->click();
        hold.release();
        QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), kAnswerMs);
        QCOMPARE(failures.first().at(0).toString(), QStringLiteral("sweep"));
        QVERIFY(failures.first().at(1).toString().contains(QStringLiteral("before its first cell")));
        QCOMPARE(ended.count(), 0);
        QVERIFY(!pane->isSweeping());
        QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), kAnswerMs);
        lab->engine()->setPassObserver({});
    }
};

QTEST_MAIN(TestGuiFilterLabSession)
#include "test_gui_filter_lab_session.moc"
