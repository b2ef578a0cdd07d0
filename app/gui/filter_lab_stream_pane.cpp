#include "filter_lab_stream_pane.h"

#include "dark_ratio_view.h"
#include "filterlab/stream_spectra.h"
#include "spectrogram_view.h"
#include "util/error.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace spectro::gui {

namespace {

QString ratioText(double r)
{
    return std::isnan(r) ? QStringLiteral("\u2013") : QString::number(r, 'g', 3);
}

} // namespace

FilterLabStreamPane::FilterLabStreamPane(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    stream_ = new QSpinBox(this);
    stream_->setRange(0, 0);
    stream_->setToolTip(tr("The stream the spectrogram shows: 0 = embeddings, l + 1 = exit of layer l (or click the "
                           "dark-ratio heatmap)"));
    bar->addWidget(new QLabel(tr("Stream:"), this));
    bar->addWidget(stream_);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(summary_, 1);
    layout->addLayout(bar);
    auto* split = new QSplitter(Qt::Vertical, this);
    darkRatio_ = new widgets::DarkRatioView(split);
    spectrogram_ = new widgets::SpectrogramView(split);
    // Tokens x bands at one stream (the view's own default is streams x bands at one token).
    spectrogram_->applySettings(QStringLiteral(R"({"axis": "token"})"));
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    connect(stream_, &QSpinBox::valueChanged, this, [this](int stream) {
        selection_.layer = stream;
        darkRatio_->setSelection(selection_);
        spectrogram_->setSelection(selection_);
        redraw();
    });
    for (widgets::FigureView* v : std::initializer_list<widgets::FigureView*>{darkRatio_, spectrogram_}) {
        connect(v, &widgets::FigureView::selectionRequested, this, [this](const workbench::Selection& s) {
            onViewSelection(s);
            Q_EMIT selectionRequested(s);
        });
        // The pane is the owner of its views' selection (figure_view.h): a hover previews on both,
        // and in the workbench.
        connect(v, &widgets::FigureView::selectionHovered, this, [this](const workbench::Selection& s) {
            darkRatio_->setSelection(s);
            spectrogram_->setSelection(s);
            Q_EMIT selectionHovered(s);
        });
        connect(v, &widgets::FigureView::hoverEnded, this, [this] {
            darkRatio_->setSelection(selection_);
            spectrogram_->setSelection(selection_);
        });
    }
    // The axis box asks for the other figure (streams x bands at the selected token).
    connect(spectrogram_, &widgets::FigureView::settingsChanged, this, &FilterLabStreamPane::showSpectrogram);
    showMessage(tr("Open a model and a cache with the resid tap to see the filtered stream."));
}

void FilterLabStreamPane::showMessage(const QString& text)
{
    shown_.reset();
    darkRatio_->showMessage(text);
    spectrogram_->showMessage(text);
    summary_->clear();
}

void FilterLabStreamPane::setSource(const LabReadyPtr& ready)
{
    ready_ = ready;
    shown_.reset();
    followedLayer_ = -1;
    if (!ready_) {
        showMessage(tr("Preparing the filter lab\u2026"));
        return;
    }
    stream_->setRange(0, ready_->layers);
    sample_ = std::clamp(sample_, 0, static_cast<int>(ready_->tokens.size()) - 1);
    const QString text = tr("Move the band slider: the U-dark ratio and spectrogram of the filtered stream show here.");
    darkRatio_->showMessage(text);
    spectrogram_->showMessage(text);
}

int FilterLabStreamPane::nextLayerStream(int layer, int layers)
{
    return std::clamp(layer + 2, 0, layers);
}

int FilterLabStreamPane::stream() const
{
    return stream_->value();
}

void FilterLabStreamPane::setStream(int stream)
{
    stream_->setValue(stream); // redraws through valueChanged (when it changes)
}

void FilterLabStreamPane::setSampleIndex(int index)
{
    if (index == sample_) return;
    sample_ = index;
    redraw();
}

