#include "tour_steps.h"

#include <QCoreApplication>
#include <utility>

namespace spectro::gui {
namespace {

workbench::Selection locked(int layer, int token, int band)
{
    workbench::Selection s;
    s.layer = layer;
    s.token = token;
    s.band = band;
    // Locked, so that the mouse crossing a view on the way to Next does not move what the text
    // talks about; Esc (which also leaves the tour) unlocks it.
    s.locked = true;
    return s;
}

filterlab::FilterSetting labSetting(FilterKind kind, int k, int layer, bool swap)
{
    filterlab::FilterSetting s;
    s.kind = kind;
    s.k = k;
    s.layers = {layer};
    s.swap = swap;
    return s;
}

TourStep step(const char* id, QString title, QString text, QStringList docks, workbench::Selection selection)
{
    TourStep s;
    s.id = QString::fromLatin1(id);
    s.title = std::move(title);
    s.text = std::move(text);
    s.docks = std::move(docks);
    s.selection = selection;
    return s;
}

// The filter lab at the exit of `layer`, on the given tab.
TourStep& withLab(TourStep& s, FilterKind kind, int k, int layer, bool swap = false,
                  TourStep::LabTab tab = TourStep::LabTab::Live)
{
    s.filter = labSetting(kind, k, layer, swap);
    s.labTab = tab;
    return s;
}

} // namespace

std::vector<TourStep> tourSteps()
{
    const int dark = kTourBands;
    // Layer 1 is filtered: it feeds the sinking heads of layer 2 (and its exit is where the demo's
    // Phi_u step is largest, docs/demo-model.md).
    const int filtered = 1;
    const QStringList lab = {QStringLiteral("filterlab")};
    std::vector<TourStep> steps;

    steps.push_back(step(
        "spectrum", QCoreApplication::translate("Tour", "The spectrum and its dark band"),
        QCoreApplication::translate(
            "Tour", "These are the singular values of the unembedding W<sub>u</sub>, the matrix that turns the last "
                    "residual vector into next-token logits, largest first and cut into 20 bands. The tinted band "
                    "20 is the <b>dark band</b>: directions W<sub>u</sub> hardly reads, so what a layer writes "
                    "there barely changes the prediction. The tour follows what the model keeps in it."),
        {QStringLiteral("spectrum")}, locked(0, -1, dark)));
    TourStep& aptitude = steps.emplace_back(
        step("aptitude", QCoreApplication::translate("Tour", "Who writes into the dark band"),
             QCoreApplication::translate(
                 "Tour", "Aptitude: how much each unit of a matrix writes into each band of W<sub>u</sub>; the bars "
                         "beside it are the dark band's share, against the level of a matrix spread evenly (dashed, "
                         "0.22). Shown: the MLP neurons (W<sub>2</sub>) of layer 0. Neuron 161 puts 0.85 of its output "
                         "into the dark band, four times that level. Choose W<sub>o</sub> in the view: the attention "
                         "heads stay near it."),
             {QStringLiteral("aptitude")}, locked(0, -1, dark)));
    aptitude.viewSettings = {{"aptitude", R"({"byBand":true,"matrix":"w2"})"}};
    steps.push_back(step(
        "sink", QCoreApplication::translate("Tour", "The BoS attention sink"),
        QCoreApplication::translate(
            "Tour", "The attention each token receives from later queries in layer 2 (head average): the first bar, "
                    "the beginning-of-sequence token BoS, takes almost all of it. The sink grid shows every layer "
                    "and head: in layer 2 all four heads pay 0.93 to 1.00 of their attention to BoS, in layer 1 heads "
                    "0 and 1 about half; no head of layers 0 and 3 pays it more than 0.13."),
        {QStringLiteral("sink_grid"), QStringLiteral("attention_received")}, locked(2, 0, -1)));
    steps.push_back(
        step("bos_story", QCoreApplication::translate("Tour", "The BoS stream's blast-off"),
             QCoreApplication::translate(
                 "Tour", "The norm of the BoS token's residual stream at every stream, split into its U-dark and "
                         "U-light parts. Layer 0's MLP writes a vector of norm 5.1 into BoS, 4.3 of it in the dark "
                         "band: BoS grows from 0.5 to 5.5 and stays a large, mostly dark vector (the dark ratio view "
                         "shows its U-dark ratio jump). That is what the sinking heads of layers 1 and 2 find."),
             {QStringLiteral("dark_ratio"), QStringLiteral("bos_story")}, locked(1, 0, -1)));
    withLab(steps.emplace_back(step(
                "filter_phi", QCoreApplication::translate("Tour", "Filtering away the dark band"),
                QCoreApplication::translate(
                    "Tour",
                    "The filter lab projects the residual stream at the exit of layer 1 onto the top k bands of "
                    "W<sub>u</sub> (Φ<sub>u</sub>) and runs the rest of the model. At k = 19 only the dark band is "
                    "gone, and the NLL jumps by 0.36 nats, three times what the next band costs (k = 18: +0.47): the "
                    "sinking heads lost their BoS. Drag <i>Bands kept k</i> to see it."),
                lab, locked(filtered, -1, dark))),
            FilterKind::PhiU, dark - 1, filtered);
    withLab(
        steps.emplace_back(step(
            "filter_omega", QCoreApplication::translate("Tour", "Keeping the dark band"),
            QCoreApplication::translate(
                "Tour", "Ω<sub>u</sub> keeps the top k bands <i>and</i> the dark band. At k = 18 it costs only 0.06 "
                        "nats, where Φ<sub>u</sub> costs 0.47: with the dark band the sink survives, and much of the "
                        "spectrum can go. The Sweep tab fills the whole layer × k grid of both filters and shows their "
                        "difference."),
            lab, locked(filtered, -1, dark))),
        FilterKind::OmegaU, dark - 2, filtered);
    withLab(steps.emplace_back(step(
                "swap", QCoreApplication::translate("Tour", "The swap"),
                QCoreApplication::translate(
                    "Tour",
                    "<i>Swap</i> replaces the removed part by the same part of the next sample instead of deleting "
                    "it. The BoS stream is the same in every sample (causal masking), so BoS keeps its dark band, and "
                    "Φ<sub>u</sub> at k = 19 costs only 0.08 nats instead of 0.36. Deleting the dark band at BoS "
                    "alone (Positions: BoS only) costs 0.28 again: the dark band's main job is the sink."),
                lab, locked(filtered, -1, dark))),
            FilterKind::PhiU, dark - 1, filtered, true);
    TourStep& generation = withLab(
        steps.emplace_back(step(
            "generation", QCoreApplication::translate("Tour", "Generation with the filter"),
            QCoreApplication::translate(
                "Tour", "The prompt continued greedily without and with Φ<sub>u</sub> at k = 18 after layer 1, side "
                        "by side; repeated 4-grams are orange. Without the dark band the model loops (“saw her mom "
                        "and saw her mom …”). Choose Ω<sub>u</sub> in the controls and press Generate: far fewer "
                        "repeats. Leave the tour to explore on your own."),
            lab, locked(filtered, -1, dark))),
        FilterKind::PhiU, dark - 2, filtered, false, TourStep::LabTab::Generation);
    generation.generate = true;
    return steps;
}

} // namespace spectro::gui
