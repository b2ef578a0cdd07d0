#include "lab_render.h"

#include "engine_jobs.h"
#include "figure_inputs.h"
#include "figures/provenance.h"
#include "filter_nll_view.h"
#include "filterlab/lab_figures.h"
#include "filterlab/refilter_service.h"
#include "generation_view.h"
#include "model/checkpoint.h"
#include "offscreen_view.h"
#include "sweep_heatmap_view.h"
#include "util/error.h"
#include "workbench_source.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <variant>

namespace spectro::figure {

namespace {

using namespace filterlab;

constexpr auto kLabTimeout = std::chrono::minutes(5);

// The one answer the command waits for, handed over from the engine thread.
struct Answer {
    std::mutex mutex;
    std::condition_variable changed;
    std::shared_ptr<const LabReady> ready;
    OutcomePtr outcome;
    SweepGridPtr sweep;
    GenerationPtr generation;
    std::string error;

    template <class Done> void waitFor(const std::string& kind, Done done)
    {
        std::unique_lock lock(mutex);
        if (!changed.wait_for(lock, kLabTimeout, [&] { return done() || !error.empty(); })) {
            throw Error("figure " + kind + ": the filter lab did not answer within five minutes");
        }
        if (!error.empty()) throw Error("figure " + kind + ": " + error);
    }
    template <class Set> void set(Set set)
    {
        {
            std::lock_guard lock(mutex);
            set();
        }
        changed.notify_all();
    }
};

// The setting of --filter (the lab's JSON, as a session stores it), else Phi_u without the dark
// band (k = N - 1) on every layer: the paper's filter whose loss jump the lab shows first.
FilterSetting settingOf(const FigureRequest& r, int layers, int bands)
{
    FilterSetting setting;
    if (!r.filterSetting.empty()) {
        setting = settingFromJson(r.filterSetting);
    } else {
        setting.kind = FilterKind::PhiU;
        setting.k = bands - 1;
        setting.layers.resize(static_cast<std::size_t>(layers));
        std::iota(setting.layers.begin(), setting.layers.end(), 0);
    }
    validate(setting, layers, bands);
    return setting;
}

// The lab's figures carry no provenance of their own; a file made from them names the cache and
// model (figures/provenance.h), the filter and the bands like every other figure.
figures::Provenance labProvenance(const FigureInputs& inputs, const FilterSetting& setting, int bands)
{
    figures::Provenance p = figures::cacheProvenance(inputs.source()->cache());
    p["filter"] = setting.label();
    p["filter_json"] = toJson(setting);
    p["bands"] = std::to_string(bands);
    return p;
}

} // namespace

std::unique_ptr<widgets::FigureView> drawLabView(const FigureKind& kind, const FigureInputs& inputs,
                                                 const FigureRequest& request, const widgets::ExportOptions& options)
{
    const std::string name = kind.name;
    const gui::LoadedModel& model = inputs.model("figure " + name);
    if (!inputs.source()->hasCache()) {
        throw Error("figure " + name + " re-filters a cache's samples: pass --cache (with the resid tap) or --text");
    }
    const int layers = model.checkpoint->config.nLayers;
    const int bands = std::min(20, model.checkpoint->config.dim);
    const FilterSetting setting = settingOf(request, layers, bands);

    LabSource source;
    source.checkpoint = model.checkpoint;
    source.tokenizer = model.tokenizer;
    source.cachePath = inputs.source()->cachePath();
    source.bands = bands;
    Answer answer;
    RefilterService::Events events;
    events.ready = [&answer](std::shared_ptr<const LabReady> r) { answer.set([&] { answer.ready = std::move(r); }); };
    events.outcome = [&answer](OutcomePtr o) { answer.set([&] { answer.outcome = std::move(o); }); };
    events.sweepEnded = [&answer](SweepGridPtr g, SweepEnd end, const std::string&) {
        answer.set([&] {
            if (end == SweepEnd::Finished)
                answer.sweep = std::move(g);
            else
                answer.error = "the sweep was cancelled";
        });
    };
    events.generated = [&answer](GenerationPtr g) { answer.set([&] { answer.generation = std::move(g); }); };
    events.failed = [&answer](const std::string& what, const std::string& message) {
        answer.set([&] { answer.error = what + ": " + message; });
    };
    RefilterService service(source, events);
    answer.waitFor(name, [&] { return answer.ready != nullptr; });

    std::unique_ptr<widgets::FigureView> view;
    if (name == "filter") {
        service.request(setting);
        answer.waitFor(name, [&] { return answer.outcome != nullptr; });
        auto figure = nllSummaryFigure(*answer.outcome, answer.ready->sampleIds);
        figure.provenance = labProvenance(inputs, setting, bands);
        auto v = std::make_unique<widgets::FilterNllView>();
        v->setFigure(std::make_shared<const figures::NllSummaryFigure>(std::move(figure)));
        view = std::move(v);
    } else if (name == "sweep") {
        if (setting.kind == FilterKind::None || setting.kind == FilterKind::BandsU ||
            setting.kind == FilterKind::BandsE) {
            throw Error("figure sweep: a sweep needs a filter with a k (phi-u, phi-e, psi, omega-u, omega-e, random)");
        }
        service.sweep(SweepDefinition::full(setting.kind, setting.site, setting.positions, setting.swap, setting.seed,
                                            layers, bands));
        answer.waitFor(name, [&] { return answer.sweep != nullptr; });
        auto figure = sweepFigure(*answer.sweep);
        figure.provenance = labProvenance(inputs, setting, bands);
        figure.provenance["sweep"] = answer.sweep->definition.name();
        auto v = std::make_unique<widgets::SweepHeatmapView>();
        v->setFigure(std::make_shared<const figures::SweepFigure>(std::move(figure)));
        view = std::move(v);
    } else {
        if (request.prompt.empty()) throw Error("figure generation: pass --prompt TEXT");
        GenerationRequest ask;
        ask.text = request.prompt;
        ask.steps = request.steps;
        ask.setting = setting;
        service.generate(ask);
        answer.waitFor(name, [&] { return answer.generation != nullptr; });
        auto figure = generationFigure(*answer.generation, answer.ready->vocabulary);
        figure.provenance = labProvenance(inputs, setting, bands);
        figure.provenance["prompt"] = request.prompt;
        figure.provenance["steps"] = std::to_string(request.steps);
        auto v = std::make_unique<widgets::GenerationView>();
        v->setFigure(std::make_shared<const figures::GenerationFigure>(std::move(figure)));
        view = std::move(v);
    }
    showOffscreen(*view, options);
    waitUntilDrawn(*view);
    return view;
}

} // namespace spectro::figure
