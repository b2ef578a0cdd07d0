#include "experiments/corpus_run.h"

#include "analysis/nll.h"
#include "engine/runtime.h"
#include "engine/side_by_side.h"
#include "engine/transformer.h"
#include "model/checkpoint.h"
#include "model/fingerprint.h"
#include "spectral/bands.h"
#include "spectral/spectrum_store.h"
#include "store/cache_reader.h"
#include "store/cache_resume.h"
#include "store/cache_size.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/log.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

namespace spectro {
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

// Everything that decides what a sample's data is; a cache is only extended when these match.
// The key order is part of the stored text: keep it.
std::string optionsJson(const CorpusRunRequest& request)
{
    TapSet stored = request.taps;
    stored.nll = false; // (it has its own dataset, whatever the taps)
    nlohmann::ordered_json options = {{"taps", stored.toString()},
                                      {"store_logits", request.taps.logits},
                                      {"max_tokens", request.input.maxTokens},
                                      {"dtype", tapDTypeName(request.storage.dtype)},
                                      {"samples", request.input.maxSamples}};
    const CorpusInput& in = request.input;
    if (!in.text.empty()) options["text"] = in.text;
    if (!in.jsonl.empty()) options["jsonl"] = in.jsonl, options["field"] = in.field;
    if (!in.prompt.empty()) options["prompt"] = in.prompt;
    return options.dump();
}

TapSet storedTaps(const CorpusRunRequest& request)
{
    TapSet stored = request.taps;
    stored.nll = false;
    return stored;
}

} // namespace

void requireOneCorpusSource(const CorpusInput& input)
{
    const int sources = !input.text.empty() + !input.jsonl.empty() + !input.prompt.empty();
    if (sources != 1) throw Error("give exactly one of a text file, a JSON-lines file with a field, or a prompt");
    if (!input.jsonl.empty() && input.field.empty())
        throw Error(input.jsonl + ": a JSON-lines corpus needs a field name");
}

CorpusRunPlan planCorpusRun(const Checkpoint& checkpoint, const Tokenizer& tokenizer, const CorpusRunRequest& request)
{
    requireOneCorpusSource(request.input);
    CorpusRunPlan plan;
    plan.identity = CacheIdentity{checkpoint.path, formatName(checkpoint.format), fingerprint(checkpoint),
                                  tokenizer.source(), optionsJson(request)};
    const std::string& out = request.out;
    plan.extend = std::filesystem::exists(out) && !request.force;
    plan.present.assign(request.samples.size(), false);
    plan.nll.resize(request.samples.size());
    if (plan.extend) {
        std::vector<std::vector<int>> tokens;
        for (const auto& s : request.samples) tokens.push_back(s.tokens);
        try {
            const CacheReader cache(out);
            const ResumePlan resume = planResume(cache, plan.identity, tokens, kExtentOptions);
            if (!resume.mismatch.empty()) throw Error(out + ": " + resume.mismatch);
            for (int i : resume.present) {
                plan.present[static_cast<std::size_t>(i)] = true;
                if (cache.has(i, "nll")) plan.nll[static_cast<std::size_t>(i)] = cache.read(i, "nll").values();
            }
        } catch (const Cancelled&) {
            throw;
        } catch (const Error& e) {
            throw Error(std::string(e.what()) + "; pass --force to replace it");
        }
        plan.existingBytes = std::filesystem::file_size(out);
    }
    const TapSet stored = storedTaps(request);
    for (std::size_t i = 0; i < request.samples.size(); ++i) {
        if (plan.present[i]) continue;
        ++plan.missing;
        plan.bytesNeeded += estimateSampleBytes(checkpoint.config, stored, request.storage.dtype,
                                                static_cast<std::int64_t>(request.samples[i].tokens.size()));
    }
    return plan;
}

void requireDiskForRun(const CorpusRunRequest& request, const CorpusRunPlan& plan)
{
    // Extending stages a copy of the existing cache beside it: that copy needs room too.
    requireFreeSpace(request.out, plan.diskNeeded(), plan.extend ? "extending the cache" : "the cache");
}

