#include "experiments/cache_sink_analysis.h"

#include "sinks/extreme_token_triad.h"
#include "sinks/secondary_sinks.h"
#include "sinks/value_states.h"

namespace spectro {
namespace {

std::vector<float> floats(const std::vector<double>& v)
{
    return {v.begin(), v.end()};
}

} // namespace

SinkAnalysis::SinkAnalysis(SinkAnalysisOptions options, std::shared_ptr<const ValueStates> values,
                           std::vector<double> channelUdr)
    : rate_(options.rate), massive_(options.massive), values_(std::move(values)), channelUdr_(std::move(channelUdr))
{
}

void SinkAnalysis::addSample(const std::string& name, const Array& resid, const Array* attention,
                             std::vector<AnalysisDataset>& out)
{
    const auto S = resid.shape[0], T = resid.shape[1];
    const auto streams = massiveActivations(resid, massive_);
    const auto K = static_cast<std::int64_t>(streams.front().top.size());
    std::vector<float> value, position, channel, median;
    std::vector<std::uint8_t> flag;
    for (const auto& s : streams) {
        median.push_back(static_cast<float>(s.median));
        for (const auto& e : s.top) {
            value.push_back(e.value);
            position.push_back(static_cast<float>(e.position));
            channel.push_back(static_cast<float>(e.channel));
            flag.push_back(e.massive ? 1 : 0);
        }
    }
    out.push_back(AnalysisDataset::floats(
        "massive_value/" + name, {S, K}, std::move(value),
        "massive activations: the K largest |h| entries of resid[s] (signed value), by descending |h|"));
    out.push_back(
        AnalysisDataset::floats("massive_position/" + name, {S, K}, std::move(position),
                                "massive activations: token position of each entry of massive_value (integer-valued)"));
    out.push_back(
        AnalysisDataset::floats("massive_channel/" + name, {S, K}, std::move(channel),
                                "massive activations: channel of each entry of massive_value (integer-valued)"));
    out.push_back(AnalysisDataset::uint8(
        "massive_flag/" + name, {S, K}, std::move(flag),
        "1 where the entry is massive: |h| > massive_above and > massive_ratio x massive_median"));
    out.push_back(AnalysisDataset::floats("massive_median/" + name, {S}, std::move(median),
                                          "median of |h| over all T x d entries of resid[s]"));
    out.push_back(
        AnalysisDataset::floats("bos_cosine/" + name, {S, T}, floats(bosCosine(resid)),
                                "cosine similarity of resid[s][t] to the BoS stream resid[s][0] (secondary sinks)"));
    const StreamNorms norms = residualNorms(resid);
    out.push_back(AnalysisDataset::floats("resid_norm/" + name, {S, T}, floats(norms.norm),
                                          "||resid[s][t]|| (residual-state norm)"));
    out.push_back(
        AnalysisDataset::floats("resid_norm_ratio/" + name, {S, T}, floats(norms.ratio),
                                "||resid[s][t]|| over its mean over the sample's tokens (residual-state peaks)"));
    if (!attention) return;

    const SinkScores scores = sinkScores(*attention, rate_.options().tokens);
    rate_.add(scores);
    out.push_back(AnalysisDataset::floats(
        "sink_alpha/" + name, {scores.layers, scores.heads, scores.positions}, floats(scores.alpha),
        "alpha[l][h][k]: mean attention key k receives from queries i >= k, on the first sink_tokens tokens"));
    const auto L = attention->shape[0];
    if (values_) {
        const ExtremeTokenTriad triad = extremeTokenTriad(resid, *attention, *values_);
        const std::int64_t KV = triad.kvHeads;
        out.push_back(
            AnalysisDataset::floats("triad_attention/" + name, {L, KV, T}, floats(triad.attention),
                                    "alpha_t over all T tokens, averaged over the query heads of kv group g"));
        out.push_back(AnalysisDataset::floats("value_norm/" + name, {L, KV, T}, floats(triad.valueNorm),
                                              "||W_v^(g) RMSNorm_l(resid[l][t])||: value-state norm per kv head"));
        out.push_back(
            AnalysisDataset::floats("value_norm_ratio/" + name, {L, KV, T}, floats(triad.valueRatio),
                                    "value-state norm over its mean over the sample's tokens (value-state drains)"));
    } else {
        out.push_back(
            AnalysisDataset::floats("triad_attention/" + name, {L, 1, T}, floats(attentionReceivedByToken(*attention)),
                                    "alpha_t over all T tokens, averaged over all heads (no weights: no kv groups)"));
    }
}

void SinkAnalysis::finish(std::vector<AnalysisDataset>& out, std::map<std::string, double>& numbers) const
{
    const SinkRateOptions& o = rate_.options();
    numbers["sink_epsilon"] = o.epsilon;
    numbers["sink_tokens"] = o.tokens;
    numbers["sink_pooled"] = o.pooled ? 1 : 0;
    numbers["massive_top"] = massive_.top;
    numbers["massive_above"] = massive_.above;
    numbers["massive_ratio"] = massive_.ratio;
    numbers["value_norms"] = values_ ? 1 : 0;
    out.push_back(AnalysisDataset::floats("channel_udr", {static_cast<std::int64_t>(channelUdr_.size())},
                                          floats(channelUdr_),
                                          "U-dark ratio of each channel direction e_c (W_u's spectrum)"));
    if (rate_.samples() == 0) return;
    const std::int64_t L = rate_.layers(), H = rate_.heads(), K = rate_.positions();
    std::vector<float> overall, perLayer, perHead;
    for (std::int64_t k = 0; k < K; ++k) overall.push_back(static_cast<float>(rate_.rate(static_cast<int>(k))));
    for (std::int64_t l = 0; l < L; ++l) {
        for (std::int64_t k = 0; k < K; ++k)
            perLayer.push_back(static_cast<float>(rate_.layerRate(static_cast<int>(l), static_cast<int>(k))));
        for (std::int64_t h = 0; h < H; ++h) {
            for (std::int64_t k = 0; k < K; ++k) {
                perHead.push_back(
                    static_cast<float>(rate_.headRate(static_cast<int>(l), static_cast<int>(h), static_cast<int>(k))));
            }
        }
    }
    out.push_back(AnalysisDataset::floats(
        "sink_rate/overall", {K}, std::move(overall),
        "sink rate of position k: fraction of (sample, layer, head) with alpha > sink_epsilon"));
    out.push_back(AnalysisDataset::floats(
        "sink_rate/layer", {L, K}, std::move(perLayer),
        "sink rate of position k within layer l: fraction of (sample, head) with alpha > sink_epsilon"));
    out.push_back(AnalysisDataset::floats(
        "sink_rate/head", {L, H, K}, std::move(perHead),
        "sink rate of position k for head (l, h): fraction of samples with alpha > sink_epsilon"));
}

CacheAnalysisExtension sinkAnalysisExtension(std::shared_ptr<SinkAnalysis> sinks)
{
    CacheAnalysisExtension e;
    e.perSample = [sinks](const std::string& sample, const Array& resid, const Array* attention,
                          std::vector<AnalysisDataset>& out) { sinks->addSample(sample, resid, attention, out); };
    e.finish = [sinks](std::vector<AnalysisDataset>& out, std::map<std::string, double>& numbers) {
        sinks->finish(out, numbers);
    };
    return e;
}

} // namespace spectro
