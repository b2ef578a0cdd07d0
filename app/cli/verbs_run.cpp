// The `run` verb: a forward pass over text with taps, stored in an HDF5 cache. An existing cache
// of the same model and options is extended with the samples it lacks (so an interrupted run
// resumes from its last checkpoint); any other existing file needs --force.
#include "analysis/nll.h"
#include "corpus/samples.h"
#include "engine/runtime.h"
#include "engine/side_by_side.h"
#include "engine/transformer.h"
#include "model/checkpoint.h"
#include "model/fingerprint.h"
#include "store/cache_reader.h"
#include "store/cache_resume.h"
#include "store/cache_size.h"
#include "spectral/spectrum_store.h"
#include "spectral/bands.h"
#include "store/cache_writer.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/log.h"
#include "sample_options.h"
#include "verbs.h"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

namespace spectro::cli {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Options that say how much to compute, not what: a cache may be extended when only these differ.
const std::vector<std::string> kExtentOptions = {"samples"};

// A checkpoint copies the whole cache; waiting at least 20 copy-times between two keeps that
// price under 5% of the run however large the cache grows.
constexpr double kCheckpointCopyFactor = 20.0;

struct ExistingCache {
    std::vector<bool> present;           // per requested sample
    std::vector<std::vector<float>> nll; // of the present samples, for the run's mean NLL
    std::uint64_t bytes = 0;
};

// Reads what an existing cache at `out` already holds for this run, or refuses it.
ExistingCache inspectExisting(const std::string& out, const CacheIdentity& identity,
                              const std::vector<TextSample>& samples)
{
    std::vector<std::vector<int>> tokens;
    for (const auto& s : samples) tokens.push_back(s.tokens);
    ExistingCache existing;
    try {
        const CacheReader cache(out);
        const ResumePlan plan = planResume(cache, identity, tokens, kExtentOptions);
        if (!plan.mismatch.empty()) throw Error(out + ": " + plan.mismatch);
        existing.present.assign(samples.size(), false);
        existing.nll.resize(samples.size());
        for (int i : plan.present) {
            existing.present[static_cast<std::size_t>(i)] = true;
            if (cache.has(i, "nll")) existing.nll[static_cast<std::size_t>(i)] = cache.read(i, "nll").values();
        }
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        throw Error(std::string(e.what()) + "; pass --force to replace it");
    }
    existing.bytes = std::filesystem::file_size(out);
    return existing;
}

int run(const Arguments& args)
{
    requireOneSampleSource(args);
    const std::string out = args.required("out");
    TapStorage storage;
    storage.dtype = parseTapDType(args.text("dtype", "f32"));
    storage.compression = static_cast<int>(args.integer("compress", 0, 0, 9));
    storage.checksum = args.has("checksum");
    const double checkpointEvery = args.real("checkpoint-every", 600);
    const bool checkpoints = !args.has("no-checkpoints");

    OpenedModel m = openModel(args.positional[0], args, true);
    const Tokenizer& tok = requireTokenizer(m);
    const ModelConfig& c = m.checkpoint->config;

    const SampleSelection selection = selectSamples(args, tok, c.maxSeqLen, 8);
    const std::vector<TextSample>& samples = selection.samples;
    const int maxTokens = selection.maxTokens, maxSamples = selection.maxSamples;

    TapSet taps = TapSet::parse(args.text("taps", "resid"));
    const bool storeLogits = taps.logits;
    taps.nll = true;  // every sample's per-token NLL is stored; the engine scores it
    TapSet stored = taps;
    stored.nll = false;  // (it has its own dataset, whatever the taps)

    // Everything that decides what a sample's data is; a cache is only extended when these match.
    nlohmann::ordered_json options = {{"taps", stored.toString()},
                                      {"store_logits", storeLogits},
                                      {"max_tokens", maxTokens},
                                      {"dtype", tapDTypeName(storage.dtype)},
                                      {"samples", maxSamples}};
    if (args.has("text")) options["text"] = args.text("text");
    if (args.has("jsonl")) options["jsonl"] = args.text("jsonl"), options["field"] = args.text("field");
    if (args.has("prompt")) options["prompt"] = args.text("prompt");
    const CacheIdentity identity{m.checkpoint->path, formatName(m.checkpoint->format), fingerprint(*m.checkpoint),
                                 tok.source(), options.dump()};

    const bool extend = std::filesystem::exists(out) && !args.has("force");
    ExistingCache existing;
    if (extend) {
        existing = inspectExisting(out, identity, samples);
    } else {
        existing.present.assign(samples.size(), false);
        existing.nll.resize(samples.size());
    }

    std::uint64_t needed = 0;
    std::size_t missing = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (existing.present[i]) continue;
        ++missing;
        needed += estimateSampleBytes(c, stored, storage.dtype, static_cast<std::int64_t>(samples[i].tokens.size()));
    }
    std::cerr << "run: " << samples.size() << " sample(s)";
    if (extend) std::cerr << ", " << samples.size() - missing << " already in " << out;
    std::cerr << ", taps " << stored.toString() << " as " << tapDTypeName(storage.dtype) << ", cache grows by about "
              << mebibytes(needed) << "\n";

