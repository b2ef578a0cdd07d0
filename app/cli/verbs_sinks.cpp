// The attention-sink measurements of the follow-up literature (core/sinks, docs/science.md):
// sink-rate (Gu et al. 2024), massive (Sun et al. 2024), triad (Guo et al. 2024) and
// secondary-sinks (cosine to the BoS stream). Each writes CSV with a header row to --out or
// stdout; --summary prints one JSON object instead (the CSV then goes to --out only).
#include "io/atomic_file.h"
#include "sink_input.h"
#include "sinks/extreme_token_triad.h"
#include "sinks/massive_activations.h"
#include "sinks/secondary_sinks.h"
#include "sinks/sink_rate.h"
#include "spectral/band_energy.h"
#include "spectral_options.h"
#include "util/error.h"
#include "verbs.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

namespace spectro::cli {
namespace {

using Json = nlohmann::ordered_json;

// The CSV to --out (or stdout unless a summary goes there), then the summary to stdout.
void emit(const Arguments& args, const std::string& csv, const Json& summary)
{
    if (args.has("out")) writeFileAtomically(args.text("out"), csv);
    if (args.has("summary"))
        std::cout << summary.dump(2) << "\n";
    else if (!args.has("out"))
        std::cout << csv;
}

void progress(const char* verb, int done, int total)
{
    std::fprintf(stderr, "\r%s: %d/%d samples", verb, done, total);
    if (done == total) std::fprintf(stderr, "\n");
}

// NaN and infinities as JSON null (JSON has no such numbers).
Json real(double v)
{
    return std::isfinite(v) ? Json(v) : Json(nullptr);
}

// --- sink-rate ---

int sinkRateVerb(const Arguments& args)
{
    const SinkRateOptions options = sinkRateOptions(args, "");
    const SinkInput input(args, {.resid = false, .attention = true}, options.tokens);
    SinkRate rate(options);
    for (int i = 0; i < input.count(); ++i) {
        rate.add(input.sample(i).attention);
        progress("sink-rate", i + 1, input.count());
    }
    std::string csv = "layer,head,position,alpha\n";
    for (int l = 0; l < rate.layers(); ++l) {
        for (int h = 0; h < rate.heads(); ++h) {
            for (int k = 0; k < rate.positions(); ++k) {
                csv += std::to_string(l) + "," + std::to_string(h) + "," + std::to_string(k) + "," +
                       number(rate.meanAlpha(l, h, k)) + "\n";
            }
        }
    }
    if (args.has("rates")) {
        std::string rates = "layer,head,position,sink_rate\n";
        for (int k = 0; k < rate.positions(); ++k) {
            rates += "all,all," + std::to_string(k) + "," + number(rate.rate(k)) + "\n";
            for (int l = 0; l < rate.layers(); ++l) {
                rates += std::to_string(l) + ",all," + std::to_string(k) + "," + number(rate.layerRate(l, k)) + "\n";
                for (int h = 0; h < rate.heads(); ++h) {
                    rates += std::to_string(l) + "," + std::to_string(h) + "," + std::to_string(k) + "," +
                             number(rate.headRate(l, h, k)) + "\n";
                }
            }
        }
        writeFileAtomically(args.text("rates"), rates);
    }
    Json perLayer = Json::array(), perHead = Json::array(), perPosition = Json::array();
    for (int l = 0; l < rate.layers(); ++l) {
        perLayer.push_back(rate.layerRate(l, 0));
        Json heads = Json::array();
        for (int h = 0; h < rate.heads(); ++h) heads.push_back(rate.headRate(l, h, 0));
        perHead.push_back(heads);
    }
    for (int k = 0; k < rate.positions(); ++k) perPosition.push_back(rate.rate(k));
    const Json summary = {{"sink_rate", rate.rate(0)},   {"epsilon", options.epsilon}, {"tokens", options.tokens},
                          {"pooled", options.pooled},    {"samples", rate.samples()},  {"layers", rate.layers()},
                          {"heads", rate.heads()},       {"per_layer", perLayer},      {"per_head", perHead},
                          {"per_position", perPosition}, {"source", input.source()}};
    emit(args, csv, summary);
    return 0;
}

// --- massive ---

int massiveVerb(const Arguments& args)
{
    const MassiveOptions options = massiveOptions(args, "");
    const SinkInput input(args, {.resid = true, .spectrum = true});
    const auto spectrum = input.unembedSpectrum();
    const BandLayout bands = makeBands(spectrum->dim, bandCount(args, spectrum->dim));
    const auto channelUdr = channelDarkRatios(*spectrum, bands);
    const int S = input.config().nLayers + 1;
    struct StreamTally {
        double maxMagnitude = 0, median = 0;
        long long massive = 0;
        std::map<std::string, long long> pieces; // token piece -> massive entries it carries
        std::map<int, long long> channels;       // channel -> massive entries
    };
    std::vector<StreamTally> tally(static_cast<std::size_t>(S));
    std::string csv =
        "sample,stream,rank,position,token,piece,channel,value,magnitude,median,ratio,massive,channel_udr\n";
    for (int i = 0; i < input.count(); ++i) {
        const SampleTaps taps = input.sample(i);
        const auto streams = massiveActivations(taps.resid, options);
        for (const auto& s : streams) {
            auto& t = tally[static_cast<std::size_t>(s.stream)];
            t.median += s.median / input.count();
            t.maxMagnitude += std::fabs(s.top.front().value) / input.count();
            for (std::size_t r = 0; r < s.top.size(); ++r) {
                const MassiveEntry& e = s.top[r];
                const int token = taps.tokens[static_cast<std::size_t>(e.position)];
                const double magnitude = std::fabs(e.value);
                csv += std::to_string(input.sampleIndex(i)) + "," + std::to_string(s.stream) + "," + std::to_string(r) +
                       "," + std::to_string(e.position) + "," + std::to_string(token) + "," +
                       csvField(input.piece(token)) + "," + std::to_string(e.channel) + "," + number(e.value) + "," +
                       number(magnitude) + "," + number(s.median) + "," +
                       number(s.median > 0 ? magnitude / s.median : INFINITY) + "," + (e.massive ? "1" : "0") + "," +
                       number(channelUdr[static_cast<std::size_t>(e.channel)]) + "\n";
            }
            const auto T = static_cast<std::int64_t>(taps.tokens.size());
            for (const MassiveEntry& e : massiveEntries(taps.resid.slice(s.stream), T, input.config().dim, options)) {
                ++t.massive;
                ++t.pieces[input.piece(taps.tokens[static_cast<std::size_t>(e.position)]) +
                           (e.position == 0 ? " (position 0)" : "")];
                ++t.channels[e.channel];
            }
        }
        progress("massive", i + 1, input.count());
    }
    Json perStream = Json::array();
    for (int s = 0; s < S; ++s) {
        const auto& t = tally[static_cast<std::size_t>(s)];
        Json channels = Json::array();
        for (const auto& [c, n] : t.channels)
            channels.push_back(
                {{"channel", c}, {"entries", n}, {"udr", real(channelUdr[static_cast<std::size_t>(c)])}});
        perStream.push_back({{"stream", s},
                             {"mean_top_magnitude", t.maxMagnitude},
                             {"mean_median", t.median},
                             {"top_over_median", t.median > 0 ? real(t.maxMagnitude / t.median) : Json(nullptr)},
                             {"massive_entries", t.massive},
                             {"tokens", t.pieces},
                             {"channels", channels}});
    }
    const int darkSize = bands.size(bands.count);
    const Json summary = {
        {"above", options.above},
        {"ratio", options.ratio},
        {"top", options.top},
        {"samples", input.count()},
        {"uniform_channel_udr", std::sqrt(static_cast<double>(darkSize) / (spectrum->dim - darkSize))},
        {"streams", perStream},
        {"source", input.source()}};
    emit(args, csv, summary);
    return 0;
}

// --- triad ---

int triadVerb(const Arguments& args)
{
    const SinkInput input(args, {.resid = true, .attention = true, .weights = true});
    const ValueStates values(*input.model().checkpoint);
    const int L = input.config().nLayers, KV = input.config().nKvHeads;
    struct Mean {
        double sum = 0;
        long long n = 0;
        void add(double v) { sum += v, ++n; }
        Json value() const { return n ? Json(sum / n) : Json(nullptr); }
    };
    // Per layer: BoS and the other tokens, for the summary.
    std::vector<std::array<Mean, 6>> perLayer(
        static_cast<std::size_t>(L)); // attention, value ratio, resid ratio x (bos, rest)
    std::string csv =
        "sample,layer,kv_head,position,token,piece,attention,value_norm,value_ratio,resid_norm,resid_ratio\n";
    for (int i = 0; i < input.count(); ++i) {
        const SampleTaps taps = input.sample(i);
        const ExtremeTokenTriad tr = extremeTokenTriad(taps.resid, taps.attention, values);
        for (int l = 0; l < L; ++l) {
            for (int g = 0; g < KV; ++g) {
                for (int t = 0; t < tr.tokens; ++t) {
                    const int token = taps.tokens[static_cast<std::size_t>(t)];
                    const std::size_t at = tr.at(l, g, t);
                    csv += std::to_string(input.sampleIndex(i)) + "," + std::to_string(l) + "," + std::to_string(g) +
                           "," + std::to_string(t) + "," + std::to_string(token) + "," + csvField(input.piece(token)) +
                           "," + number(tr.attention[at]) + "," + number(tr.valueNorm[at]) + "," +
                           number(tr.valueRatio[at]) + "," + number(tr.residNorm[tr.at(l, t)]) + "," +
                           number(tr.residRatio[tr.at(l, t)]) + "\n";
                    auto& m = perLayer[static_cast<std::size_t>(l)];
                    const int side = t == 0 ? 0 : 3;
                    m[side].add(tr.attention[at]);
                    m[side + 1].add(tr.valueRatio[at]);
                    m[side + 2].add(tr.residRatio[tr.at(l, t)]);
                }
            }
        }
        progress("triad", i + 1, input.count());
    }
    Json layers = Json::array();
    for (int l = 0; l < L; ++l) {
        const auto& m = perLayer[static_cast<std::size_t>(l)];
        layers.push_back(
            {{"layer", l},
             {"bos", {{"attention", m[0].value()}, {"value_ratio", m[1].value()}, {"resid_ratio", m[2].value()}}},
             {"others", {{"attention", m[3].value()}, {"value_ratio", m[4].value()}, {"resid_ratio", m[5].value()}}}});
    }
    emit(args, csv, {{"samples", input.count()}, {"layers", layers}, {"source", input.source()}});
    return 0;
}

// --- secondary-sinks ---

int secondarySinksVerb(const Arguments& args)
{
    SecondarySinkOptions options;
    options.cosineAbove = args.real("cosine", options.cosineAbove);
    const SinkInput input(args, {.resid = true, .attention = true, .spectrum = true});
    const auto spectrum = input.unembedSpectrum();
    const BandEnergy energy(*spectrum, makeBands(spectrum->dim, bandCount(args, spectrum->dim)));
    const int L = input.config().nLayers, N = energy.bands().count;
    struct Tally {
        long long tokens = 0, flagged = 0;
        double cosine = 0, attentionFlagged = 0, attentionRest = 0, udrFlagged = 0, udrRest = 0;
    };
    std::vector<Tally> tally(static_cast<std::size_t>(L));
    std::string csv = "sample,layer,position,token,piece,bos_cosine,attention,udr,secondary\n";
    for (int i = 0; i < input.count(); ++i) {
        const SampleTaps taps = input.sample(i);
        const auto T = static_cast<int>(taps.tokens.size());
        const auto cosine = bosCosine(taps.resid);
        const auto attention = attentionReceivedByToken(taps.attention);
        const auto bandEnergies = energy.energies(taps.resid.data.data(), static_cast<std::int64_t>(L + 1) * T);
        for (int l = 0; l < L; ++l) {
            auto& tl = tally[static_cast<std::size_t>(l)];
            for (int t = 0; t < T; ++t) {
                const std::size_t at = static_cast<std::size_t>(l) * T + t;
                const double udr = darkRatio(bandEnergies.data() + at * N, N);
                const bool secondary = options.flags(cosine[at], t);
                const int token = taps.tokens[static_cast<std::size_t>(t)];
                csv += std::to_string(input.sampleIndex(i)) + "," + std::to_string(l) + "," + std::to_string(t) + "," +
                       std::to_string(token) + "," + csvField(input.piece(token)) + "," + number(cosine[at]) + "," +
                       number(attention[at]) + "," + number(udr) + "," + (secondary ? "1" : "0") + "\n";
                if (t == 0) continue;
                ++tl.tokens;
                tl.cosine += std::fabs(cosine[at]);
                if (secondary)
                    ++tl.flagged, tl.attentionFlagged += attention[at], tl.udrFlagged += udr;
                else
                    tl.attentionRest += attention[at], tl.udrRest += udr;
            }
        }
        progress("secondary-sinks", i + 1, input.count());
    }
    Json layers = Json::array();
    for (int l = 0; l < L; ++l) {
        const auto& t = tally[static_cast<std::size_t>(l)];
        const auto rest = static_cast<double>(t.tokens - t.flagged);
        layers.push_back({{"layer", l},
                          {"tokens", t.tokens},
                          {"secondary", t.flagged},
                          {"mean_abs_cosine", t.tokens ? Json(t.cosine / t.tokens) : Json(nullptr)},
                          {"attention_secondary", t.flagged ? Json(t.attentionFlagged / t.flagged) : Json(nullptr)},
                          {"attention_rest", rest > 0 ? Json(t.attentionRest / rest) : Json(nullptr)},
                          {"udr_secondary", t.flagged ? real(t.udrFlagged / t.flagged) : Json(nullptr)},
                          {"udr_rest", rest > 0 ? real(t.udrRest / rest) : Json(nullptr)}});
    }
    emit(args, csv,
         {{"cosine_above", options.cosineAbove},
          {"samples", input.count()},
          {"layers", layers},
          {"source", input.source()}});
    return 0;
}

} // namespace

std::vector<Verb> sinkVerbs()
{
    const std::vector<OptionSpec> output = {{"out", "FILE", "CSV to write (default: stdout)"},
                                            {"summary", "", "print one JSON object (aggregates) instead of the CSV"},
                                            tokenizerOption(),
                                            deviceOption()};
    const auto rateOpts = joinOptions(
        {sinkInputOptions(8),
         output,
         {{"epsilon", "E", "threshold on alpha (default 0.3)"},
          {"tokens", "T", "measure on the first T tokens (default 64; also the windows' length)"},
          {"pooled", "", "threshold the mean alpha over samples, not each sample's alpha"},
          {"rates", "FILE", "CSV layer,head,position,sink_rate: per head, per layer (head all), overall"}}});
    const auto massiveOpts =
        joinOptions({sinkInputOptions(8),
                     output,
                     spectrumOptions(),
                     {{"top", "K", "entries per stream (default 10)"},
                      {"above", "X", "massive when |h| > X (default 100) ..."},
                      {"ratio", "R", "... and |h| > R x the stream's median |h| (default 1000)"}}});
    const auto triadOpts = joinOptions({sinkInputOptions(8), output});
    const auto secondaryOpts =
        joinOptions({sinkInputOptions(8),
                     output,
                     spectrumOptions(),
                     {{"cosine", "C", "flag tokens t > 0 with |cos to BoS| > C (default 0.9)"}}});
    return {
        {{"sink-rate", "[MODEL]",
          "The sink rate of Gu et al. 2024: alpha = mean attention key k receives from queries\n"
          "i >= k on the first T tokens, per layer and head; the rate is the fraction of\n"
          "(sample, layer, head) with alpha > epsilon. CSV layer,head,position,alpha.",
          rateOpts, 0, 1},
         sinkRateVerb},
        {{"massive", "[MODEL]",
          "Massive activations (Sun et al. 2024): the largest |h| of each residual stream with\n"
          "token and channel, the stream's median |h|, the massive flag and the U-dark ratio of\n"
          "the channel's direction. CSV sample,stream,rank,position,token,piece,channel,value,...",
          massiveOpts, 0, 1},
         massiveVerb},
        {{"triad", "[MODEL]",
          "The extreme-token triad (Guo et al. 2024) per token and layer: attention received,\n"
          "value-state norm ||W_v RMSNorm(h)|| per kv head, residual norm, each also over its\n"
          "mean. CSV sample,layer,kv_head,position,token,piece,attention,value_norm,...",
          triadOpts, 0, 1},
         triadVerb},
        {{"secondary-sinks", "[MODEL]",
          "Secondary sinks: each token's cosine to the BoS stream per layer, next to the\n"
          "attention it receives and its U-dark ratio. CSV sample,layer,position,token,piece,\n"
          "bos_cosine,attention,udr,secondary.",
          secondaryOpts, 0, 1},
         secondarySinksVerb},
    };
}

} // namespace spectro::cli
