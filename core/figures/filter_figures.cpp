// table() and the derived values of the filter lab's figures (plain values, no engine).
#include "figures/filter_figures.h"

#include <cmath>
#include <limits>

namespace spectro::figures {
namespace {

std::string pieceAt(const TokenLabels& labels, std::size_t i)
{
    return i < labels.pieces.size() ? labels.pieces[i] : "";
}

std::string idAt(const TokenLabels& labels, std::size_t i)
{
    return i < labels.ids.size() ? std::to_string(labels.ids[i]) : "";
}

} // namespace

FigureTable NllSummaryFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.provenance["filter"] = setting;
    t.columns = {"sample", "tokens", "baseline_nll", "filtered_nll", "change"};
    for (std::size_t s = 0; s < baselinePerSample.size(); ++s) {
        const double f = s < filteredPerSample.size() ? filteredPerSample[s] : std::nan("");
        t.addRow({std::to_string(sampleId(static_cast<int>(s))),
                  s < tokensPerSample.size() ? std::to_string(tokensPerSample[s]) : "",
                  formatNumber(baselinePerSample[s]), formatNumber(f), formatNumber(f - baselinePerSample[s])});
    }
    t.addRow({"all", std::to_string(tokens), formatNumber(baseline), formatNumber(filtered), formatNumber(change())});
    return t;
}

int NllSummaryFigure::indexOf(int id) const
{
    for (int i = 0; i < static_cast<int>(baselinePerSample.size()); ++i) {
        if (sampleId(i) == id) return i;
    }
    return -1;
}

std::vector<double> PerTokenNllFigure::change() const
{
    std::vector<double> out(baseline.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t t = 0; t < out.size() && t < filtered.size(); ++t) out[t] = filtered[t] - baseline[t];
    return out;
}

TokenStripFigure PerTokenNllFigure::strip() const
{
    TokenStripFigure s;
    s.sample = sample;
    s.measure = "nll_change";
    s.tokens = tokens;
    s.values = change();
    s.provenance = provenance;
    s.provenance["filter"] = setting;
    return s;
}

FigureTable PerTokenNllFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.provenance["filter"] = setting;
    t.provenance["sample"] = std::to_string(sample);
    t.columns = {"token", "piece", "baseline_nll", "filtered_nll", "change"};
    const auto delta = change();
    for (std::size_t i = 0; i < baseline.size(); ++i) {
        t.addRow({std::to_string(i), pieceAt(tokens, i), formatNumber(baseline[i]),
                  formatNumber(i < filtered.size() ? filtered[i] : std::nan("")), formatNumber(delta[i])});
    }
    return t;
}

std::vector<double> SweepFigure::values() const
{
    if (!isDifference()) return nll;
    std::vector<double> out(nll.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < nll.size() && i < otherNll.size(); ++i) out[i] = nll[i] - otherNll[i];
    return out;
}

double SweepFigure::value(int row, int column) const
{
    const auto i = static_cast<std::size_t>(row) * ks.size() + static_cast<std::size_t>(column);
    if (i >= nll.size()) return std::numeric_limits<double>::quiet_NaN();
    return isDifference() ? (i < otherNll.size() ? nll[i] - otherNll[i] : std::nan("")) : nll[i];
}

int SweepFigure::done() const
{
    int n = 0;
    for (double v : values()) n += std::isnan(v) ? 0 : 1;
    return n;
}

FigureTable SweepFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.provenance["sweep"] = isDifference() ? name + " - " + otherName : name;
    t.provenance["baseline_nll"] = formatNumber(baseline);
    t.provenance["samples"] = std::to_string(samples);
    t.columns = isDifference() ? std::vector<std::string>{"layer", "k", "nll", "other_nll", "difference"}
                               : std::vector<std::string>{"layer", "k", "nll"};
    for (std::size_t r = 0; r < layers.size(); ++r) {
        for (std::size_t c = 0; c < ks.size(); ++c) {
            const std::size_t i = r * ks.size() + c;
            std::vector<std::string> row{std::to_string(layers[r]), std::to_string(ks[c]), formatNumber(nll[i])};
            if (isDifference()) {
                row.push_back(formatNumber(otherNll[i]));
                row.push_back(formatNumber(nll[i] - otherNll[i]));
            }
            t.addRow(std::move(row));
        }
    }
    return t;
}

FigureTable GenerationFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.provenance["filter"] = setting;
    t.provenance["repetition_n"] = std::to_string(n);
    t.provenance["repetition_unfiltered"] = formatNumber(unfilteredRepetition);
    t.provenance["repetition_filtered"] = formatNumber(filteredRepetition);
    t.provenance["temperature"] = formatNumber(temperature);
    t.provenance["seed"] = std::to_string(seed);
    t.columns = {"continuation", "position", "token", "piece", "repeated"};
    for (std::size_t i = 0; i < prompt.size(); ++i)
        t.addRow({"prompt", std::to_string(i), idAt(prompt, i), pieceAt(prompt, i), "0"});
    auto add = [&](const char* which, const TokenLabels& labels, const std::vector<bool>& repeated) {
        for (std::size_t i = 0; i < labels.size(); ++i) {
            t.addRow({which, std::to_string(i), idAt(labels, i), pieceAt(labels, i),
                      i < repeated.size() && repeated[i] ? "1" : "0"});
        }
    };
    add("unfiltered", unfiltered, unfilteredRepeated);
    add("filtered", filtered, filteredRepeated);
    return t;
}

} // namespace spectro::figures