    NllTotal total;
    for (const auto& nll : existing.nll) total.add(nll);
    nlohmann::ordered_json summary = {
        {"cache", out}, {"samples", samples.size()}, {"computed", missing}, {"reused", samples.size() - missing}};
    if (missing == 0) {
        summary["mean_nll"] = total.mean();
        std::cout << summary.dump(2) << "\n";
        return 0;
    }
    // Extending stages a copy of the existing cache beside it: that copy needs room too.
    requireFreeSpace(out, needed + existing.bytes, extend ? "extending the cache" : "the cache");

    const auto start = Clock::now();
    double cacheSeconds = 0;
    auto timed = [&cacheSeconds](auto&& step) {
        const auto t0 = Clock::now();
        step();
        cacheSeconds += secondsSince(t0);
    };
    std::optional<CacheWriter> writer;
    timed([&] { writer.emplace(extend ? CacheWriter::append(out, storage) : CacheWriter(out, c, identity, storage)); });
    if (extend) writer->setOptions(identity.options); // records the new extent ("samples")

    // The spectra of W_u and W_e go into the cache, so that analyses and plots can work from the
    // cache alone (cache-only mode). Computed once per model and kept in the spectrum store.
    if (!args.has("no-spectrum") && (!extend || !CacheReader(out).hasSpectrum("unembed"))) {
        const BandLayout bands = makeBands(c.dim, static_cast<int>(args.integer("bands", std::min(20, c.dim), 1, c.dim)));
        for (const SpectralMatrix matrix : {SpectralMatrix::Unembed, SpectralMatrix::Embed}) {
            const auto s = loadOrComputeSpectrum(*m.checkpoint, matrix);
            writer->setSpectrum(matrixName(matrix), s->singularValues, s->vectors, bands.edges, s->foldedNorm);
        }
    }

    // The tokenizer's pieces go in too, so that a cache opened without its model labels its tokens.
    if (!extend || !CacheReader(out).hasVocabulary()) {
        std::vector<std::string> pieces(static_cast<std::size_t>(tok.vocabSize()));
        for (int id = 0; id < tok.vocabSize(); ++id) pieces[static_cast<std::size_t>(id)] = tok.piece(id);
        writer->setVocabulary(pieces, tok.bosId(), tok.eosId());
    }

