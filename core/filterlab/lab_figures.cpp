#include "filterlab/lab_figures.h"

#include "analysis/repeated_ngrams.h"
#include "analysis/repetition.h"
#include "util/error.h"

#include <cmath>
#include <limits>

namespace spectro::filterlab {
namespace {

double sampleMean(const std::vector<float>& nll)
{
    double sum = 0;
    for (float v : nll) sum += v;
    return nll.empty() ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(nll.size());
}

// perToken[t] predicts token t + 1: shift by one, NaN for BoS.
std::vector<double> byToken(const std::vector<float>& nll)
{
    std::vector<double> out(nll.size() + 1, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t t = 0; t < nll.size(); ++t) out[t + 1] = nll[t];
    return out;
}

} // namespace

figures::NllSummaryFigure nllSummaryFigure(const FilterOutcome& o, const std::vector<int>& sampleIds)
{
    figures::NllSummaryFigure f;
    f.setting = o.setting.label();
    f.baseline = o.baseline->nll;
    f.filtered = o.filtered->nll;
    f.tokens = o.filtered->tokens;
    f.sampleIds = sampleIds;
    for (std::size_t s = 0; s < o.baseline->perToken.size(); ++s) {
        f.baselinePerSample.push_back(sampleMean(o.baseline->perToken[s]));
        f.filteredPerSample.push_back(s < o.filtered->perToken.size() ? sampleMean(o.filtered->perToken[s])
                                                                      : std::nan(""));
        f.tokensPerSample.push_back(static_cast<long long>(o.baseline->perToken[s].size()));
    }
    return f;
}

figures::PerTokenNllFigure perTokenNllFigure(const FilterOutcome& o, int sample,
                                             const std::vector<std::string>& vocabulary,
                                             const std::vector<int>& sampleIds)
{
    const auto n = static_cast<int>(o.filtered->perToken.size());
    if (sample < 0 || sample >= n) {
        throw Error("filter lab: sample " + std::to_string(sample) + " is outside 0.." + std::to_string(n - 1));
    }
    const auto s = static_cast<std::size_t>(sample);
    figures::PerTokenNllFigure f;
    f.sample = s < sampleIds.size() ? sampleIds[s] : sample;
    f.setting = o.setting.label();
    f.baseline = byToken(o.baseline->perToken[s]);
    f.filtered = byToken(o.filtered->perToken[s]);
    if (o.tokens && s < o.tokens->size()) f.tokens = figures::labelTokens((*o.tokens)[s], vocabulary);
    return f;
}

figures::SweepFigure sweepFigure(const SweepGrid& grid, const SweepGrid* subtract)
{
    figures::SweepFigure f;
    f.name = grid.definition.name();
    f.layers = grid.definition.layers;
    f.ks = grid.definition.ks;
    f.nll = grid.nll;
    f.baseline = grid.baseline;
    f.samples = grid.samples;
    if (subtract) {
        if (subtract->definition.layers != f.layers || subtract->definition.ks != f.ks) {
            throw Error("sweep difference: '" + f.name + "' and '" + subtract->definition.name() +
                        "' do not cover the same layers and k");
        }
        f.otherName = subtract->definition.name();
        f.otherNll = subtract->nll;
    }
    return f;
}

figures::GenerationFigure generationFigure(const GenerationOutcome& o, const std::vector<std::string>& vocabulary,
                                           int n)
{
    figures::GenerationFigure f;
    f.setting = o.asked.setting.label();
    f.prompt = figures::labelTokens(o.asked.prompt, vocabulary);
    f.unfiltered = figures::labelTokens(o.unfiltered, vocabulary);
    f.filtered = figures::labelTokens(o.filtered, vocabulary);
    f.n = n;
    f.unfilteredRepeated = repeatedNgramTokens(o.unfiltered, n);
    f.filteredRepeated = repeatedNgramTokens(o.filtered, n);
    f.unfilteredRepetition = repetitionRate(o.unfiltered, n);
    f.filteredRepetition = repetitionRate(o.filtered, n);
    f.temperature = o.asked.temperature;
    f.seed = o.asked.seed;
    return f;
}

figures::SpectrumFigure withBandsKept(figures::SpectrumFigure spectrum, const FilterSetting& setting)
{
    const int n = static_cast<int>(spectrum.bandEdges.size()) - 1;
    spectrum.bandsKept = n > 0 ? keptBands(setting, n) : std::vector<bool>{};
    return spectrum;
}

} // namespace spectro::filterlab
