#pragma once
// The filter lab's Stream tab: what the filter does to the residual stream after it. The
// workbench's own views over the engine thread's measurement of the filtered pass
// (filterlab/stream_spectra.h): the U-dark ratio of every stream x token of the selected sample,
// and the spectrogram (tokens x W_u's bands) at one stream, by default the exit of the layer
// after the filter (the "next layer"), chosen with the spin box or by clicking the dark-ratio
// heatmap; a line states the mean U-dark ratio at that stream, unfiltered -> filtered. It keeps
// showing the last answer until a newer one arrives.
#include "filter_lab_engine.h"
#include "workbench/selection.h"

#include <QWidget>

class QLabel;
class QSpinBox;

namespace spectro::widgets {
class DarkRatioView;
class SpectrogramView;
} // namespace spectro::widgets

namespace spectro::gui {

class FilterLabStreamPane : public QWidget {
    Q_OBJECT
public:
    explicit FilterLabStreamPane(QWidget* parent = nullptr);

    // The lab's samples (null: none yet; the views say what to do).
    void setSource(const LabReadyPtr& ready);
    // An answer of the engine thread (one without a measurement says why).
    void showOutcome(const filterlab::OutcomePtr& outcome);
    // The sample shown: its index among the lab's samples.
    void setSampleIndex(int index);
    void showMessage(const QString& text);

    int stream() const;
    void setStream(int stream);
    // The stream a filter at `layer` is seen at: the exit of the next layer, stream layer + 2,
    // clamped to L.
    static int nextLayerStream(int layer, int layers);

    widgets::DarkRatioView* darkRatioView() const { return darkRatio_; }
    widgets::SpectrogramView* spectrogramView() const { return spectrogram_; }
    QSpinBox* streamBox() const { return stream_; }
    QLabel* summary() const { return summary_; }

Q_SIGNALS:
    // The views' hovers and clicks, for the workbench's linked selection (sample: the cache's id;
    // layer: the stream index, as the workbench's own dark-ratio view has it).
    void selectionHovered(const workbench::Selection& selection);
    void selectionRequested(const workbench::Selection& selection);

private:
    void redraw();
    void showSpectrogram();
    void onViewSelection(const workbench::Selection& selection);

    widgets::DarkRatioView* darkRatio_;
    widgets::SpectrogramView* spectrogram_;
    QSpinBox* stream_;
    QLabel* summary_;
    LabReadyPtr ready_;
    filterlab::OutcomePtr shown_;
    int sample_ = 0;
    int followedLayer_ = -1; // the filter layer whose next-layer stream the box was last set to
    workbench::Selection selection_;
};

} // namespace spectro::gui
