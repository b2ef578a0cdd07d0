#include "filterlab/filter_setting.h"

#include "experiments/sink_control.h"
#include "util/error.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace spectro::filterlab {
namespace {

bool isBandProjector(FilterKind kind)
{
    switch (kind) {
    case FilterKind::PhiU:
    case FilterKind::PhiE:
    case FilterKind::OmegaU:
    case FilterKind::OmegaE:
    case FilterKind::BandsU:
    case FilterKind::BandsE: return true;
    default: return false;
    }
}

bool onUnembed(FilterKind kind)
{
    return kind == FilterKind::PhiU || kind == FilterKind::OmegaU || kind == FilterKind::BandsU;
}

// The bands the kind keeps before the mixer acts.
std::vector<bool> kindBands(const FilterSetting& s, int n)
{
    std::vector<bool> kept(static_cast<std::size_t>(n), false);
    auto keep = [&](int band) {
        if (band >= 1 && band <= n) kept[static_cast<std::size_t>(band - 1)] = true;
    };
    switch (s.kind) {
    case FilterKind::None: std::fill(kept.begin(), kept.end(), true); break;
    case FilterKind::PhiU:
    case FilterKind::PhiE:
    case FilterKind::Psi:
        for (int j = 1; j <= s.k; ++j) keep(j);
        break;
    case FilterKind::OmegaU:
    case FilterKind::OmegaE:
        for (int j = 1; j <= s.k; ++j) keep(j);
        keep(n);
        break;
    case FilterKind::BandsU:
    case FilterKind::BandsE:
        for (int b : s.bands) keep(b);
        break;
    case FilterKind::Random: break;
    }
    return kept;
}

void checkBandList(const std::vector<int>& list, int n, const std::string& field)
{
    for (int b : list) {
        if (b < 1 || b > n) {
            throw Error("filter setting: " + field + " band " + std::to_string(b) + " is outside 1.." +
                        std::to_string(n));
        }
    }
}

std::vector<int> sortedUnique(std::vector<int> v)
{
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

std::string listText(const std::vector<int>& v)
{
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(v[i]);
    }
    return out;
}

} // namespace

std::vector<FilterKind> FilterSetting::kinds()
{
    return {FilterKind::PhiU,   FilterKind::PhiE,   FilterKind::Psi,    FilterKind::OmegaU,
            FilterKind::OmegaE, FilterKind::Random, FilterKind::BandsU, FilterKind::BandsE};
}

FilterSetting FilterSetting::unfiltered()
{
    return FilterSetting{};
}

std::string FilterSetting::label() const
{
    if (isUnfiltered()) return "unfiltered";
    std::string out = isControl() ? control : FilterSpec(kind, k, bands, seed).label();
    if (!solo.empty()) out += " solo=" + listText(solo);
    if (!mute.empty()) out += " mute=" + listText(mute);
    out += " | " + siteName(site) + " | layer" + std::string(layers.size() > 1 ? "s " : " ") + listText(layers) +
           " | " + positionsName(positions);
    if (swap) out += " | swap";
    return out;
}

void validate(const FilterSetting& s, int layers, int bands)
{
    const bool usesK = s.kind != FilterKind::None && s.kind != FilterKind::BandsU && s.kind != FilterKind::BandsE;
    if (usesK && (s.k < 0 || s.k > bands)) {
        throw Error("filter setting: k = " + std::to_string(s.k) + " is outside 0.." + std::to_string(bands));
    }
    checkBandList(s.bands, bands, "bands:");
    checkBandList(s.solo, bands, "solo:");
    checkBandList(s.mute, bands, "mute:");
    if ((!s.solo.empty() || !s.mute.empty()) && !isBandProjector(s.kind)) {
        throw Error("filter setting: solo and mute apply to Phi, Omega and band sets, not to " + filterName(s.kind));
    }
    if (s.site != Site::Resid && s.site != Site::MlpOut && s.site != Site::AttnOut) {
        throw Error("filter setting: site must be resid, mlp or attn, not " + siteName(s.site));
    }
    if (s.isControl()) {
        const auto names = controlNames();
        if (std::find(names.begin(), names.end(), s.control) == names.end()) {
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
            throw Error("filter setting: control '" + s.control + "' is not one of " + list);
        }
        if (s.kind != FilterKind::None)
            throw Error("filter setting: control " + s.control + " replaces the filter; kind must be none");
        if (s.site != Site::Resid) throw Error("filter setting: control " + s.control + " acts on resid only");
        if (s.positions != Positions::All)
            throw Error("filter setting: control " + s.control + " names its positions; positions must be all");
        if (s.swap) throw Error("filter setting: control " + s.control + " cannot be combined with swap");
    }
    if (s.layers.empty()) throw Error("filter setting: no layer to filter");
    for (int l : s.layers) {
        if (l < 0 || l >= layers) {
            throw Error("filter setting: layer " + std::to_string(l) + " is outside 0.." + std::to_string(layers - 1));
        }
    }
}

