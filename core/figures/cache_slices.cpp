#include "figures/cache_slices.h"

#include "analysis/attention_received.h"
#include "figures/provenance.h"
#include "model/raw_tensor.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "util/error.h"

#include <cmath>
#include <stdexcept>

namespace spectro::figures {

BandLayout cacheBands(const CacheReader& cache)
{
    const int d = cache.config().dim;
    const auto attributes = cache.analysisAttributes();
    if (const auto it = attributes.find("bands"); it != attributes.end()) {
        double count = 0;
        try {
            count = std::stod(it->second);
        } catch (const std::exception&) {
            count = -1;
        }
        if (count != std::floor(count) || count < 1 || count > d) {
            throw Error(cache.path() + ": attribute 'bands' of /analysis is " + it->second + "; expected 1 to " +
                        std::to_string(d));
        }
        return makeBands(d, static_cast<int>(count));
    }
    if (cache.hasSpectrum("unembed")) {
        const std::vector<int> edges = cache.readBandEdges("unembed");
        bool valid = edges.size() >= 2 && edges.front() == 0 && edges.back() == d;
        for (std::size_t i = 1; valid && i < edges.size(); ++i) valid = edges[i] > edges[i - 1];
        if (!valid)
            throw Error(cache.path() + ": /spectrum/unembed/band_edges do not split 0.." + std::to_string(d) +
                        " into bands");
        return BandLayout{d, static_cast<int>(edges.size()) - 1, edges};
    }
    return makeBands(d, std::min(20, d));
}

std::shared_ptr<const Spectrum> cacheSpectrum(const CacheReader& cache, const std::string& matrix)
{
    if (!cache.hasSpectrum(matrix)) return nullptr;
    const StoredSpectrum stored = cache.readSpectrum(matrix);
    if (stored.dim != cache.config().dim) {
        throw Error(cache.path() + ": /spectrum/" + matrix + " has dimension " + std::to_string(stored.dim) +
                    "; the model's dim is " + std::to_string(cache.config().dim));
    }
    auto s = std::make_shared<Spectrum>();
    s->matrix = parseSpectralMatrix(matrix);
    s->dim = stored.dim;
    s->rank = std::min(stored.dim, cache.config().vocabSize);
    s->foldedNorm = stored.foldedNorm;
    s->singularValues = stored.singularValues;
    s->vectors = stored.vectors;
    return s;
}

namespace detail {

void requireSample(const CacheReader& cache, int sample)
{
    if (sample < 0 || !cache.has(sample, "tokens")) {
        throw Error(cache.path() + ": sample " + std::to_string(sample) + " is not in the cache");
    }
}

void requireTap(const CacheReader& cache, int sample, const std::string& tap, const std::string& figure)
{
    if (!cache.has(sample, tap)) {
        throw Error(cache.path() + ": sample " + std::to_string(sample) + " has no " + tap + " tap, which " + figure +
                    " needs (run with --taps " + tap + ")");
    }
    // Its shape, against the tokens and /model/config: a block read from a tap of another shape
    // would silently show the wrong values.
    const ModelConfig& c = cache.config();
    const std::int64_t T = tokenCount(cache, sample), L = c.nLayers, d = c.dim;
    std::vector<std::int64_t> expected;
    if (tap == "resid")
        expected = {L + 1, T, d};
    else if (tap == "resid_mid" || tap == "attn_out" || tap == "mlp_out")
        expected = {L, T, d};
    else if (tap == "attn")
        expected = {L, c.nHeads, T, T};
    else if (tap == "nll")
        expected = {T - 1};
    const std::vector<std::int64_t> shape = cache.shape(sample, tap);
    if (!expected.empty() && shape != expected) {
        throw Error(cache.path() + ": " + tap + " of sample " + std::to_string(sample) + " has shape " +
                    shapeString(shape) + "; expected " + shapeString(expected) + " for its " + std::to_string(T) +
                    " tokens and the model's configuration");
    }
}

void requireIndex(const CacheReader& cache, const std::string& what, int value, int lo, int hi)
{
    if (value < lo || value > hi) {
        throw Error(cache.path() + ": " + what + " " + std::to_string(value) + " is outside " + std::to_string(lo) +
                    ".." + std::to_string(hi));
    }
}

int tokenCount(const CacheReader& cache, int sample)
{
    const auto shape = cache.shape(sample, "tokens");
    if (shape.size() != 1)
        throw Error(cache.path() + ": tokens of sample " + std::to_string(sample) + " is not a list");
    return static_cast<int>(shape[0]);
}

SpectralMatrix spectralMatrix(const CacheReader& cache, const std::string& matrix)
{
    if (matrix != "unembed" && matrix != "embed") {
        throw Error(cache.path() + ": matrix '" + matrix + "' is neither \"unembed\" (W_u) nor \"embed\" (W_e)");
    }
    return parseSpectralMatrix(matrix);
}

std::shared_ptr<const Spectrum> spectrumFor(const CacheReader& cache, SpectralMatrix matrix, const ModelInputs& model,
                                            const std::string& figure)
{
    const Spectrum* given = matrix == SpectralMatrix::Unembed ? model.unembed : model.embed;
    if (given) {
        if (given->dim != cache.config().dim) {
            throw Error(cache.path() + ": the model's spectrum has dimension " + std::to_string(given->dim) +
                        "; the cache's model has dim " + std::to_string(cache.config().dim) + " (another model?)");
        }
        return {std::shared_ptr<const Spectrum>{}, given}; // not owned: the caller keeps it alive
    }
    const std::string name = matrixName(matrix);
    auto stored = cacheSpectrum(cache, name);
    if (!stored) {
        throw Error(cache.path() + ": " + figure + " needs the spectrum of " + (name == "unembed" ? "W_u" : "W_e") +
                    ", which the cache does not store; open the model");
    }
    return stored;
}

std::string analysisPath(const std::string& group, int sample)
{
    return group + "/" + sampleName(sample);
}

void requireAnalysisShape(const CacheReader& cache, const std::string& path, const std::vector<std::int64_t>& expected)
{
    const auto shape = cache.analysisShape(path);
    if (shape != expected) {
        throw Error(cache.path() + ": /analysis/" + path + " has shape " + shapeString(shape) + "; expected " +
                    shapeString(expected) + " (re-run analyze)");
    }
}

std::vector<double> widen(const float* values, std::size_t n)
{
    return std::vector<double>(values, values + n);
}

LazyBandEnergy::LazyBandEnergy(const CacheReader& cache, SpectralMatrix matrix, const ModelInputs& model,
                               std::string figure)
    : cache_(cache), matrix_(matrix), model_(model), figure_(std::move(figure))
{
}

const BandEnergy& LazyBandEnergy::get()
{
    if (!energy_)
        energy_ = std::make_unique<BandEnergy>(*spectrumFor(cache_, matrix_, model_, figure_), cacheBands(cache_));
    return *energy_;
}

std::vector<double> darkRatioRow(const CacheReader& cache, int sample, int stream, LazyBandEnergy& energy)
{
    const int T = tokenCount(cache, sample);
    const bool unembed = energy.matrix() == SpectralMatrix::Unembed;
    const std::string stored = analysisPath(unembed ? "udr" : "edr", sample);
    if (cache.hasAnalysis(stored)) {
        requireAnalysisShape(cache, stored, {cache.config().nLayers + 1, T});
        const Array row = cache.readAnalysisBlock(stored, {stream, 0}, {1, T});
        return widen(row.data.data(), row.data.size());
    }
    requireTap(cache, sample, "resid", unembed ? "the U-dark ratio" : "the E-dark ratio");
    const Array resid = cache.readSlice(sample, "resid", stream); // [T, d], as requireTap checked
    const auto energies = energy.get().energies(resid.data.data(), T);
    const int N = energy.get().bands().count;
    std::vector<double> out(static_cast<std::size_t>(T));
    for (int t = 0; t < T; ++t) {
        // Through float32, as `analyze` stores it, so that both routes give the same numbers.
        out[static_cast<std::size_t>(t)] =
            static_cast<float>(darkRatio(energies.data() + static_cast<std::size_t>(t) * N, N));
    }
    return out;
}

ReceivedRow attentionReceivedRow(const CacheReader& cache, int sample, int layer, int head)
{
    const int T = tokenCount(cache, sample);
    ReceivedRow row;
    if (head < 0 && cache.hasAnalysis(analysisPath("attn_received_mean", sample)) &&
        cache.hasAnalysis(analysisPath("attn_received_var", sample))) {
        for (const char* group : {"attn_received_mean", "attn_received_var"})
            requireAnalysisShape(cache, analysisPath(group, sample), {cache.config().nLayers, T});
        const Array mean = cache.readAnalysisBlock(analysisPath("attn_received_mean", sample), {layer, 0}, {1, T});
        const Array variance = cache.readAnalysisBlock(analysisPath("attn_received_var", sample), {layer, 0}, {1, T});
        row.mean = widen(mean.data.data(), mean.data.size());
        row.variance = widen(variance.data.data(), variance.data.size());
        return row;
    }
    requireTap(cache, sample, "attn", "attention received");
    const int H = cache.config().nHeads;
    // One layer (head = -1) or one head of it: [1, heads, T, T], averaged over those heads.
    const int first = head < 0 ? 0 : head, heads = head < 0 ? H : 1;
    const Array block = cache.readBlock(sample, "attn", {layer, first, 0, 0}, {1, heads, T, T});
    const ReceivedStats stats = attentionReceived(block, false);
    row.mean = widen(stats.mean.data(), stats.mean.size());
    row.variance = widen(stats.variance.data(), stats.variance.size());
    return row;
}

Provenance figureProvenance(const CacheReader& cache, const std::string& figure,
                            std::initializer_list<std::pair<const char*, std::string>> arguments)
{
    Provenance p = cacheProvenance(cache);
    p["figure"] = figure;
    for (const auto& [key, value] : arguments) p[key] = value;
    return p;
}

} // namespace detail
} // namespace spectro::figures
