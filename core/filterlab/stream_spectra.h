#pragma once
// What the filter lab's Stream tab draws of the residual streams under a filter: the energy of
// every stream x token in W_u's bands (the spectrogram) and its U-dark ratio (band_energy.h), for
// every sample. The engine thread computes it from the filtered pass's streams (Refilter's
// FilteredStreams), so that no [L+1, T, d] stream crosses to the GUI; streams the filter does not
// reach are the unfiltered ones, measured once from the stored taps.
#include "experiments/refilter.h"
#include "figures/figure_data.h"

#include <memory>
#include <string>
#include <vector>

namespace spectro {
class BandEnergy;
}

namespace spectro::filterlab {

struct StreamSpectra {
    int streams = 0; // L + 1: stream s is resid[s]
    int bands = 0;   // N
    // Streams >= this come from the filtered pass (== streams: the unfiltered measurement).
    int firstFiltered = 0;
    struct Sample {
        int tokens = 0;
        std::vector<double> energy; // [streams, T, bands]: ||V_j^T h||^2
        std::vector<double> ratio;  // [streams, T]: U-dark ratio (may be +inf)
    };
    std::vector<Sample> samples;

    const double* energyAt(int sample, int stream) const; // [T, bands]
    const double* ratioAt(int sample, int stream) const;  // [T]
    // Mean U-dark ratio over the tokens of one stream of one sample, over its finite values (a
    // zero light part gives +inf); NaN when none is finite.
    double meanRatio(int sample, int stream) const;
    // The same over the tokens of every sample.
    double meanRatio(int stream) const;
};

using StreamSpectraPtr = std::shared_ptr<const StreamSpectra>;

// The stored (unfiltered) streams: resid [L+1, T, d] of each sample.
StreamSpectra measureStreams(const BandEnergy& energy, const std::vector<SampleTaps>& base);

// A filtered pass: streams below `filtered.first` copied from `unfiltered` (the same samples),
// the others measured from filtered.resid.
StreamSpectra measureStreams(const BandEnergy& energy, const StreamSpectra& unfiltered,
                             const FilteredStreams& filtered);

// The figures of sample `index` (0-based among the samples; labelled with sampleIds[index]).
// `tokens`: the sample's ids; `vocabulary` as lab_figures.h. Throw Error for a sample or stream
// outside the measurement.
figures::DarkRatioFigure streamDarkRatioFigure(const StreamSpectra& spectra, int index, const std::vector<int>& tokens,
                                               const std::vector<std::string>& vocabulary,
                                               const std::vector<int>& sampleIds = {});
// TokenByBand: every token at stream `fixed`; StreamByBand: every stream at token `fixed`.
figures::SpectrogramFigure streamSpectrogramFigure(const StreamSpectra& spectra, int index,
                                                   figures::SpectrogramFigure::Axis axis, int fixed,
                                                   const std::vector<int>& tokens,
                                                   const std::vector<std::string>& vocabulary,
                                                   const std::vector<int>& sampleIds = {});

} // namespace spectro::filterlab
