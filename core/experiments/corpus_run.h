#pragma once
// Running a corpus into a tap cache: what `spectroscope-cli run` and the GUI's run job share.
// A run is planned first (which samples the cache at `out` already holds, how many bytes the
// rest will take) so that the caller can state the size and check the disk before any compute;
// then executed, extending an existing cache of the same weights and options with the samples it
// lacks (so an interrupted run resumes from its last checkpoint), publishing checkpoints
// crash-safely along the way (docs/cache-format.md).
#include "corpus/samples.h"
#include "engine/forward.h"
#include "store/cache_writer.h"
#include "store/tap_storage.h"
#include "util/progress.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace spectro {

struct Checkpoint;
class Tokenizer;
class Transformer;

// Where the samples came from, as the cache's `options` record it (one of text, jsonl + field,
// prompt) and how they were cut.
struct CorpusInput {
    std::string text;   // plain text file
    std::string jsonl;  // JSON-lines file ...
    std::string field;  // ... and its string field
    std::string prompt; // a single prompt
    int maxTokens = 0;  // tokens per sample, BoS included, after clamping to the context
    int maxSamples = 0; // the extent asked for
};

struct CorpusRunRequest {
    std::string out; // the cache to write or extend (.h5)
    CorpusInput input;
    std::vector<TextSample> samples;
    TapSet taps; // taps to store; `logits` stores logits; the NLL is always stored
    TapStorage storage;
    std::size_t batch = 4;               // samples per forward pass
    double checkpointEverySeconds = 600; // at most this often (and never under 20 copy-times)
    bool checkpoints = true;
    bool force = false;        // replace an existing file instead of extending it
    bool storeSpectrum = true; // the spectra of W_u and W_e go into a new cache
    int bands = 0;             // band edges stored with the spectra; 0: min(20, d)
};

// Throws Error unless exactly one source is set in `input`.
void requireOneCorpusSource(const CorpusInput& input);

struct CorpusRunPlan {
    CacheIdentity identity;
    bool extend = false;                 // `out` exists and is extended (not replaced)
    std::vector<bool> present;           // per requested sample: already in the cache
    std::vector<std::vector<float>> nll; // NLL of the present samples (for the run's mean)
    std::size_t missing = 0;             // samples still to compute
    std::uint64_t bytesNeeded = 0;       // the missing samples' taps, uncompressed
    std::uint64_t existingBytes = 0;     // size of the cache being extended (its staged copy needs as much)
    std::uint64_t diskNeeded() const { return bytesNeeded + existingBytes; }
};

// Reads what an existing cache at request.out already holds, or refuses it with one line naming
// the difference and "; pass --force to replace it" (the CLI's wording; the GUI offers to replace).
CorpusRunPlan planCorpusRun(const Checkpoint& checkpoint, const Tokenizer& tokenizer, const CorpusRunRequest& request);

// Throws Error "OUT: the cache needs about N MiB but only M MiB are free in FOLDER" when the
// plan cannot finish on this disk.
void requireDiskForRun(const CorpusRunRequest& request, const CorpusRunPlan& plan);

struct CorpusRunResult {
    std::size_t samples = 0, computed = 0, reused = 0;
    double meanNll = 0;
    long long tokens = 0;
    double forwardSeconds = 0, cacheSeconds = 0, totalSeconds = 0;
    int checkpoints = 0;
};

struct CorpusRunCallbacks {
    // Fraction of the samples to compute that are done (0..1) and a stage such as "sample 3/8";
    // returns false to cancel (the run then throws Cancelled; checkpoints already published stay,
    // so the next run resumes from them, and the cache under `out` is never half-written).
    ProgressFn progress;
    // After each checkpoint and after the commit: `samplesDone` of `samples` are now readable
    // under `out` (lets a viewer fill as results arrive).
    std::function<void(std::size_t samplesDone, std::size_t samples)> published;
};

// Computes the samples the plan lacks and commits the cache. Needs a plan of this request. The
// tokenizer's pieces go into the cache too (/vocabulary), so that a cache opened without its model
// labels its tokens.
CorpusRunResult runCorpus(const Transformer& model, const Checkpoint& checkpoint, const Tokenizer& tokenizer,
                          const CorpusRunRequest& request, const CorpusRunPlan& plan,
                          const CorpusRunCallbacks& callbacks = {});

} // namespace spectro
