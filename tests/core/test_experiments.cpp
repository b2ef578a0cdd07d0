// The paper's experiments: filters inside the forward pass, re-filtering from the stored stream,
// sweeps, the swap variant, attention received / HMLV and the BoS decomposition. The sweep is
// checked against an independent float64 re-implementation of the LLaMa forward pass and of the
// filters (torch ops and torch::linalg_svd), written here without the project's engine or filters.
#include <QTest>
#include <cmath>
#include <torch/torch.h>

#include "analysis/attention_received.h"
#include "engine/generate.h"
#include "engine/transformer.h"
#include "experiments/bos_decomposition.h"
#include "experiments/sweep.h"
#include "model/checkpoint_loader.h"
#include "test_support.h"

using namespace spectro;
using spectro::test::modelPath;
namespace F = torch::nn::functional;

namespace {

// --- An independent reference: LLaMa-2 in float64 with a projector at one layer's exit. ---
struct Reference {
    const Checkpoint& c;
    torch::Tensor w(const std::string& name) const
    {
        const RawTensor& t = c.tensor(name);
        auto v = t.toFloat();
        return torch::from_blob(v.data(), t.shape, torch::kFloat).to(torch::kDouble).clone();
    }
    torch::Tensor rms(const torch::Tensor& x, const torch::Tensor& g) const
    {
        return x * torch::rsqrt(x.pow(2).mean(-1, true) + c.config.normEps) * g;
    }
    // Interleaved RoPE (pairs 2i, 2i+1), as llama2.c: x [T, heads, hd].
    torch::Tensor rope(const torch::Tensor& x) const
    {
        const auto T = x.size(0), hd = x.size(2);
        auto out = x.clone();
        for (std::int64_t t = 0; t < T; ++t) {
            for (std::int64_t i = 0; i < hd / 2; ++i) {
                const double freq = std::pow(c.config.ropeTheta, -2.0 * i / hd);
                const double a = t * freq, co = std::cos(a), si = std::sin(a);
                const auto x0 = x.select(0, t).select(1, 2 * i), x1 = x.select(0, t).select(1, 2 * i + 1);
                out.select(0, t).select(1, 2 * i).copy_(x0 * co - x1 * si);
                out.select(0, t).select(1, 2 * i + 1).copy_(x0 * si + x1 * co);
            }
        }
        return out;
    }
    // Mean NLL over the samples with `filter` ([d, d], or undefined) applied at `site` of `layer`.
    std::pair<double, long long> nll(const std::vector<std::vector<int>>& samples, const torch::Tensor& filter,
                                     const std::string& site, int layer, bool swap) const
    {
        const auto& cfg = c.config;
        const std::int64_t hd = cfg.dim / cfg.nHeads, group = cfg.nHeads / cfg.nKvHeads;
        const auto T = static_cast<std::int64_t>(samples[0].size());
        std::vector<torch::Tensor> xs;
        const auto emb = w("token_embedding");
        for (const auto& s : samples) xs.push_back(emb.index_select(0, torch::tensor(std::vector<std::int64_t>(s.begin(), s.end()))));
        auto applyAll = [&](std::vector<torch::Tensor>& v) {
            // x' = F x (+ (I - F) x_partner with swap), every position.
            std::vector<torch::Tensor> kept, removed;
            for (auto& x : v) {
                kept.push_back(x.matmul(filter.t()));
                removed.push_back(x - kept.back());
            }
            for (std::size_t b = 0; b < v.size(); ++b) v[b] = kept[b] + (swap ? removed[(b + 1) % v.size()] : torch::zeros_like(kept[b]));
        };
        const auto mask = torch::ones({T, T}, torch::kBool).triu(1);
        for (int l = 0; l < cfg.nLayers; ++l) {
            const auto p = "layers." + std::to_string(l) + ".";
            std::vector<torch::Tensor> attn, mlp;
            for (auto& x : xs) {
                const auto h = rms(x, w(p + "attention_norm"));
                const auto q = rope(h.matmul(w(p + "wq").t()).view({T, cfg.nHeads, hd}));
                const auto k = rope(h.matmul(w(p + "wk").t()).view({T, cfg.nKvHeads, hd})).repeat_interleave(group, 1);
                const auto v = h.matmul(w(p + "wv").t()).view({T, cfg.nKvHeads, hd}).repeat_interleave(group, 1);
                auto scores = torch::einsum("qhd,khd->hqk", {q, k}) / std::sqrt(double(hd));
                scores = scores.masked_fill(mask, -INFINITY);
                const auto o = torch::einsum("hqk,khd->qhd", {scores.softmax(-1), v}).reshape({T, cfg.dim});
                attn.push_back(o.matmul(w(p + "wo").t()));
            }
            if (filter.defined() && site == "attn" && l == layer) applyAll(attn);
            for (std::size_t b = 0; b < xs.size(); ++b) {
                xs[b] = xs[b] + attn[b];
                const auto h = rms(xs[b], w(p + "ffn_norm"));
                mlp.push_back((F::silu(h.matmul(w(p + "w1").t())) * h.matmul(w(p + "w3").t())).matmul(w(p + "w2").t()));
            }
            if (filter.defined() && site == "mlp" && l == layer) applyAll(mlp);
            for (std::size_t b = 0; b < xs.size(); ++b) xs[b] = xs[b] + mlp[b];
            if (filter.defined() && site == "resid" && l == layer) applyAll(xs);
        }
        double sum = 0;
        long long count = 0;
        for (std::size_t b = 0; b < xs.size(); ++b) {
            const auto logits = rms(xs[b], w("output_norm")).matmul(w("output").t());
            const auto logp = logits.log_softmax(-1);
            for (std::int64_t t = 0; t + 1 < T; ++t) {
                sum -= logp[t][samples[b][static_cast<std::size_t>(t + 1)]].item<double>();
                ++count;
            }
        }
        return {sum / count, count};
    }
    // Projector onto rows [0, keep) (and optionally [darkFrom, d)) of Vh from torch's SVD of W.
    torch::Tensor projector(const std::string& tensor, int keep, int darkFrom = -1) const
    {
        const auto vh = std::get<2>(torch::linalg_svd(w(tensor), true));
        const auto d = vh.size(1);
        auto rows = vh.narrow(0, 0, keep);
        if (darkFrom >= 0) rows = torch::cat({rows, vh.narrow(0, darkFrom, d - darkFrom)});
        return rows.t().matmul(rows);
    }
};

std::vector<std::vector<int>> someSamples()
{
    // Three stories260K windows of one length (so that the swap variant applies).
    return {{1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426},
            {1, 385, 328, 432, 317, 284, 316, 261, 301, 415, 414, 428, 428, 309, 415, 395},
            {1, 395, 301, 314, 426, 301, 314, 286, 399, 344, 444, 429, 275, 266, 267, 262}};
}

}  // namespace