CorpusRunResult runCorpus(const Transformer& model, const Checkpoint& checkpoint, const Tokenizer& tokenizer,
                          const CorpusRunRequest& request, const CorpusRunPlan& plan,
                          const CorpusRunCallbacks& callbacks)
{
    const std::vector<TextSample>& samples = request.samples;
    if (plan.present.size() != samples.size()) throw Error(request.out + ": the run's plan is for other samples");
    const std::string& out = request.out;
    const ModelConfig& c = checkpoint.config;

    CorpusRunResult result;
    result.samples = samples.size();
    result.computed = plan.missing;
    result.reused = samples.size() - plan.missing;
    NllTotal total;
    for (const auto& nll : plan.nll) total.add(nll);
    if (plan.missing == 0) {
        result.meanNll = total.mean();
        if (callbacks.published) callbacks.published(samples.size(), samples.size());
        return result;
    }

    const auto start = Clock::now();
    auto timed = [&result](auto&& step) {
        const auto t0 = Clock::now();
        step();
        result.cacheSeconds += secondsSince(t0);
    };
    std::optional<CacheWriter> writer;
    timed([&] {
        writer.emplace(plan.extend ? CacheWriter::append(out, request.storage)
                                   : CacheWriter(out, c, plan.identity, request.storage));
    });
    if (plan.extend) writer->setOptions(plan.identity.options); // records the new extent ("samples")

    // The spectra of W_u and W_e go into the cache, so that analyses and plots can work from the
    // cache alone (cache-only mode). Computed once per model and kept in the spectrum store.
    if (request.storeSpectrum && (!plan.extend || !CacheReader(out).hasSpectrum("unembed"))) {
        const BandLayout bands = makeBands(c.dim, request.bands > 0 ? request.bands : std::min(20, c.dim));
        for (const SpectralMatrix matrix : {SpectralMatrix::Unembed, SpectralMatrix::Embed}) {
            reportProgress(callbacks.progress, 0.0, "spectrum of " + matrixName(matrix));
            const auto s = loadOrComputeSpectrum(checkpoint, matrix);
            writer->setSpectrum(matrixName(matrix), s->singularValues, s->vectors, bands.edges, s->foldedNorm);
        }
    }

    if (!plan.extend || !CacheReader(out).hasVocabulary()) {
        std::vector<std::string> pieces(static_cast<std::size_t>(tokenizer.vocabSize()));
        for (int id = 0; id < tokenizer.vocabSize(); ++id) pieces[static_cast<std::size_t>(id)] = tokenizer.piece(id);
        writer->setVocabulary(pieces, tokenizer.bosId(), tokenizer.eosId());
    }

    TapSet taps = request.taps;
    taps.nll = true; // every sample's per-token NLL is stored; the engine scores it
    const std::size_t batchSize = std::max<std::size_t>(1, request.batch);
    double lastCheckpointCopy = 0;
    auto lastCheckpoint = Clock::now();
    std::size_t done = samples.size() - plan.missing, computedNow = 0;
    bool spaceWarned = false;
    // Batches are aligned on multiples of the batch size whether or not the run resumes, so a
    // resumed run pads and batches each sample exactly as an uninterrupted one: identical results.
    for (std::size_t first = 0; first < samples.size(); first += batchSize) {
        const std::size_t last = std::min(samples.size(), first + batchSize);
        ForwardRequest forward;
        forward.taps = taps;
        std::vector<std::size_t> indices;
        for (std::size_t i = first; i < last; ++i) {
            if (plan.present[i]) continue;
            indices.push_back(i);
            forward.samples.push_back(samples[i].tokens);
        }
        if (indices.empty()) continue;
        // A pass's own progress moves the fraction within this batch, so a long 7B pass shows
        // movement and can be cancelled between layers.
        const double from = static_cast<double>(computedNow) / static_cast<double>(plan.missing);
        const double span = static_cast<double>(indices.size()) / static_cast<double>(plan.missing);
        const std::string stage = "sample " + std::to_string(done + 1) + "/" + std::to_string(samples.size());
        reportProgress(callbacks.progress, from, stage);
        ProgressFn passProgress;
        if (callbacks.progress) {
            passProgress = [&](double f, std::string_view) { return callbacks.progress(from + span * f, stage); };
        }
        const auto t0 = Clock::now();
        auto results = forwardSideBySide(model, std::move(forward), concurrentPasses(), passProgress);
        result.forwardSeconds += secondsSince(t0);
        for (std::size_t k = 0; k < indices.size(); ++k) {
            SampleTaps& r = results[k];
            const auto nll = r.nll.values();
            total.add(nll);
            result.tokens += static_cast<long long>(r.tokens.size());
            timed([&] { writer->addSample(static_cast<int>(indices[k]), r, samples[indices[k]].text, nll); });
        }
        done += indices.size();
        computedNow += indices.size();
        const bool more = done < samples.size();
        if (request.checkpoints && more &&
            secondsSince(lastCheckpoint) >=
                std::max(request.checkpointEverySeconds, kCheckpointCopyFactor * lastCheckpointCopy)) {
            // The copy needs room for the whole cache so far plus what is still to come.
            const std::uint64_t staged = std::filesystem::file_size(writer->temporaryPath());
            if (freeBytesBeside(out) > staged + plan.bytesNeeded + (16u << 20)) {
                timed([&] { lastCheckpointCopy = writer->checkpoint(); });
                ++result.checkpoints;
                if (callbacks.published) callbacks.published(done, samples.size());
            } else if (!spaceWarned) {
                spaceWarned = true;
                warn(out + ": too little free space to checkpoint; the cache appears only when the run completes");
            }
            lastCheckpoint = Clock::now();
        }
        reportProgress(callbacks.progress, static_cast<double>(computedNow) / static_cast<double>(plan.missing),
                       "sample " + std::to_string(done) + "/" + std::to_string(samples.size()));
    }
    timed([&] { writer->commit(); });
    if (writer->overflowedValues() > 0) {
        warn(out + ": " + std::to_string(writer->overflowedValues()) +
             " tap values exceed float16's range and were stored as +-inf; use --dtype bf16");
    }
    if (callbacks.published) callbacks.published(samples.size(), samples.size());
    result.meanNll = total.mean();
    result.totalSeconds = secondsSince(start);
    return result;
}

} // namespace spectro
