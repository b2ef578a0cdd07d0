#include "filterlab/sweep_store.h"

#include "store/cache_sweeps.h"
#include "util/error.h"

#include <limits>
#include <nlohmann/json.hpp>

namespace spectro::filterlab {
namespace {

SweepGrid parse(const StoredSweep& stored)
{
    const nlohmann::json j = nlohmann::json::parse(stored.definition, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Error("its definition is not a JSON object");
    SweepDefinition d;
    try {
        d.kind = parseFilterKind(j.at("filter").get<std::string>());
        d.site = parseSite(j.at("site").get<std::string>());
        d.positions = parsePositions(j.at("positions").get<std::string>());
        d.swap = j.at("swap").get<bool>();
        d.seed = j.at("seed").get<std::uint64_t>();
        d.layers = j.at("layers").get<std::vector<int>>();
        d.ks = j.at("ks").get<std::vector<int>>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("its definition is incomplete (") + e.what() + ")");
    }
    if (d.name() != stored.name) throw Error("its definition describes the sweep '" + d.name() + "'");
    SweepGrid g =
        SweepGrid::empty(std::move(d), j.value("samples", 0), j.value("tokens", 0LL), j.value("baseline", 0.0));
    if (stored.shape != std::vector<std::int64_t>{g.rows(), g.columns()}) {
        throw Error("its nll is not [layers, ks] = [" + std::to_string(g.rows()) + ", " + std::to_string(g.columns()) +
                    "]");
    }
    g.nll = stored.values;
    return g;
}

} // namespace

void storeSweep(const std::string& cachePath, const SweepGrid& g)
{
    const auto& d = g.definition;
    nlohmann::json j;
    j["filter"] = filterName(d.kind);
    j["site"] = siteName(d.site);
    j["positions"] = positionsName(d.positions);
    j["swap"] = d.swap;
    j["seed"] = d.seed;
    j["layers"] = d.layers;
    j["ks"] = d.ks;
    j["samples"] = g.samples;
    j["tokens"] = g.tokens;
    j["baseline"] = g.baseline; // nlohmann writes doubles so that they read back exactly
    writeSweep(cachePath, {d.name(), j.dump(), {g.rows(), g.columns()}, g.nll});
}

std::vector<SweepGrid> storedSweeps(const std::string& cachePath, int layers, std::vector<std::string>* problems)
{
    std::vector<SweepGrid> out;
    for (const StoredSweep& s : readSweeps(cachePath, problems)) {
        try {
            SweepGrid g = parse(s);
            // The band count is not stored with the cache; k is checked when the sweep is resumed.
            validate(g.definition, layers, std::numeric_limits<int>::max());
            out.push_back(std::move(g));
        } catch (const std::exception& e) {
            if (problems) problems->push_back(cachePath + ": sweep '" + s.name + "' skipped: " + e.what());
        }
    }
    return out;
}

} // namespace spectro::filterlab
