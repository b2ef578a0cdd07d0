#include "filterlab/stream_spectra.h"

#include "spectral/band_energy.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spectro::filterlab {
namespace {

// Energies and ratios of streams [from, streams) of one sample's resid ([L+1, T, d]).
void measure(const BandEnergy& energy, const Array& resid, int from, StreamSpectra::Sample& out, int streams)
{
    const int N = energy.bands().count;
    const std::int64_t T = out.tokens;
    if (from >= streams) return;
    const std::int64_t rows = static_cast<std::int64_t>(streams - from) * T;
    energy.energies(resid.slice(from), rows, out.energy.data() + static_cast<std::size_t>(from * T * N));
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::size_t at = static_cast<std::size_t>(from * T + r);
        out.ratio[at] = darkRatio(out.energy.data() + at * static_cast<std::size_t>(N), N);
    }
}

void checkSample(const StreamSpectra& s, int index, int stream)
{
    const auto n = static_cast<int>(s.samples.size());
    if (index < 0 || index >= n)
        throw Error("stream spectra: sample " + std::to_string(index) + " is outside 0.." + std::to_string(n - 1));
    if (stream < 0 || stream >= s.streams)
        throw Error("stream spectra: stream " + std::to_string(stream) + " is outside 0.." +
                    std::to_string(s.streams - 1));
}

} // namespace

const double* StreamSpectra::energyAt(int sample, int stream) const
{
    checkSample(*this, sample, stream);
    const Sample& s = samples[static_cast<std::size_t>(sample)];
    return s.energy.data() + static_cast<std::size_t>(stream) * static_cast<std::size_t>(s.tokens * bands);
}

const double* StreamSpectra::ratioAt(int sample, int stream) const
{
    checkSample(*this, sample, stream);
    const Sample& s = samples[static_cast<std::size_t>(sample)];
    return s.ratio.data() + static_cast<std::size_t>(stream) * static_cast<std::size_t>(s.tokens);
}

