#include "filterlab/refilter_service.h"

#include "engine/generate.h"
#include "engine/runtime.h"
#include "engine/transformer.h"
#include "experiments/common_length.h"
#include "experiments/refilter.h"
#include "figures/figure_builders.h"
#include "filterlab/sweep_store.h"
#include "spectral/band_energy.h"
#include "spectral/spectrum_store.h"
#include "store/cache_reader.h"
#include "store/stored_taps.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <cerrno>
#include <chrono>
#include <cmath>
#include <numeric>
#include <set>
#include <utility>

namespace spectro::filterlab {
namespace {

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The lab's engine thread yields to the GUI thread: on Linux a thread's nice value is its own (and
// the side-by-side passes it starts inherit it), so a busy sweep cannot starve the slider's
// redraws of the cores. Failure to renice changes nothing but the priority.
void yieldToTheGuiThread()
{
#if defined(__linux__)
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    errno = 0;
    const int now = getpriority(PRIO_PROCESS, tid);
    if (errno == 0) setpriority(PRIO_PROCESS, tid, std::min(19, now + 5));
#endif
}

bool sameSamples(const SweepGrid& g, int samples, const RefilterResult& baseline)
{
    return g.samples == samples && g.tokens == baseline.tokens &&
           std::abs(g.baseline - baseline.nll) <= 1e-12 * std::max(1.0, std::abs(baseline.nll));
}

} // namespace

struct RefilterService::Engine {
    const Transformer* model = nullptr;
    std::unique_ptr<Refilter> refilter;
    std::shared_ptr<const RefilterResult> baseline;
    // For swap: the samples cut to a common length (built when first needed, only when their
    // lengths differ).
    std::unique_ptr<Refilter> swapRefilter;
    std::shared_ptr<const RefilterResult> swapBaseline;
    bool swapChecked = false;
    std::shared_ptr<const std::vector<std::vector<int>>> tokens, swapTokens;
    std::shared_ptr<const Spectrum> unembed, embed;
    std::unique_ptr<BandEnergy> bandEnergy; // W_u's, in the lab's bands: the Stream tab's
    StreamSpectraPtr streams, swapStreams;  // the unfiltered measurement of refilter / swapRefilter
    std::unique_ptr<FilterFactory> filters;
    BandLayout bands;
    int layers = 0;
    std::map<std::string, SweepGrid> grids; // every sweep seen, by name
    std::set<std::string> storedUnchanged;  // grids identical to what the cache holds
    std::optional<std::string> sweeping;    // the running sweep's name
    std::function<void(std::shared_ptr<const figures::SpectrumFigure>)> onSpectrum;

