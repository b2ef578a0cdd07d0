#include "filterlab/sweep_store.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "store/cache_analysis.h"
#include "store/cache_reader.h"
#include "util/error.h"

namespace spectro::filterlab {
namespace {

const std::string kAttributePrefix = "sweep.";

std::string datasetPath(const std::string& name)
{
    return "sweeps/" + name + "/nll";
}

std::string describe(const SweepGrid& g)
{
    const auto& d = g.definition;
    return "NLL with the " + filterName(d.kind) + " filter at the exit of the row's layer (site " + siteName(d.site) +
           ", positions " + positionsName(d.positions) + (d.swap ? ", removed part swapped with the next sample" : "") +
           ") for each k (bands kept) of the columns; rows = layers, columns = k as listed in the /analysis attribute " +
           kAttributePrefix + d.name() + "; NaN = not computed";
}

SweepGrid parse(const std::string& json, const std::string& name)
{
    const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Error("attribute '" + kAttributePrefix + name + "' is not a JSON object");
    SweepDefinition d;
    d.kind = parseFilterKind(j.at("kind").get<std::string>());
    d.site = parseSite(j.at("site").get<std::string>());
    d.positions = parsePositions(j.at("positions").get<std::string>());
    d.swap = j.at("swap").get<bool>();
    d.seed = j.at("seed").get<std::uint64_t>();
    d.layers = j.at("layers").get<std::vector<int>>();
    d.ks = j.at("ks").get<std::vector<int>>();
    if (d.name() != name) throw Error("attribute '" + kAttributePrefix + name + "' describes the sweep '" + d.name() + "'");
    return SweepGrid::empty(std::move(d), j.at("samples").get<int>(), j.at("tokens").get<long long>(),
                            j.at("baseline").get<double>());
}

} // namespace

void storeSweep(const std::string& cachePath, const SweepGrid& g)
{
    const auto& d = g.definition;
    nlohmann::json j;
    j["kind"] = filterName(d.kind);
    j["site"] = siteName(d.site);
    j["positions"] = positionsName(d.positions);
    j["swap"] = d.swap;
    j["seed"] = d.seed;
    j["layers"] = d.layers;
    j["ks"] = d.ks;
    j["samples"] = g.samples;
    j["tokens"] = g.tokens;
    j["baseline"] = g.baseline;
    std::vector<float> values(g.nll.begin(), g.nll.end());
    writeAnalysis(cachePath,
                  {AnalysisDataset::floats(datasetPath(d.name()), {g.rows(), g.columns()}, std::move(values), describe(g))},
                  {{kAttributePrefix + d.name(), j.dump()}});
}

std::vector<SweepGrid> storedSweeps(const CacheReader& cache, std::vector<std::string>* problems)
{
    std::vector<SweepGrid> out;
    for (const auto& [attribute, json] : cache.analysisAttributes()) {
        if (attribute.rfind(kAttributePrefix, 0) != 0) continue;
        const std::string name = attribute.substr(kAttributePrefix.size());
        try {
            SweepGrid g = parse(json, name);
            // The band count is not stored with the cache; k is checked when the sweep is resumed.
            validate(g.definition, cache.config().nLayers, std::numeric_limits<int>::max());
            const Array cells = cache.readAnalysis(datasetPath(name));
            if (cells.shape != std::vector<std::int64_t>{g.rows(), g.columns()}) {
                throw Error("dataset /analysis/" + datasetPath(name) + " does not have the shape [layers, ks]");
            }
            for (std::size_t i = 0; i < g.nll.size(); ++i) g.nll[i] = cells.data[i];
            out.push_back(std::move(g));
        } catch (const std::exception& e) {
            if (problems) problems->push_back(cache.path() + ": sweep '" + name + "' skipped: " + e.what());
        }
    }
    return out;
}

} // namespace spectro::filterlab