double StreamSpectra::meanRatio(int sample, int stream) const
{
    const double* r = ratioAt(sample, stream);
    double sum = 0;
    int n = 0;
    for (int t = 0; t < samples[static_cast<std::size_t>(sample)].tokens; ++t) {
        if (std::isfinite(r[t])) {
            sum += r[t];
            ++n;
        }
    }
    return n ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

double StreamSpectra::meanRatio(int stream) const
{
    double sum = 0;
    int n = 0;
    for (int b = 0; b < static_cast<int>(samples.size()); ++b) {
        const double* r = ratioAt(b, stream);
        for (int t = 0; t < samples[static_cast<std::size_t>(b)].tokens; ++t) {
            if (std::isfinite(r[t])) {
                sum += r[t];
                ++n;
            }
        }
    }
    return n ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

StreamSpectra measureStreams(const BandEnergy& energy, const std::vector<SampleTaps>& base)
{
    StreamSpectra s;
    s.bands = energy.bands().count;
    for (const auto& b : base) {
        if (b.resid.shape.size() != 3 || b.resid.shape[1] != static_cast<std::int64_t>(b.tokens.size()) ||
            b.resid.shape[2] != energy.bands().dim)
            throw Error("stream spectra: the stored resid is not [L+1, T, d] with d = " +
                        std::to_string(energy.bands().dim));
        const auto streams = static_cast<int>(b.resid.shape[0]);
        if (s.samples.empty())
            s.streams = streams;
        else if (streams != s.streams)
            throw Error("stream spectra: samples of different depths");
        StreamSpectra::Sample out;
        out.tokens = static_cast<int>(b.tokens.size());
        out.energy.resize(static_cast<std::size_t>(streams) * b.tokens.size() * static_cast<std::size_t>(s.bands));
        out.ratio.resize(static_cast<std::size_t>(streams) * b.tokens.size());
        measure(energy, b.resid, 0, out, streams);
        s.samples.push_back(std::move(out));
    }
    s.firstFiltered = s.streams;
    return s;
}

StreamSpectra measureStreams(const BandEnergy& energy, const StreamSpectra& unfiltered, const FilteredStreams& filtered)
{
    if (filtered.resid.size() != unfiltered.samples.size())
        throw Error("stream spectra: the filtered pass has " + std::to_string(filtered.resid.size()) +
                    " samples, the unfiltered " + std::to_string(unfiltered.samples.size()));
    if (filtered.first < 0 || filtered.first > unfiltered.streams)
        throw Error("stream spectra: the filtered pass restarts at stream " + std::to_string(filtered.first));
    StreamSpectra s = unfiltered; // the streams below the restart are the unfiltered ones
    s.firstFiltered = filtered.first;
    for (std::size_t b = 0; b < s.samples.size(); ++b) {
        const Array& resid = filtered.resid[b];
        const std::vector<std::int64_t> want{s.streams, s.samples[b].tokens, energy.bands().dim};
        if (resid.shape != want)
            throw Error("stream spectra: the filtered resid of sample " + std::to_string(b) + " is not [L+1, T, d]");
        measure(energy, resid, filtered.first, s.samples[b], s.streams);
    }
    return s;
}

figures::DarkRatioFigure streamDarkRatioFigure(const StreamSpectra& spectra, int index, const std::vector<int>& tokens,
                                               const std::vector<std::string>& vocabulary,
                                               const std::vector<int>& sampleIds)
{
    checkSample(spectra, index, 0);
    const auto& s = spectra.samples[static_cast<std::size_t>(index)];
    if (static_cast<int>(tokens.size()) != s.tokens)
        throw Error("stream spectra: sample " + std::to_string(index) + " has " + std::to_string(s.tokens) +
                    " tokens, the labels " + std::to_string(tokens.size()));
    figures::DarkRatioFigure f;
    f.sample = static_cast<std::size_t>(index) < sampleIds.size() ? sampleIds[static_cast<std::size_t>(index)] : index;
    f.matrix = "unembed";
    f.tokens = figures::labelTokens(tokens, vocabulary);
    f.streams = spectra.streams;
    f.ratio = s.ratio;
    return f;
}

figures::SpectrogramFigure streamSpectrogramFigure(const StreamSpectra& spectra, int index,
                                                   figures::SpectrogramFigure::Axis axis, int fixed,
                                                   const std::vector<int>& tokens,
                                                   const std::vector<std::string>& vocabulary,
                                                   const std::vector<int>& sampleIds)
{
    using Axis = figures::SpectrogramFigure::Axis;
    checkSample(spectra, index, axis == Axis::TokenByBand ? fixed : 0);
    const auto& s = spectra.samples[static_cast<std::size_t>(index)];
    if (static_cast<int>(tokens.size()) != s.tokens)
        throw Error("stream spectra: sample " + std::to_string(index) + " has " + std::to_string(s.tokens) +
                    " tokens, the labels " + std::to_string(tokens.size()));
    if (axis == Axis::StreamByBand && (fixed < 0 || fixed >= s.tokens))
        throw Error("stream spectra: token " + std::to_string(fixed) + " is outside 0.." +
                    std::to_string(s.tokens - 1));
    figures::SpectrogramFigure f;
    f.sample = static_cast<std::size_t>(index) < sampleIds.size() ? sampleIds[static_cast<std::size_t>(index)] : index;
    f.axis = axis;
    f.fixed = fixed;
    f.tokens = figures::labelTokens(tokens, vocabulary);
    f.bands = spectra.bands;
    if (axis == Axis::TokenByBand) {
        const double* e = spectra.energyAt(index, fixed);
        f.rows = s.tokens;
        f.energy.assign(e, e + static_cast<std::size_t>(s.tokens * spectra.bands));
    } else {
        f.rows = spectra.streams;
        for (int stream = 0; stream < spectra.streams; ++stream) {
            const double* e = spectra.energyAt(index, stream) + static_cast<std::size_t>(fixed * spectra.bands);
            f.energy.insert(f.energy.end(), e, e + spectra.bands);
        }
    }
    f.fraction = false; // as the workbench's spectrogram: energies; the view's box shows shares
    return f;
}

} // namespace spectro::filterlab