    // The samples a setting is re-filtered over, and their unfiltered NLL.
    const Refilter& refilterFor(bool swap)
    {
        if (!swap) return *refilter;
        if (refilter->sampleCount() < 2) throw Error("swap: needs at least two samples");
        if (!swapChecked) {
            swapChecked = true;
            std::vector<SampleTaps> taps = refilter->base();
            if (cutToCommonLength(taps)) {
                swapRefilter = std::make_unique<Refilter>(*model, std::move(taps));
                swapBaseline = std::make_shared<const RefilterResult>(swapRefilter->baseline());
            }
        }
        return swapRefilter ? *swapRefilter : *refilter;
    }
    std::shared_ptr<const RefilterResult> baselineOf(const Refilter& r) const
    {
        return &r == refilter.get() ? baseline : swapBaseline;
    }
    std::shared_ptr<const std::vector<std::vector<int>>> tokensOf(const Refilter& r)
    {
        auto& cached = &r == refilter.get() ? tokens : swapTokens;
        if (!cached) {
            auto ids = std::make_shared<std::vector<std::vector<int>>>();
            for (const auto& b : r.base()) ids->push_back(b.tokens);
            cached = ids;
        }
        return cached;
    }
    const BandEnergy& unembedEnergy()
    {
        if (!bandEnergy) {
            filtersFor(FilterKind::PhiU); // loads W_u's spectrum
            bandEnergy = std::make_unique<BandEnergy>(*unembed, bands);
        }
        return *bandEnergy;
    }
    // The unfiltered streams of `r`'s samples, measured from the stored taps once.
    StreamSpectraPtr unfilteredStreamsOf(const Refilter& r)
    {
        auto& cached = &r == refilter.get() ? streams : swapStreams;
        if (!cached) cached = std::make_shared<const StreamSpectra>(measureStreams(unembedEnergy(), r.base()));
        return cached;
    }
    // Filters with the spectra `kind` needs, computed (or read from the spectrum cache) once.
    FilterFactory& filtersFor(FilterKind kind)
    {
        const bool u = needsUnembed(kind) && !unembed, en = needsEmbed(kind) && !embed;
        if (u) loaded(unembed = loadOrComputeSpectrum(model->checkpoint(), SpectralMatrix::Unembed));
        if (en) loaded(embed = loadOrComputeSpectrum(model->checkpoint(), SpectralMatrix::Embed));
        if (u || en || !filters) filters = std::make_unique<FilterFactory>(unembed, embed, bands);
        return *filters;
    }
    void loaded(const std::shared_ptr<const Spectrum>& spectrum)
    {
        if (onSpectrum)
            onSpectrum(std::make_shared<const figures::SpectrumFigure>(figures::buildSpectrumFigure(*spectrum, bands)));
    }
};

RefilterService::RefilterService(LabSource source, Events events)
    : source_(std::move(source)), events_(std::move(events)), engine_(std::make_unique<Engine>())
{
    if (!source_.model && !source_.checkpoint) throw Error("filter lab: no model");
    thread_ = std::thread([this] { run(); });
}

RefilterService::~RefilterService()
{
    {
        std::lock_guard lock(mutex_);
        abort_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

std::uint64_t RefilterService::request(const FilterSetting& setting)
{
    std::uint64_t id;
    {
        std::lock_guard lock(mutex_);
        id = ++newestRequest_;
        pendingSetting_ = setting;
        urgent_ = true;
    }
    wake_.notify_all();
    return id;
}

std::uint64_t RefilterService::generate(GenerationRequest request)
{
    std::uint64_t id;
    {
        std::lock_guard lock(mutex_);
        id = ++newestGeneration_;
        pendingGeneration_ = std::move(request);
        urgent_ = true;
    }
    wake_.notify_all();
    return id;
}

void RefilterService::sweep(const SweepDefinition& definition)
{
    {
        std::lock_guard lock(mutex_);
        pendingSweep_ = definition;
        cancelledUnstarted_.reset(); // superseded: this request is the one the caller waits for
        sweepStop_ = true;
    }
    wake_.notify_all();
}

void RefilterService::cancelSweep()
{
    {
        std::lock_guard lock(mutex_);
        pendingCancelSweep_ = true;
        if (pendingSweep_) cancelledUnstarted_ = pendingSweep_->name();
        pendingSweep_.reset();
        sweepStop_ = true;
    }
    wake_.notify_all();
}

void RefilterService::setPassObserver(std::function<void(std::uint64_t)> observer)
{
    std::lock_guard lock(mutex_);
    passObserver_ = std::move(observer);
}

void RefilterService::run()
{
    Engine& e = *engine_;
    auto ready = std::make_shared<LabReady>();
    try {
        // The lab's own engine over the same memory-mapped weights: its forward passes run on
        // this thread, beside (not behind) the workbench engine's jobs.
        if (!source_.model) source_.model = std::make_shared<const Transformer>(source_.checkpoint);
        const Transformer& model = *source_.model;
        e.model = &model;
        adaptThreadsToModel(model.config()); // OpenMP's thread count belongs to the calling thread
        yieldToTheGuiThread();
        auto progress = [this](double f, std::string_view stage) {
            if (events_.progress) events_.progress(f, std::string(stage));
            return !abort_.load();
        };
        e.layers = model.config().nLayers;
        e.bands = makeBands(model.config().dim, source_.bands);
        if (!source_.cachePath.empty()) {
            reportProgress(progress, 0.0, "reading the stored taps");
            e.refilter = std::make_unique<Refilter>(
                model, readStoredTaps(source_.cachePath, model.checkpoint(), source_.maxSamples));
            const CacheReader cache(source_.cachePath);
            if (cache.hasVocabulary()) ready->vocabulary = cache.vocabulary().pieces;
            ready->sampleIds = cache.sampleIndices(); // readStoredTaps takes the first ones, in this order
            for (auto& g : storedSweeps(source_.cachePath, cache.config().nLayers, &ready->problems)) {
                const std::string name = g.definition.name();
                e.storedUnchanged.insert(name);
                ready->storedSweeps.push_back(std::make_shared<const SweepGrid>(g));
                e.grids.emplace(name, std::move(g));
            }
        } else {
            e.refilter = std::make_unique<Refilter>(model, source_.samples, progress);
        }
        e.baseline = std::make_shared<const RefilterResult>(e.refilter->baseline());
        if (e.baseline->tokens == 0) throw Error("filter lab: no token to predict (every sample is a single token)");
        ready->baseline = e.baseline;
        for (const auto& b : e.refilter->base()) ready->tokens.push_back(b.tokens);
        ready->sampleIds.resize(ready->tokens.size());
        if (source_.cachePath.empty()) std::iota(ready->sampleIds.begin(), ready->sampleIds.end(), 0);
        if (ready->vocabulary.empty() && source_.tokenizer) {
            for (int id = 0; id < source_.tokenizer->vocabSize(); ++id)
                ready->vocabulary.push_back(source_.tokenizer->piece(id));
        }
        ready->layers = e.layers;
        ready->bands = e.bands.count;
    } catch (const Cancelled&) {
        return;
    } catch (const std::exception& ex) {
        if (events_.failed) events_.failed("open", ex.what());
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return abort_.load(); });
        return;
    }
    if (events_.ready) events_.ready(ready);
    e.onSpectrum = events_.spectrum;
    try {
        e.filtersFor(FilterKind::PhiU); // W_u's spectrum: nearly every filter needs it, the spectrum view shows it
    } catch (const std::exception& ex) {
        if (events_.failed) events_.failed("open", ex.what());
    }

    for (;;) {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] {
            return abort_ || pendingSetting_ || pendingGeneration_ || pendingSweep_ || pendingCancelSweep_ ||
                   e.sweeping.has_value();
        });
        if (abort_) return;
        if (pendingSetting_) {
            const FilterSetting setting = std::move(*pendingSetting_);
            pendingSetting_.reset();
            const std::uint64_t id = newestRequest_;
            urgent_ = pendingGeneration_.has_value();
            lock.unlock();
            serveRequest(id, setting);
        } else if (pendingGeneration_) {
            const GenerationRequest request = std::move(*pendingGeneration_);
            pendingGeneration_.reset();
            const std::uint64_t id = newestGeneration_;
            urgent_ = false;
            lock.unlock();
            serveGeneration(id, request);
        } else if (pendingSweep_ || pendingCancelSweep_) {
            const std::optional<SweepDefinition> next = std::move(pendingSweep_);
            const bool cancel = pendingCancelSweep_;
            const std::optional<std::string> unstarted = std::exchange(cancelledUnstarted_, std::nullopt);
            pendingSweep_.reset();
            pendingCancelSweep_ = false;
            sweepStop_ = false;
            lock.unlock();
            if (cancel && e.sweeping) endSweep(SweepEnd::Cancelled);
            if (unstarted && !next && events_.failed)
                events_.failed("sweep", "sweep " + *unstarted + ": cancelled before its first cell");
            if (next) startSweep(*next);
        } else {
            lock.unlock();
            sweepOneCell();
        }
    }
}

