#pragma once
// The filter lab's engine thread (the Mandelbrot example's render thread, Qt-free): one
// long-lived thread owns the re-filtering state of a set of samples (a Refilter over their stored
// taps, the filters, the spectra) and answers three kinds of work, most urgent first:
//
//   1. request(setting): the slider case. Newest wins: a request that a newer one supersedes is
//      abandoned at the next layer of its pass (through the pass's progress callback), never
//      finished, and an answer is handed out only while it is still the newest request;
//   2. generate(...): the unfiltered and the filtered continuation of a prompt, side by side;
//   3. sweep(definition): the NLL heatmap, cell by cell, in the background. A request or a
//      generation interrupts the running cell, which is computed again afterwards; cancelSweep()
//      ends it and keeps the finished cells. A finished or cancelled sweep is stored in the cache
//      the samples came from (sweep_store.h), and a sweep already stored there is resumed, not
//      recomputed.
//
// Every answer is handed to an Events callback on the engine thread; the GUI turns them into
// queued signals. Nothing crosses the thread boundary as an exception: errors become `failed`.
#include "figures/figure_data.h"
#include "filterlab/filter_outcome.h"
#include "filterlab/sweep_grid.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace spectro {
struct Checkpoint;
class Tokenizer;
class Transformer;
class Refilter;
class FilterFactory;
struct Spectrum;
} // namespace spectro

namespace spectro::filterlab {

// What the lab re-filters: the samples of a tap cache (their stored resid, and mlp_out when
// stored), or token ids whose unfiltered pass the engine thread runs first.
struct LabSource {
    std::shared_ptr<const Transformer> model; // or, when null, built from `checkpoint` on the engine thread
    std::shared_ptr<const Checkpoint> checkpoint;
    std::shared_ptr<const Tokenizer> tokenizer; // optional: labels tokens, encodes generation prompts
    int bands = 20;                             // N, at most d
    std::string cachePath;                      // stored taps; sweeps are stored here too
    int maxSamples = 8;                         // with cachePath: the first samples of the cache
    std::vector<std::vector<int>> samples;      // without cachePath: token ids, BoS first
};

// The engine thread is ready: the unfiltered NLL and the sweeps the cache already holds.
struct LabReady {
    std::shared_ptr<const RefilterResult> baseline;
    std::vector<std::vector<int>> tokens; // per sample
    std::vector<int> sampleIds;           // the cache's index of each sample (0, 1, ... without a cache)
    // Piece of each token id: the cache's /vocabulary, else the tokenizer's, else empty.
    std::vector<std::string> vocabulary;
    int layers = 0, bands = 0;
    std::vector<SweepGridPtr> storedSweeps;
    std::vector<std::string> problems; // stored sweeps that could not be read (one line each)
};

struct GenerationRequest {
    std::vector<int> prompt; // token ids, BoS first; empty: `text` encoded with the tokenizer
    std::string text;
    int steps = 32;
    double temperature = 0; // 0: greedy
    std::uint64_t seed = 0;
    FilterSetting setting; // acts at every position of every step
};

struct GenerationOutcome {
    std::uint64_t request = 0;
    GenerationRequest asked;
    std::vector<int> unfiltered, filtered; // the continuations only
    bool hitContextLimit = false;
    double seconds = 0;
};
using GenerationPtr = std::shared_ptr<const GenerationOutcome>;

enum class SweepEnd { Finished, Cancelled };

class RefilterService {
public:
    // Called on the engine thread. Any may be empty.
    struct Events {
        std::function<void(double fraction, const std::string& stage)> progress; // preparation, sweeps, generation
        std::function<void(std::shared_ptr<const LabReady>)> ready;
        // A spectrum the filters use was loaded (W_u's right after ready, W_e's when a filter
        // first needs it), for the lab's spectrum view.
        std::function<void(std::shared_ptr<const figures::SpectrumFigure>)> spectrum;
        std::function<void(OutcomePtr)> outcome;
        std::function<void(std::uint64_t request)> abandoned; // superseded before it finished
        std::function<void(SweepGridPtr)> sweepCell;          // a cell was added (a snapshot of the grid)
        // `storeError` is empty when the grid was stored in the cache (or there is no cache).
        std::function<void(SweepGridPtr, SweepEnd, const std::string& storeError)> sweepEnded;
        std::function<void(GenerationPtr)> generated;
        // `what` is "open", "request", "sweep" or "generate"; the message is one line.
        std::function<void(const std::string& what, const std::string& message)> failed;
    };

    // Starts the engine thread, which first reads the stored taps (or runs the unfiltered pass).
    RefilterService(LabSource source, Events events);
    // Interrupts whatever runs (at most one layer of a pass) and joins the thread. A sweep that is
    // running is neither stored nor reported.
    ~RefilterService();
    RefilterService(const RefilterService&) = delete;
    RefilterService& operator=(const RefilterService&) = delete;

    // Re-filter the samples under `setting`; returns the request's id (increasing). Supersedes
    // every earlier request. The outcome carries the id.
    std::uint64_t request(const FilterSetting& setting);
    // Continuations without and with the filter; supersedes an earlier generation.
    std::uint64_t generate(GenerationRequest request);
    // Starts (or resumes) the sweep; a different running sweep ends first, as cancelled.
    void sweep(const SweepDefinition& definition);
    // Ends the running sweep (sweepEnded, cancelled); a sweep asked for but not yet taken up by
    // the engine thread gets failed("sweep", "... cancelled before its first cell") instead.
    void cancelSweep();

    // Whether answers carry the Stream tab's measurement (FilterOutcome::filteredStreams; on by
    // default). It costs a resid tap and a projection per filtered stream x token, so the lab
    // turns it off while the tab is not shown; it applies from the next request on.
    void setMeasureStreams(bool on) { measureStreams_ = on; }

    // Tests and benchmarks: called on the engine thread at every layer of a request's pass with
    // its id (a hook that sleeps makes a slow engine).
    void setPassObserver(std::function<void(std::uint64_t request)> observer);

private:
    struct Engine; // what only the engine thread touches
    void run();
    void serveRequest(std::uint64_t id, const FilterSetting& setting);
    void serveGeneration(std::uint64_t id, const GenerationRequest& request);
    void startSweep(const SweepDefinition& definition);
    void sweepOneCell();
    void endSweep(SweepEnd end);

    LabSource source_;
    Events events_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<FilterSetting> pendingSetting_;        // guarded by mutex_
    std::optional<GenerationRequest> pendingGeneration_; // guarded by mutex_
    std::optional<SweepDefinition> pendingSweep_;        // guarded by mutex_
    bool pendingCancelSweep_ = false;                    // guarded by mutex_
    // A requested sweep cancelled before the engine thread took it up: reported as failed("sweep"),
    // since no sweepEnded will follow for it. Guarded by mutex_.
    std::optional<std::string> cancelledUnstarted_;
    std::function<void(std::uint64_t)> passObserver_; // guarded by mutex_
    std::atomic<std::uint64_t> newestRequest_{0};
    std::atomic<std::uint64_t> newestGeneration_{0};
    std::atomic<bool> urgent_{false};    // pendingSetting_ or pendingGeneration_ is set
    std::atomic<bool> sweepStop_{false}; // pendingSweep_ or pendingCancelSweep_ is set
    std::atomic<bool> abort_{false};
    std::atomic<bool> measureStreams_{true};

    std::unique_ptr<Engine> engine_;
    std::thread thread_; // last: starts after everything above exists
};

} // namespace spectro::filterlab