    const auto batchSize = static_cast<std::size_t>(args.integer("batch", 4, 1, 4096));
    double forwardSeconds = 0, lastCheckpointCopy = 0;
    auto lastCheckpoint = Clock::now();
    long long tokenCount = 0;
    int checkpointCount = 0;
    std::size_t done = samples.size() - missing;
    bool spaceWarned = false;
    // Batches are aligned on multiples of --batch whether or not the run resumes, so a resumed
    // run pads and batches each sample exactly as an uninterrupted one: identical results.
    for (std::size_t first = 0; first < samples.size(); first += batchSize) {
        const std::size_t last = std::min(samples.size(), first + batchSize);
        ForwardRequest request;
        request.taps = taps;
        std::vector<std::size_t> indices;
        for (std::size_t i = first; i < last; ++i) {
            if (existing.present[i]) continue;
            indices.push_back(i);
            request.samples.push_back(samples[i].tokens);
        }
        if (indices.empty()) continue;
        const auto t0 = Clock::now();
        auto results = forwardSideBySide(*m.transformer, std::move(request), concurrentPasses());
        forwardSeconds += secondsSince(t0);
        for (std::size_t k = 0; k < indices.size(); ++k) {
            SampleTaps& r = results[k];
            const auto nll = r.nll.values();
            total.add(nll);
            tokenCount += static_cast<long long>(r.tokens.size());
            timed([&] { writer->addSample(static_cast<int>(indices[k]), r, samples[indices[k]].text, nll); });
        }
        done += indices.size();
        std::fprintf(stderr, "\rrun: %zu/%zu samples", done, samples.size());
        const bool more = done < samples.size();
        if (checkpoints && more &&
            secondsSince(lastCheckpoint) >= std::max(checkpointEvery, kCheckpointCopyFactor * lastCheckpointCopy)) {
            // The copy needs room for the whole cache so far plus what is still to come.
            const std::uint64_t staged = std::filesystem::file_size(writer->temporaryPath());
            if (freeBytesBeside(out) > staged + needed + (16u << 20)) {
                timed([&] { lastCheckpointCopy = writer->checkpoint(); });
                ++checkpointCount;
            } else if (!spaceWarned) {
                spaceWarned = true;
                warn(out + ": too little free space to checkpoint; the cache appears only when the run completes");
            }
            lastCheckpoint = Clock::now();
        }
    }
    std::fprintf(stderr, "\n");
    timed([&] { writer->commit(); });
    if (writer->overflowedValues() > 0) {
        warn(out + ": " + std::to_string(writer->overflowedValues()) +
             " tap values exceed float16's range and were stored as +-inf; use --dtype bf16");
    }
    summary["mean_nll"] = total.mean();
    summary["tokens"] = tokenCount;
    summary["forward_seconds"] = forwardSeconds;
    summary["cache_seconds"] = cacheSeconds;
    summary["checkpoints"] = checkpointCount;
    summary["total_seconds"] = secondsSince(start);
    std::cout << summary.dump(2) << "\n";
    return 0;
}

// --text ... --samples (shared with the experiment verbs), then run's own options.
std::vector<OptionSpec> runOptions()
{
    return joinOptions({sampleOptions(8), {
             {"taps", "LIST", "resid,resid_mid,attn_out,mlp_out,attn,logits | all (default resid)"},
             {"dtype", "TYPE", "storage of float taps: f32 (default), f16 or bf16"},
             {"compress", "N", "shuffle + deflate level N (1-9); default 0 = none (fastest)"},
             {"checksum", "", "Fletcher-32 checksum per chunk (detects damaged data; slower writes)"},
             {"batch", "N", "samples per forward pass (default 4)"},
             {"checkpoint-every", "SECONDS", "publish finished samples under --out at most this often (default 600)"},
             {"no-checkpoints", "", "write --out only when the run completes"},
             {"out", "FILE", "the cache to write or extend (.h5)"},
             {"force", "", "replace an existing file instead of extending it"},
             {"no-spectrum", "", "do not store the spectra of W_u and W_e in the cache"},
             {"bands", "N", "band edges stored with the spectra (default 20)"},
             tokenizerOption(),
             deviceOption()}});
}

} // namespace

std::vector<Verb> runVerbs()
{
    return {
        {{"run",
          "MODEL",
          "Run a forward pass over text and store the taps in an HDF5 cache.\n"
          "--text cuts a file into windows of --max-tokens tokens (BoS first);\n"
          "--jsonl takes one sample per line from --field; --prompt runs one sample.\n"
          "An existing cache of the same model and options is extended with the samples it lacks\n"
          "(an interrupted run resumes from its last checkpoint); another file needs --force.",
          runOptions(),
          1,
          1},
         run},
    };
}

} // namespace spectro::cli
