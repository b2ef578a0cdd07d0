#include "experiments/intervention.h"

#include <algorithm>

#include "experiments/sink_control.h"
#include "util/error.h"

namespace spectro {

std::string positionsName(Positions positions)
{
    switch (positions) {
    case Positions::All: return "all";
    case Positions::Bos: return "bos";
    case Positions::NonBos: return "non-bos";
    }
    return "all";
}

Positions parsePositions(const std::string& name)
{
    if (name == "all") return Positions::All;
    if (name == "bos") return Positions::Bos;
    if (name == "non-bos" || name == "nonbos") return Positions::NonBos;
    throw Error("--positions: expected all, bos or non-bos, got '" + name + "'");
}

bool Intervention::actsAt(Site s, int layer) const
{
    return s == site && std::find(layers.begin(), layers.end(), layer) != layers.end();
}

int Intervention::firstLayer() const
{
    if (layers.empty()) throw Error("intervention: no layer to filter");
    return *std::min_element(layers.begin(), layers.end());
}

void applyFilter(const Intervention& iv, ActivationView& view)
{
    if (!iv.filter) throw Error("intervention: no filter to apply");
    const Filter& f = *iv.filter;
    if (f.dim() != view.dim) throw Error("filter: dimension " + std::to_string(f.dim()) + " does not match the model's " + std::to_string(view.dim));
    if (f.isIdentity() && !iv.swap) return;
    const std::int64_t B = view.batch, T = view.tokens, d = view.dim;
    const std::int64_t first = iv.positions == Positions::NonBos ? 1 : 0;
    const std::int64_t last = iv.positions == Positions::Bos ? std::min<std::int64_t>(1, T) : T;
    if (first >= last) return;
    const std::int64_t span = last - first;

    if (!iv.swap) {
        if (iv.positions == Positions::All) {
            f.apply(view.data, B * T);  // padding rows too: harmless, they are never read
            return;
        }
        for (std::int64_t b = 0; b < B; ++b) f.apply(view.at(b, first), span);
        return;
    }
    if (view.lengths) {
        for (int len : *view.lengths) {
            if (len != (*view.lengths)[0]) throw Error("swap: the samples must all have one length (cut them to a common length)");
        }
    }
    // x_b <- F x_b + (I - F) x_{b+1}: compute every F x_b and (I - F) x_b before writing any.
    const std::int64_t n = span * d;
    std::vector<float> kept(static_cast<std::size_t>(B * n));
    for (std::int64_t b = 0; b < B; ++b) std::copy_n(view.at(b, first), n, kept.data() + b * n);
    f.apply(kept.data(), B * span);
    std::vector<float> removed(kept.size());
    for (std::int64_t b = 0; b < B; ++b) {
        const float* x = view.at(b, first);
        for (std::int64_t i = 0; i < n; ++i) removed[static_cast<std::size_t>(b * n + i)] = x[i] - kept[static_cast<std::size_t>(b * n + i)];
    }
    for (std::int64_t b = 0; b < B; ++b) {
        float* x = view.at(b, first);
        const float* k = kept.data() + b * n;
        const float* r = removed.data() + ((b + 1) % B) * n;
        for (std::int64_t i = 0; i < n; ++i) x[i] = k[i] + r[i];
    }
}

void applyIntervention(const Intervention& iv, int layer, ActivationView& view)
{
    if (iv.filter) applyFilter(iv, view);
    if (!iv.control) return;
    if (iv.site != Site::Resid) throw Error("sink control: acts on the residual stream only (site resid), not " + siteName(iv.site));
    if (iv.swap) throw Error("sink control: cannot be combined with swap");
    applyControl(*iv.control, layer, view);
}

Hook makeHook(std::shared_ptr<const Intervention> intervention)
{
    if (!intervention->filter && !intervention->control) throw Error("intervention: neither a filter nor a control");
    return [iv = std::move(intervention)](Site site, int layer, ActivationView& view) {
        if (iv->actsAt(site, layer)) applyIntervention(*iv, layer, view);
    };
}

}  // namespace spectro
