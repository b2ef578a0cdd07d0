#include "figure_kinds.h"

namespace spectro::figure {

const std::vector<FigureKind>& figureKinds()
{
    // The names first, then the views the workbench has beyond them (the sink measurements
    // of the follow-up literature among them).
    static const std::vector<FigureKind> kinds{
        {"spectrum", "spectrum", "singular values of W_u (or W_e) with the bands"},
        {"aptitude", "aptitude", "how much each head writes into each band (needs the model)"},
        {"sinks", "attention_received", "attention received per token, one layer and head"},
        {"attention", "attention_pattern", "the attention pattern of one layer and head"},
        {"udr", "dark_ratio", "U-dark ratio per stream and token"},
        {"hmlv", "hmlv", "tokens of high mean, low variance of attention received (HMLV)"},
        {"spectrogram", "spectrogram", "band energies of one token across streams"},
        {"bos", "bos_story", "the BoS token's stream: U-dark and U-light parts, the blast-off"},
        {"sweep", "", "NLL sweep heatmap of a filter over layers and k (filter lab; needs the model)"},
        {"filter", "", "mean NLL per sample under a filter against the unfiltered model (filter lab)"},
        {"generation", "", "greedy continuations without and with a filter (filter lab)"},
        {"sink-grid", "sink_grid", "attention to BoS of every layer and head"},
        {"tokens", "token_strip", "the token strip coloured by a measure"},
        {"sink-rate", "sink_rate", "Gu et al.'s sink rate: alpha of a key position per layer and head"},
        {"massive", "massive_activations", "Sun et al.'s massive activations per stream, tokens labelled"},
        {"triad", "triad", "Guo et al.'s triad per token: attention, value and residual norms (one layer)"},
    };
    return kinds;
}

const FigureKind* kindOfView(const std::string& viewId)
{
    for (const FigureKind& k : figureKinds()) {
        if (!viewId.empty() && viewId == k.viewId) return &k;
    }
    return nullptr;
}

const FigureKind* findKind(const std::string& name)
{
    for (const FigureKind& k : figureKinds()) {
        if (name == k.name) return &k;
    }
    return nullptr;
}

} // namespace spectro::figure