// --- what the engine thread computes -------------------------------------------------------

void RefilterService::serveRequest(std::uint64_t id, const FilterSetting& setting)
{
    Engine& e = *engine_;
    std::function<void(std::uint64_t)> observer;
    {
        std::lock_guard lock(mutex_);
        observer = passObserver_;
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto outcome = std::make_shared<FilterOutcome>();
    outcome->request = id;
    outcome->setting = setting;
    try {
        validate(setting, e.layers, e.bands.count);
        const Refilter& refilter = e.refilterFor(setting.swap && !setting.isUnfiltered());
        outcome->baseline = e.baselineOf(refilter);
        outcome->tokens = e.tokensOf(refilter);
        // The Stream tab's measurement needs W_u's spectrum; without it the NLL is still answered.
        try {
            if (measureStreams_.load()) outcome->unfilteredStreams = e.unfilteredStreamsOf(refilter);
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& ex) {
            outcome->streamsError = ex.what();
        }
        if (setting.isUnfiltered()) {
            outcome->filtered = outcome->baseline;
            outcome->filteredStreams = outcome->unfilteredStreams;
        } else {
            const Intervention iv = intervention(setting, e.filtersFor(setting.kind), &refilter.base());
            auto progress = [&](double, std::string_view) {
                if (observer) observer(id);
                return !abort_.load() && newestRequest_.load() == id;
            };
            FilteredStreams streams;
            const bool measure = outcome->unfilteredStreams != nullptr;
            outcome->filtered =
                std::make_shared<const RefilterResult>(refilter.run(iv, progress, measure ? &streams : nullptr));
            if (measure) {
                outcome->filteredStreams = std::make_shared<const StreamSpectra>(
                    measureStreams(e.unembedEnergy(), *outcome->unfilteredStreams, streams));
            }
        }
    } catch (const Cancelled&) {
        if (events_.abandoned) events_.abandoned(id);
        return;
    } catch (const std::exception& ex) {
        if (newestRequest_.load() == id && events_.failed) events_.failed("request", ex.what());
        return;
    }
    outcome->seconds = secondsSince(t0);
    // Only the newest request's answer is handed out: a later request may have come in while the
    // last layer ran.
    if (newestRequest_.load() != id) {
        if (events_.abandoned) events_.abandoned(id);
        return;
    }
    if (events_.outcome) events_.outcome(outcome);
}

void RefilterService::serveGeneration(std::uint64_t id, const GenerationRequest& request)
{
    Engine& e = *engine_;
    const auto t0 = std::chrono::steady_clock::now();
    auto out = std::make_shared<GenerationOutcome>();
    out->request = id;
    out->asked = request;
    try {
        if (request.setting.swap)
            throw Error("generation: swap needs several samples; it is a sweep and slider option");
        if (out->asked.prompt.empty()) {
            if (!source_.tokenizer) throw Error("generation: the model has no tokenizer to encode the prompt");
            out->asked.prompt = source_.tokenizer->encode(request.text, true);
        }
        validate(request.setting, e.layers, e.bands.count);
        GenerateOptions options;
        options.steps = request.steps;
        options.temperature = request.temperature;
        options.seed = request.seed;
        const bool filtered = !request.setting.isUnfiltered();
        // Both halves report into one progress bar; a newer generation abandons this one.
        auto half = [&](double offset) {
            return [this, id, offset, filtered](double f, std::string_view) {
                if (events_.progress) events_.progress(filtered ? offset + f / 2 : f, "generating");
                return !abort_.load() && newestGeneration_.load() == id;
            };
        };
        const GenerateResult plain = spectro::generate(*e.model, out->asked.prompt, options, half(0.0));
        out->unfiltered = plain.tokens;
        out->hitContextLimit = plain.hitContextLimit;
        if (filtered) {
            options.hook = makeHook(std::make_shared<const Intervention>(
                intervention(request.setting, e.filtersFor(request.setting.kind), &e.refilterFor(false).base())));
            const GenerateResult f = spectro::generate(*e.model, out->asked.prompt, options, half(0.5));
            out->filtered = f.tokens;
            out->hitContextLimit = out->hitContextLimit || f.hitContextLimit;
        } else {
            out->filtered = plain.tokens;
        }
    } catch (const Cancelled&) {
        return;
    } catch (const std::exception& ex) {
        if (newestGeneration_.load() == id && events_.failed) events_.failed("generate", ex.what());
        return;
    }
    out->seconds = secondsSince(t0);
    if (newestGeneration_.load() == id && events_.generated) events_.generated(out);
}

// --- sweeps --------------------------------------------------------------------------------

void RefilterService::startSweep(const SweepDefinition& definition)
{
    Engine& e = *engine_;
    const std::string name = definition.name();
    if (e.sweeping && *e.sweeping != name) endSweep(SweepEnd::Cancelled);
    try {
        validate(definition, e.layers, e.bands.count);
        const Refilter& refilter = e.refilterFor(definition.swap);
        const RefilterResult& base = *e.baselineOf(refilter);
        auto known = e.grids.find(name);
        // A stored or earlier grid of the same samples is resumed; anything else starts afresh.
        if (known == e.grids.end() || known->second.definition != definition ||
            !sameSamples(known->second, refilter.sampleCount(), base)) {
            e.grids[name] = SweepGrid::empty(definition, refilter.sampleCount(), base.tokens, base.nll);
            e.storedUnchanged.erase(name);
        }
    } catch (const std::exception& ex) {
        if (events_.failed) events_.failed("sweep", ex.what());
        return;
    }
    e.sweeping = name;
    const SweepGrid& grid = e.grids[name];
    if (events_.sweepCell) events_.sweepCell(std::make_shared<const SweepGrid>(grid));
    if (grid.complete()) endSweep(SweepEnd::Finished);
}

void RefilterService::sweepOneCell()
{
    Engine& e = *engine_;
    SweepGrid& grid = e.grids[*e.sweeping];
    const SweepDefinition& d = grid.definition;
    // The CLI's order: k outer, layers inner.
    int row = -1, column = -1;
    for (int c = 0; c < grid.columns() && row < 0; ++c) {
        for (int r = 0; r < grid.rows(); ++r) {
            if (std::isnan(grid.at(r, c))) {
                row = r;
                column = c;
                break;
            }
        }
    }
    if (row < 0) {
        endSweep(SweepEnd::Finished);
        return;
    }
    try {
        const FilterSetting cell =
            d.cell(d.layers[static_cast<std::size_t>(row)], d.ks[static_cast<std::size_t>(column)]);
        const Intervention iv = intervention(cell, e.filtersFor(cell.kind));
        // A request, a generation, a new sweep or Cancel interrupts the cell; it is computed again later.
        auto progress = [this](double, std::string_view) {
            return !abort_.load() && !urgent_.load() && !sweepStop_.load();
        };
        grid.at(row, column) = e.refilterFor(d.swap).run(iv, progress).nll;
    } catch (const Cancelled&) {
        return;
    } catch (const std::exception& ex) {
        if (events_.failed) events_.failed("sweep", ex.what());
        endSweep(SweepEnd::Cancelled);
        return;
    }
    e.storedUnchanged.erase(*e.sweeping);
    const int total = grid.rows() * grid.columns(), done = grid.done();
    if (events_.sweepCell) events_.sweepCell(std::make_shared<const SweepGrid>(grid));
    if (events_.progress) events_.progress(static_cast<double>(done) / total, "sweep " + d.name());
    if (done == total) endSweep(SweepEnd::Finished);
}

void RefilterService::endSweep(SweepEnd end)
{
    Engine& e = *engine_;
    const std::string name = *e.sweeping;
    e.sweeping.reset();
    const SweepGrid& grid = e.grids[name];
    std::string storeError;
    if (!source_.cachePath.empty() && grid.done() > 0 && !e.storedUnchanged.count(name)) {
        try {
            storeSweep(source_.cachePath, grid);
            e.storedUnchanged.insert(name);
        } catch (const std::exception& ex) {
            storeError = ex.what();
        }
    }
    if (events_.sweepEnded) events_.sweepEnded(std::make_shared<const SweepGrid>(grid), end, storeError);
}

} // namespace spectro::filterlab
