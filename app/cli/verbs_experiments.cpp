// Verbs for the paper's experiments: sweep (NLL under filters), bos (the BoS decomposition) and
// attention (attention received per key position).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "analysis/attention_received.h"
#include "engine/transformer.h"
#include "experiments/bos_decomposition.h"
#include "experiments/common_length.h"
#include "experiments/sweep.h"
#include "io/atomic_file.h"
#include "model/checkpoint.h"
#include "spectral/spectrum_store.h"
#include "sample_options.h"
#include "spectral_options.h"
#include "store/stored_taps.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/log.h"
#include "progress_line.h"
#include "verbs.h"

namespace spectro::cli {
namespace {

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void warnCut(bool cut, std::size_t tokens)
{
    if (cut) warn("--swap: samples cut to a common length of " + std::to_string(tokens) + " tokens");
}

int sweepVerb(const Arguments& args)
{
    OpenedModel m = openModel(modelArgument(args, 0), args, true);
    const ModelConfig& c = m.checkpoint->config;
    SweepSpec spec;
    if (args.has("control")) {
        if (args.has("filter")) throw UsageError("give either --filter or --control, not both");
        for (const char* option : {"k", "keep-bands", "positions", "swap"}) {
            if (args.has(option)) throw UsageError(std::string("option --") + option + " does not apply to --control (its target names the positions)");
        }
        spec.control = controlSpec(args);
    } else {
        spec.kind = filterKind(args);
        if (spec.kind == FilterKind::None) throw UsageError("option --filter: 'none' is the baseline row every sweep already has");
    }
    spec.site = filterSite(args);
    spec.layers = layerList(args.text("layers", "all"), c.nLayers, "layers");
    spec.together = args.has("together");
    spec.positions = parsePositions(args.text("positions", "all"));
    spec.swap = args.has("swap");
    spec.seed = static_cast<std::uint64_t>(args.integer("seed", 0, 0, std::numeric_limits<long long>::max()));
    spec.naive = args.has("naive");
    FilterFactory filters = spec.control ? FilterFactory(nullptr, nullptr, makeBands(c.dim, bandCount(args, c.dim)))
                                         : filterFactory(*m.checkpoint, spec.kind, args);
    const int n = filters.bands().count;
    if (spec.kind == FilterKind::BandsU || spec.kind == FilterKind::BandsE) {
        spec.bands = parseBandList(args.required("keep-bands"), n);
    } else if (!spec.control) {  // a control has no k: one row per layer
        spec.ks = kList(args.text("k", "all"), n);
    }

    const auto t0 = std::chrono::steady_clock::now();
    std::unique_ptr<Refilter> refilter;
    if (args.has("cache")) {
        auto taps = readStoredTaps(args.text("cache"), *m.checkpoint, static_cast<int>(args.integer("samples", 1 << 24, 1, 1 << 24)));
        if (spec.swap) warnCut(cutToCommonLength(taps), taps.front().tokens.size());
        refilter = std::make_unique<Refilter>(*m.transformer, std::move(taps));
    } else {
        std::vector<std::vector<int>> tokens;
        for (auto& s : selectSamples(args, requireTokenizer(m), c.maxSeqLen, 8).samples) tokens.push_back(std::move(s.tokens));
        if (spec.swap) warnCut(cutToCommonLength(tokens), tokens.front().size());
        refilter = std::make_unique<Refilter>(*m.transformer, std::move(tokens));
    }
    const double baseSeconds = secondsSince(t0);
    const auto t1 = std::chrono::steady_clock::now();
    const auto rows = runSweep(*refilter, filters, spec, [&](double f, std::string_view) {
        printProgress("sweep: %3.0f%%", 100 * f);
        return true;
    });
    const double sweepSeconds = secondsSince(t1);
    endProgressLine();
    writeFileAtomically(args.required("out"), sweepCsv(rows));
    std::fprintf(stderr, "sweep: %d samples, %lld tokens, baseline NLL %.6f; unfiltered pass %.3f s, %zu points in %.3f s (%.2f ms each)%s\n",
                 refilter->sampleCount(), rows.front().tokens, rows.front().nll, baseSeconds, rows.size() - 1, sweepSeconds,
                 1000 * sweepSeconds / std::max<std::size_t>(1, rows.size() - 1), spec.naive ? ", naive recomputation" : "");
    return 0;
}

int bosVerb(const Arguments& args)
{
    OpenedModel m = openModel(modelArgument(args, 0), args, true);
    const ModelConfig& c = m.checkpoint->config;
    const auto samples = selectSamples(args, requireTokenizer(m), c.maxSeqLen, 1).samples;
    const int position = static_cast<int>(args.integer("position", 0, 0, c.maxSeqLen - 1));
    if (position >= static_cast<int>(samples.front().tokens.size())) throw UsageError("option --position: the sample is shorter");
    ForwardRequest request;
    request.samples = {samples.front().tokens};
    request.taps = TapSet::parse("resid,attn_out,mlp_out");
    request.taps.logits = false;
    const auto taps = m.transformer->forward(request);
    const auto spectrum = loadOrComputeSpectrum(*m.checkpoint, SpectralMatrix::Unembed);
    const BandEnergy energy(*spectrum, makeBands(c.dim, bandCount(args, c.dim)));
    writeFileAtomically(args.required("out"), bosCsv(bosDecomposition(taps.front(), energy, position)));
    return 0;
}

int attentionVerb(const Arguments& args)
{
    OpenedModel m = openModel(modelArgument(args, 0), args, true);
    const ModelConfig& c = m.checkpoint->config;
    const auto samples = selectSamples(args, requireTokenizer(m), c.maxSeqLen, 8).samples;
    const auto layers = layerList(args.text("layers", "all"), c.nLayers, "layers");
    const bool perHead = args.has("per-head");
    std::string csv = "sample,layer,head,position,token,mean,variance\n";
    char line[256];
    for (std::size_t s = 0; s < samples.size(); ++s) {
        ForwardRequest request;
        request.samples = {samples[s].tokens};
        request.taps = TapSet::parse("attn");
        request.taps.logits = false;
        request.taps.resid = false;
        const auto taps = m.transformer->forward(request);
        const ReceivedStats stats = attentionReceived(taps.front().attention, perHead);
        for (int l : layers) {
            for (int g = 0; g < stats.groups; ++g) {
                for (int t = 0; t + 1 < stats.tokens; ++t) {
                    const std::size_t at = (static_cast<std::size_t>(l) * stats.groups + g) * stats.tokens + t;
                    const std::string head = perHead ? std::to_string(g) : "mean";
                    std::snprintf(line, sizeof line, "%zu,%d,%s,%d,%d,%.9g,%.9g\n", s, l, head.c_str(), t,
                                  samples[s].tokens[static_cast<std::size_t>(t)], stats.mean[at], stats.variance[at]);
                    csv += line;
                }
            }
        }
    }
    writeFileAtomically(args.required("out"), csv);
    return 0;
}

}  // namespace

std::vector<Verb> experimentVerbs()
{
    const auto sweepOpts = joinOptions(
        {sampleOptions(8), filterOptions(), controlOptions(), spectrumOptions(),
         {{"layers", "LIST", "layers whose exit is filtered: all (default) or e.g. 0,2-4; one row each"},
          {"together", "", "filter all --layers at once (one row) instead of one layer per row"},
          {"k", "LIST", "bands kept: all (1..N, default) or a list; omega keeps the top k plus band N"},
          {"seed", "S", "seed of the random filter (default 0)"},
          {"cache", "FILE", "take the unfiltered taps from this cache (resid; mlp_out when present)"},
          {"naive", "", "recompute every point from the embeddings (for comparison)"},
          {"out", "FILE", "CSV to write: filter,site,layer,k,positions,swap,nll,n_tokens"},
          tokenizerOption(), deviceOption(), gemmOption()}});
    const auto bosOpts = joinOptions({sampleOptions(1), spectrumOptions(),
                                      {{"position", "P", "decompose this position instead of BoS (0)"},
                                       {"out", "FILE", "CSV to write"}, tokenizerOption(), deviceOption(), gemmOption()}});
    const auto attentionOpts = joinOptions({sampleOptions(8),
                                            {{"layers", "LIST", "layers to report (default all)"},
                                             {"per-head", "", "one row per head instead of the head average"},
                                             {"out", "FILE", "CSV: sample,layer,head,position,token,mean,variance"},
                                             tokenizerOption(), deviceOption(), gemmOption()}});
    return {
        {{"sweep", "[MODEL]",
          "NLL with a spectral filter at the exit of each layer, for each k (bands kept).\n"
          "The unfiltered pass runs once; each point restarts from the stored stream at the\n"
          "filtered layer, so layers before it are never recomputed.",
          sweepOpts, 0, 1},
         sweepVerb},
        {{"bos", "[MODEL]",
          "The BoS decomposition per layer: norm of the BoS stream, its U-dark (band N of W_u)\n"
          "and U-light parts, and the attention and MLP contributions of each layer.",
          bosOpts, 0, 1},
         bosVerb},
        {{"attention", "[MODEL]",
          "Attention received by each key position from later queries: mean and variance over\n"
          "queries q > t, averaged over heads (or per head).",
          attentionOpts, 0, 1},
         attentionVerb},
    };
}

}  // namespace spectro::cli
