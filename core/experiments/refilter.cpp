#include "experiments/refilter.h"

#include <algorithm>

#include "engine/runtime.h"
#include "engine/side_by_side.h"
#include "engine/transformer.h"
#include "util/error.h"

namespace spectro {
namespace {

std::vector<std::vector<int>> tokensOf(const std::vector<SampleTaps>& taps)
{
    std::vector<std::vector<int>> out;
    for (const auto& t : taps) out.push_back(t.tokens);
    return out;
}

// Copies slot `slot` ([T, d]) of every sample's `field` into one right-padded [B, T_max, d] batch.
std::vector<float> gatherSlot(const std::vector<SampleTaps>& base, Array SampleTaps::*field, int slot, std::int64_t tokens,
                              std::int64_t d)
{
    std::vector<float> out(static_cast<std::size_t>(static_cast<std::int64_t>(base.size()) * tokens * d), 0.0f);
    for (std::size_t b = 0; b < base.size(); ++b) {
        const Array& a = base[b].*field;
        const std::int64_t T = static_cast<std::int64_t>(base[b].tokens.size());
        std::copy_n(a.slice(slot), T * d, out.data() + static_cast<std::int64_t>(b) * tokens * d);
    }
    return out;
}

// resid[slot] of one sample as its own [T, d] array: a start stream for a forward request.
Array residAt(const SampleTaps& taps, int slot)
{
    const auto T = static_cast<std::int64_t>(taps.tokens.size());
    Array out({T, taps.resid.shape.at(2)});
    std::copy_n(taps.resid.slice(slot), out.numel(), out.data.begin());
    return out;
}

}  // namespace

Refilter::Refilter(const Transformer& model, std::vector<std::vector<int>> samples, const ProgressFn& progress)
    : model_(model)
{
    ForwardRequest request;
    request.samples = std::move(samples);
    request.taps = TapSet::parse("resid,mlp_out,nll");
    base_ = forwardSideBySide(model_, std::move(request), concurrentPasses(), progress);
    baseline_ = score(base_);
}

Refilter::Refilter(const Transformer& model, std::vector<SampleTaps> base) : model_(model), base_(std::move(base))
{
    const ModelConfig& c = model_.config();
    if (base_.empty()) throw Error("re-filter: no samples");
    for (const auto& b : base_) {
        const auto T = static_cast<std::int64_t>(b.tokens.size());
        if (b.resid.shape != std::vector<std::int64_t>{c.nLayers + 1, T, c.dim}) {
            throw Error("re-filter: the stored resid does not match the model (expected [L+1, T, d])");
        }
        if (!b.mlpOut.empty() && b.mlpOut.shape != std::vector<std::int64_t>{c.nLayers, T, c.dim}) {
            throw Error("re-filter: the stored mlp_out does not match the model");
        }
    }
    // The baseline NLL from the stored final stream: a pass that starts after the last layer.
    ForwardRequest request;
    request.samples = tokensOf(base_);
    request.taps = TapSet::parse("nll");
    request.startLayer = c.nLayers;
    for (const auto& b : base_) request.startResid.push_back(residAt(b, c.nLayers));
    baseline_ = score(forwardSideBySide(model_, std::move(request), concurrentPasses()));
}

int Refilter::passesFor(const Intervention& iv) const
{
    // A swap takes the removed part from the next sample of the same pass: keep one pass.
    return iv.swap ? 1 : concurrentPasses();
}

RefilterResult Refilter::score(const std::vector<SampleTaps>& outputs) const
{
    RefilterResult r;
    NllTotal total;
    for (const auto& o : outputs) {
        r.perToken.push_back(o.nll.values());
        total.add(r.perToken.back());
    }
    r.nll = total.mean();
    r.tokens = total.tokens;
    return r;
}

RefilterResult Refilter::run(const Intervention& iv, const ProgressFn& progress, FilteredStreams* streams) const
{
    const ModelConfig& c = model_.config();
    const int l0 = iv.firstLayer();
    if (l0 < 0 || *std::max_element(iv.layers.begin(), iv.layers.end()) >= c.nLayers) {
        throw Error("--layers: layer outside 0.." + std::to_string(c.nLayers - 1));
    }
    const bool mlpStored = !base_.front().mlpOut.empty();
    const bool restartAfter = iv.site == Site::Resid || (iv.site == Site::MlpOut && mlpStored);

    ForwardRequest request;
    request.samples = tokensOf(base_);
    request.taps = TapSet::parse(streams ? "resid,nll" : "nll");
    auto rest = std::make_shared<Intervention>(iv);
    std::int64_t tokens = 0;
    std::vector<int> lengths;
    for (const auto& b : base_) {
        tokens = std::max<std::int64_t>(tokens, static_cast<std::int64_t>(b.tokens.size()));
        lengths.push_back(static_cast<int>(b.tokens.size()));
    }
    const std::int64_t B = static_cast<std::int64_t>(base_.size()), d = c.dim;

    if (restartAfter) {
        // Filter layer l0 here, on the stored arrays; the hook handles any later layers.
        std::vector<float> stream = gatherSlot(base_, &SampleTaps::resid, l0 + 1, tokens, d);
        if (iv.site == Site::Resid) {
            ActivationView view{stream.data(), B, tokens, d, &lengths};
            applyIntervention(iv, l0, view);
        } else {
            std::vector<float> mlp = gatherSlot(base_, &SampleTaps::mlpOut, l0, tokens, d);
            std::vector<float> filtered = mlp;
            ActivationView view{filtered.data(), B, tokens, d, &lengths};
            applyIntervention(iv, l0, view);
            for (std::size_t i = 0; i < stream.size(); ++i) stream[i] += filtered[i] - mlp[i];
        }
        request.startLayer = l0 + 1;
        for (std::int64_t b = 0; b < B; ++b) {
            Array start({lengths[static_cast<std::size_t>(b)], d});
            std::copy_n(stream.data() + b * tokens * d, start.numel(), start.data.begin());
            request.startResid.push_back(std::move(start));
        }
        rest->layers.erase(std::remove(rest->layers.begin(), rest->layers.end(), l0), rest->layers.end());
    } else {
        request.startLayer = l0;
        if (l0 > 0) {
            for (const auto& b : base_) request.startResid.push_back(residAt(b, l0));
        }
    }
    if (!rest->layers.empty()) request.hook = makeHook(rest);
    const int first = request.startLayer;
    std::vector<SampleTaps> outputs = forwardSideBySide(model_, std::move(request), passesFor(iv), progress);
    if (streams) {
        streams->first = first;
        streams->resid.clear();
        for (auto& o : outputs) streams->resid.push_back(std::move(o.resid));
    }
    return score(outputs);
}

RefilterResult Refilter::runNaive(const Intervention& iv, const ProgressFn& progress) const
{
    ForwardRequest request;
    request.samples = tokensOf(base_);
    request.taps = TapSet::parse("nll");
    request.hook = makeHook(std::make_shared<Intervention>(iv));
    return score(forwardSideBySide(model_, std::move(request), passesFor(iv), progress));
}

}  // namespace spectro
