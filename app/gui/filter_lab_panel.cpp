#include "filter_lab_panel.h"

#include "filter_lab_controls.h"
#include "filter_lab_generation_pane.h"
#include "filter_lab_stream_pane.h"
#include "filter_lab_sweep_pane.h"
#include "filter_nll_view.h"
#include "filterlab/lab_figures.h"
#include "generation_view.h"
#include "model/checkpoint.h"
#include "per_token_nll_view.h"
#include "qcustomplot_include.h"
#include "spectrum_view.h"
#include "sweep_heatmap_view.h"
#include "util/error.h"

#include <QAction>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace spectro::gui {

namespace {

QToolButton* toolButton(const QString& text, const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return b;
}

// The setting a fresh lab starts from: Phi_u keeping every band at the exit of layer 1 (where
// the demo model's dark band matters most, docs/demo-model.md), so dragging k down is the lesson.
filterlab::FilterSetting startSetting(int layers, int bands)
{
    filterlab::FilterSetting s;
    s.kind = FilterKind::PhiU;
    s.k = bands;
    s.layers = {std::min(1, layers - 1)};
    return s;
}

} // namespace

FilterLabPanel::FilterLabPanel(QWidget* parent) : QWidget(parent), engine_(new FilterLabEngine(this))
{
    setObjectName(QStringLiteral("filterLab"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto* left = new QWidget(this);
    auto* column = new QVBoxLayout(left);
    column->setContentsMargins(0, 0, 0, 0);
    auto* historyRow = new QHBoxLayout;
    undo_ = toolButton(tr("Undo"),
                       tr("Back to the previous filter setting and its result (Ctrl+Z); a drag is one step"), left);
    redo_ = toolButton(tr("Redo"), tr("Forward again (Ctrl+Shift+Z)"), left);
    reset_ = toolButton(tr("Reset"), tr("Back to the unfiltered model (keeps site and layers)"), left);
    historyRow->addWidget(undo_);
    historyRow->addWidget(redo_);
    historyRow->addWidget(reset_);
    historyRow->addStretch(1);
    column->addLayout(historyRow);
    controls_ = new FilterLabControls(left);
    column->addWidget(controls_);
    auto* samplesRow = new QHBoxLayout;
    samples_ = new QSpinBox(left);
    samples_->setRange(1, 4096);
    samples_->setValue(8);
    samples_->setToolTip(tr("How many of the cache's samples are re-filtered (the NLL is their token-weighted mean)"));
    samplesRow->addWidget(new QLabel(tr("Samples:"), left));
    samplesRow->addWidget(samples_);
    samplesRow->addStretch(1);
    column->addLayout(samplesRow);
    status_ = new QLabel(left);
    status_->setWordWrap(true);
    column->addWidget(status_);
    column->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(380);
    scroll->setMaximumWidth(480);
    layout->addWidget(scroll);

    tabs_ = new QTabWidget(this);
    auto* live = new QSplitter(Qt::Vertical, tabs_);
    auto* top = new QSplitter(Qt::Horizontal, live);
    nllView_ = new widgets::FilterNllView(top);
    spectrumView_ = new widgets::SpectrumView(top);
    // Redrawn at every step of the slider: a 7B spectrum's 4,096 points stroked at 1.6 px with
    // antialiasing took 90 ms a replot; fast polylines draw the same line in a few.
    spectrumView_->plotWidget()->setPlottingHint(QCP::phFastPolylines, true);
    perTokenView_ = new widgets::PerTokenNllView(live);
    live->setStretchFactor(0, 1);
    live->setStretchFactor(1, 1);
    tabs_->addTab(live, tr("Live"));
    sweeps_ = new FilterLabSweepPane(tabs_);
    tabs_->addTab(sweeps_, tr("Sweep"));
    generation_ = new FilterLabGenerationPane(tabs_);
    tabs_->addTab(generation_, tr("Generation"));
    stream_ = new FilterLabStreamPane(tabs_);
    tabs_->addTab(stream_, tr("Stream"));
    layout->addWidget(tabs_, 1);
    connect(tabs_, &QTabWidget::currentChanged, this, &FilterLabPanel::updateStreamMeasurement);
    updateStreamMeasurement();

    auto* undoAction = new QAction(this);
    undoAction->setShortcut(QKeySequence::Undo);
    undoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(undoAction);
    auto* redoAction = new QAction(this);
    redoAction->setShortcut(QKeySequence::Redo);
    redoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(redoAction);
    connect(undoAction, &QAction::triggered, this, &FilterLabPanel::undo);
    connect(redoAction, &QAction::triggered, this, &FilterLabPanel::redo);
    connect(undo_, &QToolButton::clicked, this, &FilterLabPanel::undo);
    connect(redo_, &QToolButton::clicked, this, &FilterLabPanel::redo);
    connect(reset_, &QToolButton::clicked, this, &FilterLabPanel::reset);

    connect(controls_, &FilterLabControls::settingChanged, this, &FilterLabPanel::onSettingChanged);
    connect(controls_, &FilterLabControls::burstEnded, this, [this] { history_.endBurst(); });
    // Against the number asked for, not the number the cache had: a cache of fewer samples than
    // the box says would otherwise restart the lab whenever the box merely lost the focus.
    connect(samples_, &QSpinBox::editingFinished, this, [this] {
        if (ready_ && samples_->value() != openedSamples_) reopen();
    });
    connect(engine_, &FilterLabEngine::ready, this, &FilterLabPanel::onReady);
    connect(engine_, &FilterLabEngine::outcome, this, &FilterLabPanel::onOutcome);
    connect(engine_, &FilterLabEngine::spectrumLoaded, this, [this](const SpectrumFigurePtr& s) {
        spectra_[s->matrix == "embed" ? 1 : 0] = s;
        showSpectrum();
    });
    connect(engine_, &FilterLabEngine::sweepCell, sweeps_, &FilterLabSweepPane::addGrid);
    connect(engine_, &FilterLabEngine::sweepEnded, sweeps_, &FilterLabSweepPane::sweepEnded);
    connect(engine_, &FilterLabEngine::failed, this, &FilterLabPanel::onFailed);
    connect(engine_, &FilterLabEngine::progress, this, [this](double f, const QString& stage) {
        if (!ready_) status_->setText(tr("Preparing the filter lab: %1 (%2%)").arg(stage).arg(qRound(100 * f)));
    });
    connect(engine_, &FilterLabEngine::generated, this, [this](const filterlab::GenerationPtr& g) {
        generation_->setBusy(false);
        generation_->view()->setFigure(std::make_shared<const figures::GenerationFigure>(
            filterlab::generationFigure(*g, ready_ ? ready_->vocabulary : std::vector<std::string>{})));
    });
    connect(engine_, &FilterLabEngine::sweepEnded, this, &FilterLabPanel::settledMaybe);
    connect(engine_, &FilterLabEngine::failed, this, &FilterLabPanel::settledMaybe);
    connect(this, &FilterLabPanel::outcomeShown, this, &FilterLabPanel::settledMaybe);
    connect(this, &FilterLabPanel::readyChanged, this, &FilterLabPanel::settledMaybe);
    connect(sweeps_, &FilterLabSweepPane::sweepRequested, engine_, &FilterLabEngine::sweep);
    connect(sweeps_, &FilterLabSweepPane::cancelRequested, engine_, &FilterLabEngine::cancelSweep);
    connect(sweeps_, &FilterLabSweepPane::cellClicked, this, [this](const QString& sweep, int layer, int k) {
        const filterlab::SweepGridPtr grid = sweeps_->grid(sweep.toStdString());
        if (!grid) return;
        const filterlab::FilterSetting next = grid->definition.cell(layer, k);
        controls_->setSetting(next);
        onSettingChanged(next, QStringLiteral("sweep cell"));
        tabs_->setCurrentIndex(0);
    });
    connect(generation_, &FilterLabGenerationPane::generateRequested, this, [this] {
        if (!ready_) return;
        filterlab::GenerationRequest r = generation_->request();
        r.setting = setting();
        r.setting.swap = false; // one prompt has no partner sample to swap with
        generation_->setBusy(true);
        engine_->generate(r);
    });
    for (widgets::FigureView* v : std::initializer_list<widgets::FigureView*>{nllView_, perTokenView_, spectrumView_}) {
        connect(v, &widgets::FigureView::selectionHovered, this, &FilterLabPanel::selectionHovered);
        connect(v, &widgets::FigureView::selectionRequested, this, &FilterLabPanel::selectionRequested);
    }
    connect(stream_, &FilterLabStreamPane::selectionHovered, this, &FilterLabPanel::selectionHovered);
    connect(stream_, &FilterLabStreamPane::selectionRequested, this, &FilterLabPanel::selectionRequested);
    showNeed(tr("Open a model and a cache with the resid tap (Run \u25b8 Run Corpus\u2026) to use the filter lab."));
    updateActions();
    // Docked as a tab among the narrow views, the lab must not widen or heighten the window (its
    // content is clipped there; Run > Filter Lab docks it below the views at full width).
    setMinimumSize(320, 200);
}

FilterLabPanel::~FilterLabPanel() = default;

const filterlab::FilterSetting& FilterLabPanel::setting() const
{
    return controls_->setting();
}

void FilterLabPanel::setSource(const QString& cachePath, const ModelSnapshotPtr& model)
{
    const bool same = cachePath == cachePath_ && model == model_;
    cachePath_ = cachePath;
    model_ = model;
    if (same && (engine_->isOpen() || !isVisible())) return;
    // A hidden lab costs nothing: its engine starts when it is first shown.
    if (!isVisible() && model_ && model_->checkpoint && !cachePath_.isEmpty()) {
        engine_->close();
        ready_.reset();
        stale_ = true;
        return;
    }
    reopen();
}

bool FilterLabPanel::isSettled() const
{
    if (!isVisible() || needShown_) return true;
    return ready_ && !engine_->isComputing() && !sweeps_->isSweeping();
}

void FilterLabPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (stale_) reopen();
}

void FilterLabPanel::reopen()
{
    stale_ = false;
    engine_->close();
    ready_.reset();
    shown_.reset();
    spectra_[0].reset();
    spectra_[1].reset();
    sweeps_->clear();
    stream_->setSource(nullptr);
    Q_EMIT readyChanged(false);
    if (!model_ || !model_->checkpoint) {
        showNeed(tr("The filter lab re-runs the model: open the model that made the cache."));
        return;
    }
    if (cachePath_.isEmpty()) {
        showNeed(
            tr("Run a corpus with the resid tap (Run \u25b8 Run Corpus\u2026) to give the filter lab its samples."));
        return;
    }
    needShown_ = false;
    filterlab::LabSource source;
    source.checkpoint = model_->checkpoint;
    source.tokenizer = model_->tokenizer;
    source.cachePath = cachePath_.toStdString();
    source.maxSamples = openedSamples_ = samples_->value();
    source.bands = std::min(20, model_->checkpoint->config.dim);
    status_->setText(tr("Preparing the filter lab\u2026"));
    engine_->open(std::move(source));
}

void FilterLabPanel::showNeed(const QString& text)
{
    needShown_ = true;
    status_->setText(text);
    nllView_->showMessage(text);
    perTokenView_->showMessage(text);
    spectrumView_->showMessage(text);
    stream_->showMessage(text);
    controls_->setEnabled(false);
    sweeps_->setEnabledForSource(false);
    generation_->setEnabled(false);
}

void FilterLabPanel::onReady(const LabReadyPtr& ready)
{
    ready_ = ready;
    controls_->setModelShape(ready->layers, ready->bands);
    sweeps_->setModelShape(ready->layers, ready->bands);
    stream_->setSource(ready);
    stream_->setSampleIndex(sampleIndex());
    controls_->setEnabled(true);
    sweeps_->setEnabledForSource(true);
    generation_->setEnabled(ready->vocabulary.size() > 0 || (model_ && model_->tokenizer));
    filterlab::FilterSetting start = controls_->setting();
    try {
        filterlab::validate(start, ready->layers, ready->bands);
        if (start.isUnfiltered() && history_.size() <= 1) start = startSetting(ready->layers, ready->bands);
    } catch (const Error&) {
        start = startSetting(ready->layers, ready->bands);
    }
    history_ = filterlab::FilterHistory(start);
    controls_->setSetting(start);
    for (const auto& grid : ready->storedSweeps) sweeps_->addGrid(grid);
    sweeps_->showSetting(start);
    minAccepted_ = 0;
    status_->setText(tr("%1 samples, %2 predicted tokens, unfiltered NLL %3")
                         .arg(ready->tokens.size())
                         .arg(ready->baseline->tokens)
                         .arg(ready->baseline->nll, 0, 'f', 4));
    for (const auto& p : ready->problems)
        status_->setText(status_->text() + QLatin1Char('\n') + QString::fromStdString(p));
    engine_->setSetting(start);
    updateActions();
    Q_EMIT readyChanged(true);
}

void FilterLabPanel::onSettingChanged(const filterlab::FilterSetting& setting, const QString& control)
{
    history_.record(setting, control.toStdString());
    goTo(setting, nullptr);
}

void FilterLabPanel::goTo(const filterlab::FilterSetting& setting, const filterlab::OutcomePtr& known)
{
    sweeps_->showSetting(setting);
    showSpectrum();
    updateActions();
    if (known) {
        // The answer is known: show it, and no answer to an earlier request may replace it.
        minAccepted_ = engine_->lastRequest() + 1;
        engine_->adoptSetting(setting);
        display(known);
    } else {
        engine_->setSetting(setting);
    }
}

void FilterLabPanel::undo()
{
    if (!history_.canUndo() || !ready_) return;
    const auto& entry = history_.undo();
    controls_->setSetting(entry.setting);
    goTo(entry.setting, entry.outcome);
}

void FilterLabPanel::redo()
{
    if (!history_.canRedo() || !ready_) return;
    const auto& entry = history_.redo();
    controls_->setSetting(entry.setting);
    goTo(entry.setting, entry.outcome);
}

void FilterLabPanel::reset()
{
    if (!ready_) return;
    filterlab::FilterSetting next = setting();
    next.kind = FilterKind::None;
    next.control.clear();
    next.k = ready_->bands;
    next.bands.clear();
    next.solo.clear();
    next.mute.clear();
    next.swap = false;
    controls_->setSetting(next);
    onSettingChanged(next, QStringLiteral("reset"));
}

void FilterLabPanel::onOutcome(const filterlab::OutcomePtr& outcome)
{
    history_.attach(outcome);
    updateActions();
    if (outcome->request < minAccepted_) return;
    if (shown_ && outcome->request < shown_->request && shown_->request >= minAccepted_) return;
    display(outcome);
}

void FilterLabPanel::display(const filterlab::OutcomePtr& outcome)
{
    shown_ = outcome;
    nllView_->setFigure(
        std::make_shared<const figures::NllSummaryFigure>(filterlab::nllSummaryFigure(*outcome, ready_->sampleIds)));
    showPerToken();
    stream_->showOutcome(outcome);
    updateStreamMeasurement(); // an answer from before the tab was shown (or from the history)
    const bool current = outcome->setting == setting();
    status_->setText(current ? tr("NLL %1 (%2%3 over the unfiltered model), re-filtered in %4 ms")
                                   .arg(outcome->filtered->nll, 0, 'f', 4)
                                   .arg(outcome->nllChange() >= 0 ? QStringLiteral("+") : QString())
                                   .arg(outcome->nllChange(), 0, 'f', 4)
                                   .arg(1000 * outcome->seconds, 0, 'f', 1)
                             : tr("Re-filtering\u2026"));
    Q_EMIT outcomeShown(outcome);
}

int FilterLabPanel::sampleIndex() const
{
    if (!ready_) return 0;
    const auto& ids = ready_->sampleIds;
    const auto it = std::find(ids.begin(), ids.end(), selection_.sample);
    return it == ids.end() ? 0 : static_cast<int>(it - ids.begin());
}

void FilterLabPanel::showPerToken()
{
    if (!shown_ || !ready_) return;
    const int i = std::min(sampleIndex(), static_cast<int>(shown_->filtered->perToken.size()) - 1);
    perTokenView_->setFigure(std::make_shared<const figures::PerTokenNllFigure>(
        filterlab::perTokenNllFigure(*shown_, i, ready_->vocabulary, ready_->sampleIds)));
}

void FilterLabPanel::showSpectrum()
{
    const filterlab::FilterSetting& s = setting();
    const bool embed = s.kind == FilterKind::PhiE || s.kind == FilterKind::OmegaE || s.kind == FilterKind::BandsE;
    const SpectrumFigurePtr& spectrum = spectra_[embed ? 1 : 0] ? spectra_[embed ? 1 : 0] : spectra_[0];
    if (!spectrum) return;
    spectrumView_->setFigure(std::make_shared<const figures::SpectrumFigure>(filterlab::withBandsKept(*spectrum, s)));
}

void FilterLabPanel::updateStreamMeasurement()
{
    const bool on = tabs_->currentWidget() == stream_;
    engine_->setMeasureStreams(on);
    if (on && ready_ && shown_ && !shown_->filteredStreams && shown_->streamsError.empty() &&
        shown_->setting == setting())
        engine_->requestAgain();
}

void FilterLabPanel::setSelection(const workbench::Selection& selection)
{
    const bool sampleChanged = selection.sample != selection_.sample;
    selection_ = selection;
    for (widgets::FigureView* v : std::initializer_list<widgets::FigureView*>{nllView_, perTokenView_, spectrumView_})
        v->setSelection(selection);
    if (sampleChanged) {
        showPerToken();
        stream_->setSampleIndex(sampleIndex());
    }
}

void FilterLabPanel::updateActions()
{
    undo_->setEnabled(history_.canUndo());
    redo_->setEnabled(history_.canRedo());
    reset_->setEnabled(ready_ != nullptr && !setting().isUnfiltered());
}

void FilterLabPanel::onFailed(const QString& what, const QString& message)
{
    if (what == QLatin1String("open")) {
        if (!ready_)
            showNeed(message);
        else
            status_->setText(message);
    } else if (what == QLatin1String("sweep")) {
        sweeps_->sweepFailed(message);
        status_->setText(message);
    } else if (what == QLatin1String("generate")) {
        generation_->setBusy(false);
        generation_->view()->showMessage(message);
    } else {
        status_->setText(message);
    }
}

QString FilterLabPanel::settings() const
{
    QJsonObject o;
    o.insert(QStringLiteral("setting"),
             QJsonDocument::fromJson(QByteArray::fromStdString(filterlab::toJson(setting()))).object());
    o.insert(QStringLiteral("samples"), samples_->value());
    o.insert(QStringLiteral("prompt"), generation_->promptEdit()->text());
    o.insert(QStringLiteral("tab"), tabs_->currentIndex());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void FilterLabPanel::applySettings(const QString& json)
{
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    if (o.contains(QStringLiteral("samples"))) samples_->setValue(o.value(QStringLiteral("samples")).toInt(8));
    if (o.contains(QStringLiteral("prompt")))
        generation_->promptEdit()->setText(o.value(QStringLiteral("prompt")).toString());
    tabs_->setCurrentIndex(o.value(QStringLiteral("tab")).toInt(0));
    if (o.contains(QStringLiteral("setting"))) {
        try {
            const QByteArray text =
                QJsonDocument(o.value(QStringLiteral("setting")).toObject()).toJson(QJsonDocument::Compact);
            const filterlab::FilterSetting s = filterlab::settingFromJson(text.toStdString());
            controls_->setSetting(s);
            if (ready_) {
                filterlab::validate(s, ready_->layers, ready_->bands);
                onSettingChanged(s, QStringLiteral("session"));
            }
        } catch (const Error& e) {
            status_->setText(
                tr("The session's filter lab setting was not used: %1").arg(QString::fromStdString(e.what())));
        }
    }
}

} // namespace spectro::gui
