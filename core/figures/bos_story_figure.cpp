// Figure 6: the BoS story (experiments/bos_decomposition.h) of one sample, from position 0 of
// each stored stream only.
#include "experiments/bos_decomposition.h"
#include "figures/cache_slices.h"
#include "store/cache_reader.h"
#include "util/error.h"

namespace spectro::figures {
namespace {

// Position 0 of every slot of a [slots, T, d] tap: [slots, 1, d].
Array bosVectors(const CacheReader& cache, int sample, const std::string& tap, std::int64_t slots, std::int64_t d)
{
    return cache.readBlock(sample, tap, {0, 0, 0}, {slots, 1, d});
}

Array difference(const Array& a, const Array& b, std::int64_t firstOfA, std::int64_t firstOfB, std::int64_t slots,
                 std::int64_t d)
{
    Array out({slots, 1, d});
    for (std::int64_t i = 0; i < slots * d; ++i) {
        out.data[static_cast<std::size_t>(i)] =
            a.data[static_cast<std::size_t>(firstOfA * d + i)] - b.data[static_cast<std::size_t>(firstOfB * d + i)];
    }
    return out;
}

} // namespace

BosStoryFigure buildBosStoryFigure(const CacheReader& cache, int sample, const ModelInputs& model)
{
    detail::requireSample(cache, sample);
    detail::requireTap(cache, sample, "resid", "the BoS story");
    const std::int64_t L = cache.config().nLayers, d = cache.config().dim;
    SampleTaps taps;
    taps.resid = bosVectors(cache, sample, "resid", L + 1, d);
    if (cache.has(sample, "attn_out") && cache.has(sample, "mlp_out")) {
        detail::requireTap(cache, sample, "attn_out", "the BoS story");
        detail::requireTap(cache, sample, "mlp_out", "the BoS story");
        taps.attnOut = bosVectors(cache, sample, "attn_out", L, d);
        taps.mlpOut = bosVectors(cache, sample, "mlp_out", L, d);
    } else if (cache.has(sample, "resid_mid")) {
        detail::requireTap(cache, sample, "resid_mid", "the BoS story");
        // attn_out[l] = resid_mid[l] - resid[l] and mlp_out[l] = resid[l+1] - resid_mid[l]: the
        // residual adds, undone (exact up to float32 rounding).
        const Array mid = bosVectors(cache, sample, "resid_mid", L, d);
        taps.attnOut = difference(mid, taps.resid, 0, 0, L, d);
        taps.mlpOut = difference(taps.resid, mid, 1, 0, L, d);
    } else {
        throw Error(cache.path() + ": sample " + std::to_string(sample) +
                    " has neither the attn_out and mlp_out taps nor resid_mid, which the BoS story needs "
                    "(run with --taps resid,attn_out,mlp_out)");
    }
    const auto spectrum = detail::spectrumFor(cache, SpectralMatrix::Unembed, model, "the BoS story");
    const BandEnergy energy(*spectrum, cacheBands(cache));
    BosStoryFigure f;
    f.sample = sample;
    double largest = -1;
    for (const BosRow& r : bosDecomposition(taps, energy, 0)) {
        f.rows.push_back({r.stream, r.norm, r.udarkNorm, r.ulightNorm, r.udr, r.attnNorm, r.attnUdarkNorm, r.mlpNorm,
                          r.mlpUdarkNorm});
        if (r.stream > 0 && r.mlpUdarkNorm > largest) {
            largest = r.mlpUdarkNorm;
            f.blastOffLayer = r.stream - 1;
        }
    }
    f.provenance = detail::figureProvenance(
        cache, "bos_story", {{"sample", std::to_string(sample)}, {"bands", std::to_string(energy.bands().count)}});
    return f;
}

} // namespace spectro::figures
