#include "spectral_options.h"

#include <algorithm>
#include <limits>

#include "model/checkpoint.h"
#include "sink_input.h"
#include "spectral/spectrum_store.h"
#include "util/error.h"
#include "util/index_list.h"
#include "util/log.h"

namespace spectro::cli {
namespace {

std::vector<int> intList(const std::string& text, int lo, int hi, const std::string& option)
{
    return parseIndexList(text, lo, hi, "option --" + option);
}

}  // namespace

std::vector<OptionSpec> spectrumOptions()
{
    return {{"bands", "N", "number of spectral bands (default 20)"},
            {"fold-norm", "", "fold the final RMSNorm gain into W_u before the SVD (default: raw W_u)"}};
}

std::vector<OptionSpec> filterOptions()
{
    return {{"filter", "KIND", "phi-u | phi-e | psi | omega-u | omega-e | random | bands-u | bands-e"},
            {"site", "SITE", "where the filter acts at the layer's exit: resid | mlp | attn (default resid)"},
            {"positions", "WHICH", "all | bos | non-bos (default all)"},
            {"swap", "", "replace the filtered-out part by sample i+1's instead of deleting it"},
            {"keep-bands", "LIST", "bands kept by bands-u / bands-e, e.g. 1-5,20"},
            {"filter-seed", "S", "seed of the random filter (default 0)"}};
}

std::vector<OptionSpec> controlOptions()
{
    return {{"control", "NAME", "a sink control instead of a filter: bos-zero | bos-mean | bos-position-mean | massive-zero | massive-mean | massive-position-mean"},
            {"massive-above", "X", "massive-*: entries with |h| > X (default 100) ..."},
            {"massive-ratio", "R", "... and > R x the stream's median |h| (default 1000)"}};
}

ControlSpec controlSpec(const Arguments& args)
{
    ControlSpec spec = parseControl(args.required("control"));
    spec.detection = massiveOptions(args, "massive-");
    return spec;
}

int bandCount(const Arguments& args, int dim)
{
    return static_cast<int>(args.integer("bands", std::min(20, dim), 1, dim));
}

FilterKind filterKind(const Arguments& args)
{
    return parseFilterKind(args.required("filter"));
}

Site filterSite(const Arguments& args)
{
    const std::string site = args.text("site", "resid");
    if (site != "resid" && site != "mlp" && site != "attn") {
        throw UsageError("option --site: expected resid, mlp or attn, got '" + site + "'");
    }
    return parseSite(site);
}

std::vector<int> layerList(const std::string& text, int count, const std::string& option)
{
    if (text == "all") {
        std::vector<int> all(static_cast<std::size_t>(count));
        for (int l = 0; l < count; ++l) all[static_cast<std::size_t>(l)] = l;
        return all;
    }
    return intList(text, 0, count - 1, option);
}

std::vector<int> kList(const std::string& text, int bands)
{
    if (text == "all") return intList("1-" + std::to_string(bands), 1, bands, "k");
    return intList(text, 0, bands, "k");
}

FilterFactory filterFactory(const Checkpoint& checkpoint, FilterKind kind, const Arguments& args)
{
    const int dim = checkpoint.config.dim;
    const BandLayout bands = makeBands(dim, bandCount(args, dim));
    const bool needsU = kind == FilterKind::PhiU || kind == FilterKind::OmegaU || kind == FilterKind::BandsU || kind == FilterKind::Psi;
    const bool needsE = kind == FilterKind::PhiE || kind == FilterKind::OmegaE || kind == FilterKind::BandsE || kind == FilterKind::Psi;
    SpectrumOptions options;
    options.foldNorm = args.has("fold-norm");
    std::shared_ptr<const Spectrum> u, e;
    if (needsU) u = loadOrComputeSpectrum(checkpoint, SpectralMatrix::Unembed, options);
    if (needsE) e = loadOrComputeSpectrum(checkpoint, SpectralMatrix::Embed, options);
    return FilterFactory(u, e, bands);
}

Hook generationFilter(const Checkpoint& checkpoint, const Arguments& args)
{
    const FilterKind kind = filterKind(args);
    FilterFactory factory = filterFactory(checkpoint, kind, args);
    const int n = factory.bands().count;
    FilterSpec spec{kind, static_cast<int>(args.integer("k", n - 1, 0, n)), {},
                    static_cast<std::uint64_t>(args.integer("filter-seed", 0, 0, std::numeric_limits<long long>::max()))};
    if (kind == FilterKind::BandsU || kind == FilterKind::BandsE) spec.bands = parseBandList(args.required("keep-bands"), n);
    if (args.has("swap")) throw UsageError("--swap needs several samples; it is a sweep option");
    auto iv = std::make_shared<Intervention>();
    iv->filter = std::make_shared<const Filter>(factory.build(spec));
    iv->site = filterSite(args);
    iv->layers = layerList(args.text("layer", "0"), checkpoint.config.nLayers, "layer");
    iv->positions = parsePositions(args.text("positions", "all"));
    return makeHook(iv);
}

Hook generationControl(const Arguments& args, const std::vector<SampleTaps>& base, int layers)
{
    if (args.has("filter")) throw UsageError("give either --filter or --control, not both");
    if (args.has("site") && args.text("site") != "resid") throw UsageError("option --site: a control acts on the residual stream (resid)");
    for (const char* option : {"k", "keep-bands", "positions"}) {
        if (args.has(option)) throw UsageError(std::string("option --") + option + " does not apply to --control (its target names the positions)");
    }
    const ControlSpec spec = controlSpec(args);
    const auto list = layerList(args.text("layer", "0"), layers, "layer");
    auto control = std::make_shared<const SinkControl>(makeSinkControl(spec, base, list));
    if (spec.target == ControlTarget::Massive) {
        for (int l : list) {
            if (control->baseEntries(l) == 0) warn("--control " + spec.name() + ": no massive activation at the exit of layer " + std::to_string(l) + " (lower --massive-above / --massive-ratio); it changes nothing there");
        }
    }
    return makeHook(std::make_shared<Intervention>(nullptr, Site::Resid, list, Positions::All, false, control));
}


}  // namespace spectro::cli