std::vector<bool> keptBands(const FilterSetting& s, int n)
{
    std::vector<bool> kept = kindBands(s, n);
    if (!isBandProjector(s.kind)) return kept;
    if (!s.solo.empty()) {
        std::fill(kept.begin(), kept.end(), false);
        for (int b : s.solo) {
            if (b >= 1 && b <= n) kept[static_cast<std::size_t>(b - 1)] = true;
        }
        return kept;
    }
    for (int b : s.mute) {
        if (b >= 1 && b <= n) kept[static_cast<std::size_t>(b - 1)] = false;
    }
    return kept;
}

FilterSpec filterSpec(const FilterSetting& s, int n)
{
    FilterSpec spec(s.kind, s.k, s.bands, s.seed);
    if (!isBandProjector(s.kind)) return spec;
    const std::vector<bool> kept = keptBands(s, n);
    // An untouched mixer builds exactly the CLI's filter (Phi, Omega as such, not as band sets).
    if (kept == kindBands(s, n) && s.kind != FilterKind::BandsU && s.kind != FilterKind::BandsE) return spec;
    std::vector<int> list;
    for (int j = 1; j <= n; ++j) {
        if (kept[static_cast<std::size_t>(j - 1)]) list.push_back(j);
    }
    return FilterSpec(onUnembed(s.kind) ? FilterKind::BandsU : FilterKind::BandsE, 0, std::move(list), s.seed);
}

Intervention intervention(const FilterSetting& s, FilterFactory& filters, const std::vector<SampleTaps>* base)
{
    if (s.isControl()) {
        // As `sweep --control`: the control built from the unfiltered pass for these layers.
        if (!base || base->empty()) throw Error("filter setting: control " + s.control + " needs the unfiltered taps");
        auto control = std::make_shared<const SinkControl>(makeSinkControl(parseControl(s.control), *base, s.layers));
        return Intervention{nullptr, Site::Resid, s.layers, Positions::All, false, std::move(control)};
    }
    Intervention iv;
    iv.filter = std::make_shared<const Filter>(filters.build(filterSpec(s, filters.bands().count)));
    iv.site = s.site;
    iv.layers = s.layers;
    iv.positions = s.positions;
    iv.swap = s.swap;
    return iv;
}

bool needsUnembed(FilterKind kind)
{
    return onUnembed(kind) || kind == FilterKind::Psi;
}

bool needsEmbed(FilterKind kind)
{
    return kind == FilterKind::PhiE || kind == FilterKind::OmegaE || kind == FilterKind::BandsE ||
           kind == FilterKind::Psi;
}

std::string toJson(const FilterSetting& s)
{
    nlohmann::json j;
    j["kind"] = filterName(s.kind);
    j["k"] = s.k;
    j["bands"] = s.bands;
    j["solo"] = s.solo;
    j["mute"] = s.mute;
    j["seed"] = s.seed;
    j["site"] = siteName(s.site);
    j["layers"] = s.layers;
    j["positions"] = positionsName(s.positions);
    j["swap"] = s.swap;
    if (s.isControl()) j["control"] = s.control;
    return j.dump();
}

FilterSetting settingFromJson(const std::string& text)
{
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Error("filter setting: not a JSON object");
    FilterSetting s;
    std::string field;
    try {
        field = "kind";
        s.kind = parseFilterKind(j.at("kind").get<std::string>());
        field = "k";
        s.k = j.value("k", 0);
        field = "bands";
        s.bands = sortedUnique(j.value("bands", std::vector<int>{}));
        field = "solo";
        s.solo = sortedUnique(j.value("solo", std::vector<int>{}));
        field = "mute";
        s.mute = sortedUnique(j.value("mute", std::vector<int>{}));
        field = "seed";
        s.seed = j.value("seed", std::uint64_t{0});
        field = "site";
        s.site = parseSite(j.value("site", std::string("resid")));
        field = "layers";
        s.layers = sortedUnique(j.value("layers", std::vector<int>{0}));
        field = "positions";
        s.positions = parsePositions(j.value("positions", std::string("all")));
        field = "swap";
        s.swap = j.value("swap", false);
        field = "control";
        s.control = j.value("control", std::string());
    } catch (const std::exception& e) {
        throw Error("filter setting: field '" + field + "': " + e.what());
    }
    return s;
}

} // namespace spectro::filterlab