class TestExperiments : public QObject {
    Q_OBJECT
    std::shared_ptr<const Checkpoint> ckpt;
    std::unique_ptr<Transformer> model;
    std::shared_ptr<const Spectrum> unembed, embed;

private Q_SLOTS:
    void initTestCase()
    {
        SPECTRO_REQUIRE_SHARED();
        torch::set_num_threads(1);
        ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(modelPath("stories260K/stories260K.bin")));
        model = std::make_unique<Transformer>(ckpt);
        unembed = std::make_shared<const Spectrum>(computeSpectrum(*ckpt, SpectralMatrix::Unembed));
        embed = std::make_shared<const Spectrum>(computeSpectrum(*ckpt, SpectralMatrix::Embed));
    }

    void keepingEveryBandChangesNothing()
    {
        const Refilter refilter(*model, someSamples());
        FilterFactory filters(unembed, embed, makeBands(ckpt->config.dim, 20));
        for (FilterKind kind : {FilterKind::PhiU, FilterKind::PhiE, FilterKind::Psi, FilterKind::OmegaU, FilterKind::Random}) {
            auto f = std::make_shared<const Filter>(filters.build({kind, 20}));
            for (Site site : {Site::Resid, Site::MlpOut, Site::AttnOut}) {
                const auto r = refilter.run({f, site, {2}, Positions::All, false});
                QVERIFY2(std::abs(r.nll - refilter.baseline().nll) <= 1e-6, qPrintable(QString::fromStdString(f->label())));
            }
        }
        // A last-layer filter restarts after the final layer (only the norm and W_u remain).
        auto phi = std::make_shared<const Filter>(filters.build({FilterKind::PhiU, 20}));
        QVERIFY(std::abs(refilter.run({phi, Site::Resid, {4}, Positions::All, false}).nll - refilter.baseline().nll) <= 1e-6);
    }

    void refilteringEqualsAFullPass()
    {
        // Restarting from the stored stream must give what a full pass with the hook gives.
        const Refilter refilter(*model, someSamples());
        FilterFactory filters(unembed, embed, makeBands(ckpt->config.dim, 20));
        auto f = std::make_shared<const Filter>(filters.build({FilterKind::PhiU, 12}));
        for (Site site : {Site::Resid, Site::MlpOut, Site::AttnOut}) {
            for (Positions pos : {Positions::All, Positions::Bos, Positions::NonBos}) {
                for (bool swap : {false, true}) {
                    for (const std::vector<int>& layers : {std::vector<int>{0}, std::vector<int>{3}, std::vector<int>{1, 3}}) {
                        const Intervention iv{f, site, layers, pos, swap};
                        const double fast = refilter.run(iv).nll, naive = refilter.runNaive(iv).nll;
                        QVERIFY2(std::abs(fast - naive) < 1e-5,
                                 qPrintable(QString("%1 %2 %3: %4 vs %5").arg(QString::fromStdString(siteName(site)))
                                                .arg(QString::fromStdString(positionsName(pos))).arg(swap).arg(fast).arg(naive)));
                    }
                }
            }
        }
        // And the filter does something.
        QVERIFY(std::abs(refilter.run({f, Site::Resid, {1}, Positions::All, false}).nll - refilter.baseline().nll) > 1e-3);
    }

    void refilterFromStoredTaps()
    {
        const Refilter fresh(*model, someSamples());
        const Refilter stored(*model, fresh.base());
        QVERIFY(std::abs(fresh.baseline().nll - stored.baseline().nll) < 1e-6);
        FilterFactory filters(unembed, embed, makeBands(ckpt->config.dim, 20));
        auto f = std::make_shared<const Filter>(filters.build({FilterKind::OmegaU, 5}));
        const Intervention iv{f, Site::MlpOut, {2}, Positions::All, false};
        QVERIFY(std::abs(fresh.run(iv).nll - stored.run(iv).nll) < 1e-6);
        // Without mlp_out in the store, the mlp site restarts at the layer itself: same result.
        auto taps = fresh.base();
        for (auto& t : taps) t.mlpOut = Array();
        QVERIFY(std::abs(Refilter(*model, taps).run(iv).nll - fresh.run(iv).nll) < 1e-6);
    }

    void swapBetweenIdenticalSamplesChangesNothing()
    {
        const auto one = someSamples()[0];
        const Refilter refilter(*model, {one, one, one});
        FilterFactory filters(unembed, embed, makeBands(ckpt->config.dim, 20));
        auto f = std::make_shared<const Filter>(filters.build({FilterKind::PhiU, 3}));
        for (Site site : {Site::Resid, Site::MlpOut, Site::AttnOut}) {
            const auto swapped = refilter.run({f, site, {1}, Positions::All, true});
            QVERIFY(std::abs(swapped.nll - refilter.baseline().nll) < 1e-5);
            const auto deleted = refilter.run({f, site, {1}, Positions::All, false});
            QVERIFY(std::abs(deleted.nll - refilter.baseline().nll) > 1e-3);
        }
        // Samples of different lengths cannot be swapped.
        auto shorter = one;
        shorter.pop_back();
        const Refilter mixed(*model, {one, shorter});
        QVERIFY_THROWS_EXCEPTION(Error, mixed.run({f, Site::Resid, {1}, Positions::All, true}));
    }

    void sweepMatchesAnIndependentImplementation()
    {
        const auto samples = someSamples();
        const Reference ref{*ckpt};
        const Refilter refilter(*model, samples);
        FilterFactory filters(unembed, embed, makeBands(ckpt->config.dim, 20));
        const BandLayout b = filters.bands();
        const auto unfiltered = ref.nll(samples, {}, "", -1, false);
        QVERIFY(std::abs(refilter.baseline().nll - unfiltered.first) < 1e-4);
        QCOMPARE(refilter.baseline().tokens, unfiltered.second);

        struct Case {
            FilterKind kind;
            Site site;
            std::string refSite;
            bool swap;
        };
        for (const Case& cs : {Case{FilterKind::PhiU, Site::Resid, "resid", false}, Case{FilterKind::PhiU, Site::MlpOut, "mlp", false},
                               Case{FilterKind::OmegaU, Site::AttnOut, "attn", false}, Case{FilterKind::PhiU, Site::Resid, "resid", true},
                               Case{FilterKind::PhiE, Site::Resid, "resid", false}, Case{FilterKind::Psi, Site::Resid, "resid", false}}) {
            SweepSpec spec;
            spec.kind = cs.kind;
            spec.site = cs.site;
            spec.layers = {0, 2, 4};
            spec.ks = {1, 10, 19, 20};
            spec.swap = cs.swap;
            const auto rows = runSweep(refilter, filters, spec);
            QCOMPARE(rows.size(), std::size_t{1 + 3 * 4});
            QCOMPARE(rows[0].filter, std::string("none"));
            for (std::size_t i = 1; i < rows.size(); ++i) {
                const int k = rows[i].k, layer = std::stoi(rows[i].layers);
                torch::Tensor p;
                const int keep = b.edges[static_cast<std::size_t>(k)], dark = b.begin(20);
                const auto I = torch::eye(ckpt->config.dim, torch::kDouble);
                switch (cs.kind) {
                case FilterKind::PhiU: p = ref.projector("output", keep); break;
                case FilterKind::PhiE: p = ref.projector("token_embedding", keep); break;
                case FilterKind::OmegaU: p = k >= 19 ? I : ref.projector("output", keep, dark); break;
                case FilterKind::Psi:
                    p = I - (I - ref.projector("token_embedding", keep)).matmul(I - ref.projector("output", keep));
                    break;
                default: QFAIL("unexpected kind");
                }
                const auto expected = ref.nll(samples, p, cs.refSite, layer, cs.swap);
                QVERIFY2(std::abs(rows[i].nll - expected.first) < 1e-4,
                         qPrintable(QString("%1 layer %2 k %3: %4 vs reference %5").arg(QString::fromStdString(rows[i].filter))
                                        .arg(layer).arg(k).arg(rows[i].nll).arg(expected.first)));
                QCOMPARE(rows[i].tokens, expected.second);
            }
        }
    }

    void attentionReceivedAndHmlvOnAHandBuiltPattern()
    {
        // 6 layers, 2 heads, 10 tokens: every query puts 0.5 on BoS; in head 0 token 3 gets 0.3
        // from every later query (high mean, zero variance), in head 1 token 5 gets 0.3 from
        // alternate queries only (high mean, high variance); the rest is spread evenly.
        const int L = 6, H = 2, T = 10;
        Array a({L, H, T, T});
        for (int l = 0; l < L; ++l) {
            for (int h = 0; h < H; ++h) {
                for (int q = 0; q < T; ++q) {
                    float* row = a.data.data() + ((static_cast<std::size_t>(l) * H + h) * T + q) * T;
                    std::vector<double> p(static_cast<std::size_t>(T), 0.0);
                    p[0] = q == 0 ? 1.0 : 0.5;
                    double rest = q == 0 ? 0.0 : 0.5;
                    if (h == 0 && q > 3) p[3] = 0.3, rest -= 0.3;
                    if (h == 1 && q > 5 && q % 2 == 0) p[5] = 0.3, rest -= 0.3;
                    int free = 0;
                    for (int k = 1; k <= q; ++k) free += p[static_cast<std::size_t>(k)] == 0;
                    for (int k = 1; k <= q; ++k) {
                        if (p[static_cast<std::size_t>(k)] == 0) p[static_cast<std::size_t>(k)] = rest / free;
                    }
                    for (int k = 0; k < T; ++k) row[k] = static_cast<float>(p[static_cast<std::size_t>(k)]);
                }
            }
        }
        const ReceivedStats avg = attentionReceived(a, false);
        QCOMPARE(avg.groups, 1);
        // BoS: 0.5 from every later query in both heads: mean 0.5, variance 0.
        QVERIFY(std::abs(avg.mean[0] - 0.5) < 1e-6 && avg.variance[0] < 1e-9);
        QVERIFY(std::isnan(avg.mean[T - 1]));  // no later query
        const ReceivedStats perHead = attentionReceived(a, true);
        QCOMPARE(perHead.groups, 2);
        // Head 0, token 3: 0.3 from each of queries 4..9.
        QVERIFY(std::abs(perHead.mean[3] - 0.3) < 1e-6 && perHead.variance[3] < 1e-9);
        // Head 1, token 5: queries 6..9 give 0.3, r, 0.3, r -> mean and variance by hand.
        {
            std::vector<double> got;
            for (int q = 6; q < T; ++q) got.push_back(a.data[((static_cast<std::size_t>(0) * H + 1) * T + q) * T + 5]);
            double m = 0, v = 0;
            for (double g : got) m += g;
            m /= got.size();
            for (double g : got) v += (g - m) * (g - m);
            v /= got.size();
            QVERIFY(std::abs(perHead.mean[static_cast<std::size_t>(T + 5)] - m) < 1e-6);
            QVERIFY(std::abs(perHead.variance[static_cast<std::size_t>(T + 5)] - v) < 1e-6);
        }
        HmlvOptions o;
        o.varianceBelow = 0.001;
        const auto flags = hmlvFlags(perHead, o);
        auto flag = [&](int l, int h, int t) { return flags[(static_cast<std::size_t>(l) * 2 + h) * T + t]; };
        QCOMPARE(flag(4, 0, 3), std::uint8_t{1});  // high mean, low variance
        QCOMPARE(flag(3, 0, 3), std::uint8_t{0});  // layers 0-3 excluded
        QCOMPARE(flag(4, 0, 0), std::uint8_t{0});  // BoS excluded
        QCOMPARE(flag(4, 1, 5), std::uint8_t{0});  // high variance
        QCOMPARE(flag(5, 0, 7), std::uint8_t{0});  // the last 4 tokens are excluded
        o.excludeBos = false;
        QCOMPARE(hmlvFlags(perHead, o)[(static_cast<std::size_t>(4) * 2 + 0) * T + 0], std::uint8_t{1});
    }

    void bosDecompositionAddsUp()
    {
        ForwardRequest r;
        r.samples = {someSamples()[0]};
        r.taps = TapSet::parse("resid,attn_out,mlp_out");
        const auto taps = model->forward(r);
        const BandEnergy energy(*unembed, makeBands(ckpt->config.dim, 20));
        const auto rows = bosDecomposition(taps[0], energy);
        QCOMPARE(static_cast<int>(rows.size()), ckpt->config.nLayers + 1);
        const BandLayout bands = makeBands(ckpt->config.dim, 20);
        const int d = ckpt->config.dim;
        for (const auto& row : rows) {
            // The norm is the vector's own; the two parts come from the band energies, so they
            // add up only if the bands cover the space orthogonally.
            QVERIFY(std::abs(row.norm * row.norm - row.udarkNorm * row.udarkNorm - row.ulightNorm * row.ulightNorm) < 1e-3 * row.norm * row.norm);
            QVERIFY(std::abs(row.udr - row.udarkNorm / row.ulightNorm) < 1e-6 * (1 + row.udr));
            // U-dark part, independently: the projection onto band 20's singular vectors, in double.
            const float* x = taps[0].resid.slice(row.stream);  // position 0
            double dark = 0, squares = 0;
            for (int i = bands.begin(20); i < bands.end(20); ++i) {
                double c = 0;
                for (int j = 0; j < d; ++j) c += unembed->vector(i)[j] * x[j];
                dark += c * c;
            }
            for (int j = 0; j < d; ++j) squares += double(x[j]) * x[j];
            QVERIFY(std::abs(row.udarkNorm - std::sqrt(dark)) < 1e-5 * (1 + row.norm));
            QVERIFY(std::abs(row.norm - std::sqrt(squares)) < 1e-6 * (1 + row.norm));
        }
        // resid[1] at BoS = resid[0] + attn_out[0] + mlp_out[0]: norms obey the triangle inequality.
        QVERIFY(rows[1].norm <= rows[0].norm + rows[1].attnNorm + rows[1].mlpNorm + 1e-4);
        QCOMPARE(rows[0].attnNorm, 0.0);
        const std::string csv = bosCsv(rows);
        QVERIFY(csv.rfind("stream,layer,norm,udark_norm", 0) == 0);
    }

    void filteredGenerationAppliesAtEveryStep()
    {
        FilterFactory filters(unembed, embed, makeBands(ckpt->config.dim, 20));
        GenerateOptions plain;
        plain.steps = 20;
        const auto free = generate(*model, {1}, plain);
        GenerateOptions filtered = plain;
        auto iv = std::make_shared<Intervention>(Intervention{std::make_shared<const Filter>(filters.build({FilterKind::PhiU, 10})),
                                                              Site::Resid, {1}, Positions::All, false});
        filtered.hook = makeHook(iv);
        const auto changed = generate(*model, {1}, filtered);
        QCOMPARE(changed.tokens.size(), std::size_t{20});
        QVERIFY(changed.tokens != free.tokens);
        // k = N: the identity; the same text.
        iv->filter = std::make_shared<const Filter>(filters.build({FilterKind::PhiU, 20}));
        QCOMPARE(generate(*model, {1}, filtered).tokens, free.tokens);
    }
};

QTEST_GUILESS_MAIN(TestExperiments)
#include "test_experiments.moc"
