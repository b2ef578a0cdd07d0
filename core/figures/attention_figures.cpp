// Figures 3a-c: attention received per key token, one layer's attention pattern, the BoS sink
// per layer x head.
#include "figures/cache_slices.h"
#include "store/cache_reader.h"
#include "util/error.h"

namespace spectro::figures {
namespace {

void requireLayerHead(const CacheReader& cache, int layer, int head)
{
    detail::requireIndex(cache, "layer", layer, 0, cache.config().nLayers - 1);
    detail::requireIndex(cache, "head", head, -1, cache.config().nHeads - 1);
}

std::string headName(int head)
{
    return head < 0 ? "mean" : std::to_string(head);
}

} // namespace

AttentionReceivedFigure buildAttentionReceivedFigure(const CacheReader& cache, int sample, int layer, int head,
                                                     const ModelInputs& model)
{
    detail::requireSample(cache, sample);
    requireLayerHead(cache, layer, head);
    AttentionReceivedFigure f;
    f.sample = sample;
    f.layer = layer;
    f.head = head;
    f.tokens = cacheTokenLabels(cache, sample, model.tokenizer);
    detail::ReceivedRow row = detail::attentionReceivedRow(cache, sample, layer, head);
    f.mean = std::move(row.mean);
    f.variance = std::move(row.variance);
    f.provenance = detail::figureProvenance(
        cache, "attention_received",
        {{"sample", std::to_string(sample)}, {"layer", std::to_string(layer)}, {"head", headName(head)}});
    return f;
}

AttentionPatternFigure buildAttentionPatternFigure(const CacheReader& cache, int sample, int layer, int head,
                                                   const ModelInputs& model)
{
    detail::requireSample(cache, sample);
    requireLayerHead(cache, layer, head);
    detail::requireTap(cache, sample, "attn", "the attention pattern");
    const int T = detail::tokenCount(cache, sample), H = cache.config().nHeads;
    AttentionPatternFigure f;
    f.sample = sample;
    f.layer = layer;
    f.head = head;
    f.size = T;
    f.tokens = cacheTokenLabels(cache, sample, model.tokenizer);
    const auto cells = static_cast<std::size_t>(T) * static_cast<std::size_t>(T);
    if (head >= 0) {
        const Array a = cache.readBlock(sample, "attn", {layer, head, 0, 0}, {1, 1, T, T});
        f.probs.assign(a.data.begin(), a.data.end());
    } else {
        // The mean over heads, one head read at a time: memory stays at two [T, T] maps.
        std::vector<double> sum(cells, 0.0);
        for (int h = 0; h < H; ++h) {
            const Array a = cache.readBlock(sample, "attn", {layer, h, 0, 0}, {1, 1, T, T});
            for (std::size_t i = 0; i < cells; ++i) sum[i] += a.data[i];
        }
        f.probs.resize(cells);
        for (std::size_t i = 0; i < cells; ++i) f.probs[i] = static_cast<float>(sum[i] / H);
    }
    f.provenance = detail::figureProvenance(
        cache, "attention_pattern",
        {{"sample", std::to_string(sample)}, {"layer", std::to_string(layer)}, {"head", headName(head)}});
    return f;
}

SinkGridFigure buildSinkGridFigure(const CacheReader& cache, const std::vector<int>& samples, int firstQuery,
                                   const ProgressFn& progress)
{
    if (firstQuery < 1)
        throw Error(cache.path() + ": sink grid: the first query must be 1 or later (query 0 sees only BoS)");
    const int L = cache.config().nLayers, H = cache.config().nHeads;
    const std::vector<int> chosen = samples.empty() ? cache.sampleIndices() : samples;
    SinkGridFigure f;
    f.layers = L;
    f.heads = H;
    f.firstQuery = firstQuery;
    std::vector<double> sums(static_cast<std::size_t>(L) * static_cast<std::size_t>(H), 0.0);
    double uniformSum = 0;
    long long queries = 0;
    for (std::size_t n = 0; n < chosen.size(); ++n) {
        reportProgress(progress, static_cast<double>(n) / static_cast<double>(chosen.size()), "sink grid");
        const int sample = chosen[n];
        detail::requireSample(cache, sample);
        if (!cache.has(sample, "attn")) continue;
        detail::requireTap(cache, sample, "attn", "the sink grid");
        const int T = detail::tokenCount(cache, sample);
        ++f.samples;
        if (T <= firstQuery) continue;
        for (int l = 0; l < L; ++l) {
            // Only the BoS column of every head: [1, H, T, 1].
            const Array column = cache.readBlock(sample, "attn", {l, 0, 0, 0}, {1, H, T, 1});
            for (int h = 0; h < H; ++h) {
                double s = 0;
                for (int q = firstQuery; q < T; ++q)
                    s += column.data[static_cast<std::size_t>(h) * static_cast<std::size_t>(T) +
                                     static_cast<std::size_t>(q)];
                sums[static_cast<std::size_t>(l) * static_cast<std::size_t>(H) + static_cast<std::size_t>(h)] += s;
            }
        }
        // Under uniform causal attention query q pays 1 / (q + 1) to each of its q + 1 keys.
        for (int q = firstQuery; q < T; ++q) uniformSum += 1.0 / (q + 1);
        queries += T - firstQuery;
    }
    reportProgress(progress, 1.0, "sink grid");
    if (f.samples == 0) {
        throw Error(cache.path() +
                    ": the sink grid needs the attn tap, and no chosen sample has it (run with --taps attn)");
    }
    if (queries == 0) {
        throw Error(cache.path() + ": the sink grid has no query at position " + std::to_string(firstQuery) +
                    " or later (the samples are too short)");
    }
    f.bosAttention.resize(sums.size());
    for (std::size_t i = 0; i < sums.size(); ++i) f.bosAttention[i] = sums[i] / static_cast<double>(queries);
    f.uniformLevel = uniformSum / static_cast<double>(queries);
    f.provenance = detail::figureProvenance(
        cache, "sink_grid", {{"first_query", std::to_string(firstQuery)}, {"samples", std::to_string(f.samples)}});
    return f;
}

} // namespace spectro::figures
