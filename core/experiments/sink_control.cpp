#include "experiments/sink_control.h"

#include "util/error.h"

#include <cmath>

namespace spectro {
namespace {

const char* targetName(ControlTarget t)
{
    return t == ControlTarget::Bos ? "bos" : "massive";
}

const char* valueName(ControlValue v)
{
    switch (v) {
    case ControlValue::Zero: return "zero";
    case ControlValue::Mean: return "mean";
    case ControlValue::PositionMean: return "position-mean";
    }
    return "zero";
}

std::int64_t lengthOf(const ActivationView& view, std::int64_t b)
{
    return view.lengths ? (*view.lengths)[static_cast<std::size_t>(b)] : view.tokens;
}

// Positions and channels of the massive entries of one sample's stream ([T, d]) among `channels`.
template <class Fn>
void forEachMassive(const float* x, std::int64_t T, std::int64_t d, const std::map<int, float>& channels,
                    const MassiveOptions& detection, Fn&& fn)
{
    const double median = medianMagnitude(x, T * d);
    for (std::int64_t t = 0; t < T; ++t) {
        for (const auto& [c, mean] : channels) {
            if (detection.isMassive(std::fabs(x[t * d + c]), median)) fn(t, c, mean);
        }
    }
}

} // namespace

std::string ControlSpec::name() const
{
    return std::string(targetName(target)) + "-" + valueName(value);
}

std::vector<std::string> controlNames()
{
    std::vector<std::string> names;
    for (auto t : {ControlTarget::Bos, ControlTarget::Massive}) {
        for (auto v : {ControlValue::Zero, ControlValue::Mean, ControlValue::PositionMean})
            names.push_back(ControlSpec{t, v, {}}.name());
    }
    return names;
}

ControlSpec parseControl(const std::string& name)
{
    for (auto t : {ControlTarget::Bos, ControlTarget::Massive}) {
        for (auto v : {ControlValue::Zero, ControlValue::Mean, ControlValue::PositionMean}) {
            if (ControlSpec{t, v, {}}.name() == name) return ControlSpec{t, v, {}};
        }
    }
    std::string list;
    for (const auto& n : controlNames()) list += (list.empty() ? "" : ", ") + n;
    throw Error("--control: expected one of " + list + ", got '" + name + "'");
}

int SinkControl::baseEntries(int layer) const
{
    const auto it = entriesPerLayer.find(layer);
    return it == entriesPerLayer.end() ? 0 : it->second;
}

SinkControl makeSinkControl(const ControlSpec& spec, const std::vector<SampleTaps>& base,
                            const std::vector<int>& layers)
{
    if (base.empty()) throw Error("sink control: no unfiltered samples to take the means from");
    SinkControl control;
    control.spec = spec;
    const auto S = base.front().resid.shape.size() == 3 ? base.front().resid.shape[0] : 0;
    const auto d = S ? base.front().resid.shape[2] : 0;
    for (int l : layers) {
        if (l < 0 || l + 1 >= S)
            throw Error("sink control: layer " + std::to_string(l) + " has no stored exit stream (resid)");
        std::vector<double> bos(static_cast<std::size_t>(d), 0.0);
        std::map<int, double> sums;
        std::map<int, int> counts;
        int entries = 0;
        for (const auto& b : base) {
            const auto T = static_cast<std::int64_t>(b.tokens.size());
            if (b.resid.shape != std::vector<std::int64_t>{S, T, d})
                throw Error("sink control: a sample's resid is not [L+1, T, d]");
            const float* x = b.resid.slice(l + 1);
            for (std::int64_t c = 0; c < d; ++c)
                bos[static_cast<std::size_t>(c)] += x[c] / static_cast<double>(base.size());
            if (spec.target != ControlTarget::Massive) continue;
            for (const MassiveEntry& e : massiveEntries(x, T, static_cast<int>(d), spec.detection)) {
                sums[e.channel] += e.value;
                ++counts[e.channel];
                ++entries;
            }
        }
        control.bosMean[l].assign(bos.begin(), bos.end());
        auto& means = control.massiveMean[l];
        for (const auto& [c, sum] : sums) means[c] = static_cast<float>(sum / counts[c]);
        control.entriesPerLayer[l] = entries;
    }
    return control;
}

void applyControl(const SinkControl& control, int layer, ActivationView& view)
{
    const ControlSpec& spec = control.spec;
    const std::int64_t d = view.dim;
    for (std::int64_t b = 0; b < view.batch; ++b) {
        const std::int64_t T = lengthOf(view, b);
        if (T < 1) continue;
        float* x = view.at(b, 0);
        // The sample's mean over positions, per channel, before anything is replaced.
        std::vector<double> positionMean;
        if (spec.value == ControlValue::PositionMean) {
            positionMean.assign(static_cast<std::size_t>(d), 0.0);
            for (std::int64_t t = 0; t < T; ++t) {
                for (std::int64_t c = 0; c < d; ++c)
                    positionMean[static_cast<std::size_t>(c)] += x[t * d + c] / static_cast<double>(T);
            }
        }
        if (spec.target == ControlTarget::Bos) {
            const auto mean = control.bosMean.find(layer);
            if (spec.value == ControlValue::Mean &&
                (mean == control.bosMean.end() || static_cast<std::int64_t>(mean->second.size()) != d)) {
                throw Error("sink control: no BoS mean for layer " + std::to_string(layer));
            }
            for (std::int64_t c = 0; c < d; ++c) {
                x[c] = spec.value == ControlValue::Zero ? 0.0f
                       : spec.value == ControlValue::Mean
                           ? mean->second[static_cast<std::size_t>(c)]
                           : static_cast<float>(positionMean[static_cast<std::size_t>(c)]);
            }
            continue;
        }
        const auto channels = control.massiveMean.find(layer);
        if (channels == control.massiveMean.end())
            throw Error("sink control: no massive channels for layer " + std::to_string(layer));
        std::vector<std::pair<std::int64_t, float>> replacements; // decided on the unchanged stream
        forEachMassive(x, T, d, channels->second, spec.detection, [&](std::int64_t t, int c, float mean) {
            const float value = spec.value == ControlValue::Zero ? 0.0f
                                : spec.value == ControlValue::Mean
                                    ? mean
                                    : static_cast<float>(positionMean[static_cast<std::size_t>(c)]);
            replacements.emplace_back(t * d + c, value);
        });
        for (const auto& [at, value] : replacements) x[at] = value;
    }
}

} // namespace spectro
