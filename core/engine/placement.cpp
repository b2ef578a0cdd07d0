#include "engine/placement.h"

#include "util/error.h"

#include <algorithm>
#include <cctype>

namespace spectro {
namespace {

bool isDeviceName(const std::string& s)
{
    if (s == "cpu" || s == "cuda") return true;
    if (s.rfind("cuda:", 0) != 0 || s.size() == 5 || s.size() > 8) return false;
    return std::all_of(s.begin() + 5, s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::vector<std::string> splitList(const std::string& spec)
{
    std::vector<std::string> items;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = std::min(spec.find(',', start), spec.size());
        items.push_back(spec.substr(start, end - start));
        if (end == spec.size()) break;
        start = end + 1;
    }
    return items;
}

}  // namespace

int Placement::stageOf(int layer) const
{
    int stage = 0;
    while (stage + 1 < static_cast<int>(firstLayer.size()) && layer >= firstLayer[static_cast<std::size_t>(stage + 1)])
        ++stage;
    return stage;
}

bool Placement::cpuOnly() const
{
    return std::all_of(stages.begin(), stages.end(), [](const std::string& s) { return s == "cpu"; });
}

std::string Placement::toString() const
{
    if (stages.size() == 1) return stages.front();
    std::string out;
    for (std::size_t s = 0; s < stages.size(); ++s) {
        const int end = s + 1 < firstLayer.size() ? firstLayer[s + 1] : layers;
        if (!out.empty()) out.push_back(',');
        out += stages[s] + "[" + std::to_string(firstLayer[s]) + "-" + std::to_string(end - 1) + "]";
    }
    return out;
}

Placement parsePlacement(const std::string& spec, int layers, int cudaDevices)
{
    if (layers < 1) throw Error("--device: the model has no layers to place");
    std::vector<std::string> stages;
    if (spec == "auto") {
        if (cudaDevices <= 0) stages = {"cpu"};
        for (int i = 0; i < std::min(cudaDevices, layers); ++i) stages.push_back("cuda:" + std::to_string(i));
    } else {
        stages = splitList(spec);
        for (const auto& s : stages) {
            if (!isDeviceName(s)) {
                throw Error("unknown device '" + s + "' in --device '" + spec +
                            "' (expected cpu, cuda, cuda:N, a comma list of them, or auto)");
            }
        }
    }
    const int n = static_cast<int>(stages.size());
    if (n > layers) {
        throw Error("--device '" + spec + "' names " + std::to_string(n) + " devices for a model of " +
                    std::to_string(layers) + " layers (at most one device per layer)");
    }
    Placement p;
    p.stages = std::move(stages);
    p.layers = layers;
    int next = 0;
    for (int s = 0; s < n; ++s) {
        p.firstLayer.push_back(next);
        next += layers / n + (s < layers % n ? 1 : 0);
    }
    return p;
}

}  // namespace spectro