void FilterLabStreamPane::showOutcome(const filterlab::OutcomePtr& outcome)
{
    if (!ready_ || !outcome) return;
    if (!outcome->filteredStreams || !outcome->unfilteredStreams) {
        // Measured only while the tab is shown: the lab asks again when it is. (Hidden, the
        // message is set once, not redrawn at every answer of a drag.)
        const QString text =
            outcome->streamsError.empty()
                ? tr("Measuring the filtered stream\u2026")
                : tr("The filtered stream cannot be measured: %1").arg(QString::fromStdString(outcome->streamsError));
        if (darkRatio_->hasFigure() || darkRatio_->emptyText() != text) showMessage(text);
        return;
    }
    shown_ = outcome;
    const int layer = outcome->setting.layers.empty() ? 0 : outcome->setting.layers.front();
    if (layer != followedLayer_) {
        // A new filter layer: look at the stream after the next layer again (a stream the user
        // picked is kept while the layer stays).
        followedLayer_ = layer;
        const QSignalBlocker block(stream_);
        stream_->setValue(nextLayerStream(layer, ready_->layers));
        selection_.layer = stream_->value();
    }
    redraw();
}

void FilterLabStreamPane::onViewSelection(const workbench::Selection& selection)
{
    selection_ = selection;
    if (shown_ && selection.layer >= 0 && selection.layer <= shown_->filteredStreams->streams - 1 &&
        selection.layer != stream_->value()) {
        setStream(selection.layer); // redraws
        return;
    }
    darkRatio_->setSelection(selection_);
    spectrogram_->setSelection(selection_);
    if (spectrogram_->requestedAxis() == figures::SpectrogramFigure::Axis::StreamByBand) showSpectrogram();
}

void FilterLabStreamPane::redraw()
{
    if (!ready_ || !shown_) return;
    const filterlab::StreamSpectra& filtered = *shown_->filteredStreams;
    const filterlab::StreamSpectra& unfiltered = *shown_->unfilteredStreams;
    const int index = std::clamp(sample_, 0, static_cast<int>(filtered.samples.size()) - 1);
    const int stream = std::clamp(stream_->value(), 0, filtered.streams - 1);
    const auto& tokens = (*shown_->tokens)[static_cast<std::size_t>(index)];
    selection_.sample = static_cast<std::size_t>(index) < ready_->sampleIds.size()
                            ? ready_->sampleIds[static_cast<std::size_t>(index)]
                            : index;
    selection_.layer = stream;
    try {
        darkRatio_->setFigure(std::make_shared<const figures::DarkRatioFigure>(
            filterlab::streamDarkRatioFigure(filtered, index, tokens, ready_->vocabulary, ready_->sampleIds)));
        darkRatio_->setSelection(selection_);
        showSpectrogram();
    } catch (const Error& e) {
        showMessage(QString::fromStdString(e.what()));
        return;
    }
    const QString where = stream == 0 ? tr("the embeddings") : tr("the exit of layer %1").arg(stream - 1);
    const QString reach = stream < filtered.firstFiltered ? tr(" (before the filter: unchanged)") : QString();
    summary_->setText(
        tr("Stream %1, %2%3. Mean U-dark ratio, unfiltered \u2192 filtered: sample %4: %5 \u2192 %6; "
           "all %7 samples: %8 \u2192 %9")
            .arg(stream)
            .arg(where, reach)
            .arg(selection_.sample)
            .arg(ratioText(unfiltered.meanRatio(index, stream)), ratioText(filtered.meanRatio(index, stream)))
            .arg(filtered.samples.size())
            .arg(ratioText(unfiltered.meanRatio(stream)), ratioText(filtered.meanRatio(stream))));
}

void FilterLabStreamPane::showSpectrogram()
{
    if (!ready_ || !shown_) return;
    const filterlab::StreamSpectra& filtered = *shown_->filteredStreams;
    const int index = std::clamp(sample_, 0, static_cast<int>(filtered.samples.size()) - 1);
    const auto& tokens = (*shown_->tokens)[static_cast<std::size_t>(index)];
    const auto axis = spectrogram_->requestedAxis();
    const int fixed = axis == figures::SpectrogramFigure::Axis::TokenByBand
                          ? std::clamp(stream_->value(), 0, filtered.streams - 1)
                          : std::clamp(selection_.token, 0, static_cast<int>(tokens.size()) - 1);
    spectrogram_->setFigure(std::make_shared<const figures::SpectrogramFigure>(filterlab::streamSpectrogramFigure(
        filtered, index, axis, fixed, tokens, ready_->vocabulary, ready_->sampleIds)));
    spectrogram_->setSelection(selection_);
}

} // namespace spectro::gui
