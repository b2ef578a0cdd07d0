#pragma once
// The filter lab (issue 13): drag the band slider and watch the NLL, per token, as you drag. The
// panel wires the controls (filter_lab_controls.h) to the lab's engine thread
// (filter_lab_engine.h) and its views: the NLL summary, the per-token NLL with its token strip
// and the spectrum with the kept bands shaded on the live tab; the sweep heatmaps; filtered
// generation side by side; the filtered stream's U-dark ratio and spectrogram (Stream tab). It
// keeps the undo history of settings with their results (bursts of one control merged), so undo
// shows the earlier result at once, and it shows an answer only if no newer request had been
// answered first (ids increase), so a late answer never replaces a newer one. It follows the
// session's selected sample and hands hovers and clicks on to the session.
#include "engine_snapshots.h"
#include "filter_lab_engine.h"
#include "filterlab/filter_history.h"
#include "workbench/selection.h"

#include <QString>
#include <QWidget>

class QLabel;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace spectro::widgets {
class FilterNllView;
class PerTokenNllView;
class SpectrumView;
} // namespace spectro::widgets

namespace spectro::gui {

class FilterLabControls;
class FilterLabGenerationPane;
class FilterLabStreamPane;
class FilterLabSweepPane;

class FilterLabPanel : public QWidget {
    Q_OBJECT
public:
    explicit FilterLabPanel(QWidget* parent = nullptr);
    ~FilterLabPanel() override;

    // The session's cache and model. The lab re-filters the cache's first samples with the model
    // (both are needed); it restarts its engine when either changes.
    void setSource(const QString& cachePath, const ModelSnapshotPtr& model);
    void setSelection(const workbench::Selection& selection);

    void undo();
    void redo();
    void reset();
    // The setting the controls show, and the answer the views show.
    const filterlab::FilterSetting& setting() const;
    const filterlab::OutcomePtr& shownOutcome() const { return shown_; }
    const filterlab::FilterHistory& history() const { return history_; }
    bool isReady() const { return ready_ != nullptr; }
    // Nothing more will change unasked: hidden (a hidden lab starts no engine), saying what it
    // needs, or ready with no re-filter and no sweep running. The window's settled state (and so
    // --screenshot) waits for a shown lab.
    bool isSettled() const;
    // The lab's own settings for the session file (setting, samples, prompt), and back.
    QString settings() const;
    void applySettings(const QString& json);

    FilterLabEngine* engine() const { return engine_; }
    FilterLabControls* controls() const { return controls_; }
    FilterLabSweepPane* sweepPane() const { return sweeps_; }
    FilterLabGenerationPane* generationPane() const { return generation_; }
    FilterLabStreamPane* streamPane() const { return stream_; }
    widgets::FilterNllView* nllView() const { return nllView_; }
    widgets::PerTokenNllView* perTokenView() const { return perTokenView_; }
    widgets::SpectrumView* spectrumView() const { return spectrumView_; }
    QSpinBox* samplesBox() const { return samples_; }
    QTabWidget* tabs() const { return tabs_; }

Q_SIGNALS:
    // The views have the answer (their replots are queued).
    void outcomeShown(spectro::filterlab::OutcomePtr outcome);
    void readyChanged(bool ready);
    // isSettled() may have changed.
    void settledMaybe();
    void selectionHovered(const spectro::workbench::Selection& selection);
    void selectionRequested(const spectro::workbench::Selection& selection);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void reopen();
    void showNeed(const QString& text);
    void onReady(const LabReadyPtr& ready);
    void onOutcome(const filterlab::OutcomePtr& outcome);
    void onSettingChanged(const filterlab::FilterSetting& setting, const QString& control);
    // The controls now show `setting` (from the history or a sweep cell): ask for it or show it.
    void goTo(const filterlab::FilterSetting& setting, const filterlab::OutcomePtr& known);
    void display(const filterlab::OutcomePtr& outcome);
    void showPerToken();
    void showSpectrum();
    // The engine measures the filtered stream only while the Stream tab is shown.
    void updateStreamMeasurement();
    void updateActions();
    void onFailed(const QString& what, const QString& message);
    int sampleIndex() const;

    FilterLabEngine* engine_;
    FilterLabControls* controls_;
    FilterLabSweepPane* sweeps_;
    FilterLabGenerationPane* generation_;
    FilterLabStreamPane* stream_;
    widgets::FilterNllView* nllView_;
    widgets::PerTokenNllView* perTokenView_;
    widgets::SpectrumView* spectrumView_;
    QTabWidget* tabs_;
    QToolButton* undo_;
    QToolButton* redo_;
    QToolButton* reset_;
    QSpinBox* samples_;
    QLabel* status_;

    QString cachePath_;
    ModelSnapshotPtr model_;
    LabReadyPtr ready_;
    SpectrumFigurePtr spectra_[2]; // W_u, W_e
    filterlab::FilterHistory history_;
    filterlab::OutcomePtr shown_;
    std::uint64_t minAccepted_ = 0; // answers to older requests are not shown (after an undo)
    workbench::Selection selection_;
    bool stale_ = false;    // the source changed while the lab was hidden
    int openedSamples_ = 0; // the Samples box's value the engine was opened with
    bool needShown_ = true; // the views say what the lab needs (no engine, or it failed to open)
};

} // namespace spectro::gui
