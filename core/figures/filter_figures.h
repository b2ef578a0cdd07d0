#pragma once
// The filter lab's figures (issue 13), as plain values like those of figure_data.h: the lab's
// engine thread answers (filterlab/refilter_service.h) are turned into these by
// filterlab/lab_figures.h, and the lab's views only draw them. Each writes the table it shows.
//
// NLL conventions as everywhere: the NLL of token t is -log p(token t | tokens before it), so
// token 0 (BoS) has none (NaN); means are token-weighted over all samples.
#include "figures/figure_data.h"

#include <string>
#include <vector>

namespace spectro::figures {

// 8a. The mean NLL under the lab's setting against the unfiltered model, overall and per sample.
struct NllSummaryFigure {
    std::string setting;                                      // FilterSetting::label()
    double baseline = 0, filtered = 0;                        // token-weighted means over every sample
    long long tokens = 0;                                     // predicted tokens
    std::vector<double> baselinePerSample, filteredPerSample; // [samples]
    std::vector<long long> tokensPerSample;                   // [samples]
    std::vector<int> sampleIds; // [samples]: the cache's sample index of each (0.. when none)
    Provenance provenance;
    double change() const { return filtered - baseline; }
    FigureTable table() const; // sample,tokens,baseline_nll,filtered_nll,change (last row: sample "all")
    int sampleId(int i) const
    {
        return i < static_cast<int>(sampleIds.size()) ? sampleIds[static_cast<std::size_t>(i)] : i;
    }
    int indexOf(int sampleId) const; // -1 when the sample is not among them
};

// 8b. One sample's NLL per token, unfiltered and filtered: which tokens suffer when a band goes.
struct PerTokenNllFigure {
    int sample = 0;
    std::string setting;
    TokenLabels tokens;
    std::vector<double> baseline, filtered; // [T], NaN at token 0
    Provenance provenance;
    std::vector<double> change() const; // filtered - baseline, [T]
    // The token strip coloured by the change (measure "nll_change").
    TokenStripFigure strip() const;
    FigureTable table() const; // token,piece,baseline_nll,filtered_nll,change
};

// 8c. The NLL sweep heatmap, rows = filtered layer, columns = k; or the difference of two sweeps
// of the same layers and ks (e.g. Phi_u - Omega_u, swap - deletion).
struct SweepFigure {
    std::string name;      // the sweep's name (filterlab/sweep_grid.h)
    std::string otherName; // the subtracted sweep, empty for one sweep
    std::vector<int> layers, ks;
    std::vector<double> nll;      // [layers, ks], NaN = not computed yet
    std::vector<double> otherNll; // [layers, ks] or empty
    double baseline = 0;          // unfiltered NLL of the samples
    int samples = 0;
    Provenance provenance;
    bool isDifference() const { return !otherName.empty(); }
    // What the heatmap shows: nll, or nll - otherNll (NaN where either is missing).
    std::vector<double> values() const;
    double value(int row, int column) const;
    int done() const;          // cells with a value
    FigureTable table() const; // layer,k,nll (difference: layer,k,nll,other_nll,difference)
};

// 8d. Greedy (or seeded sampled) continuations without and with the filter, side by side, with
// the tokens of repeated n-grams marked and rep-n beside each (analysis/repetition.h).
struct GenerationFigure {
    std::string setting;
    TokenLabels prompt;
    TokenLabels unfiltered, filtered;                       // the continuations
    std::vector<bool> unfilteredRepeated, filteredRepeated; // [continuation]
    int n = 4;                                              // n-gram length of the marking and of rep-n
    double unfilteredRepetition = 0, filteredRepetition = 0;
    double temperature = 0;
    unsigned long long seed = 0;
    Provenance provenance;
    FigureTable table() const; // continuation,position,token,piece,repeated (+ rep-n in the provenance)
};

} // namespace spectro::figures
