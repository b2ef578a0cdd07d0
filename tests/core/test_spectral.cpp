// Spectra, bands, filters, band energies and aptitude against independent references:
// torch::linalg_svd for the SVD, dense float64 algebra for the filters, hand-built vectors.
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <random>
#include <torch/torch.h>

#include "model/checkpoint_loader.h"
#include "spectral/aptitude.h"
#include "spectral/band_energy.h"
#include "spectral/filter.h"
#include "spectral/spectrum.h"
#include "spectral/spectrum_store.h"
#include "test_support.h"

using namespace spectro;
using spectro::test::modelPath;

namespace {

std::vector<double> randomMatrix(std::int64_t rows, int cols, std::uint64_t seed, double decay = 0.0)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g;
    std::vector<double> m(static_cast<std::size_t>(rows * cols));
    // Column scales spread over several decades, like a real W_u with a dark tail.
    for (std::int64_t r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) m[static_cast<std::size_t>(r * cols + c)] = g(rng) * std::exp(-decay * c);
    }
    return m;
}

torch::Tensor asTensor(const std::vector<double>& v, std::int64_t rows, std::int64_t cols)
{
    return torch::from_blob(const_cast<double*>(v.data()), {rows, cols}, torch::kDouble).clone();
}

double maxAbs(const torch::Tensor& t) { return t.abs().max().item<double>(); }

std::shared_ptr<const Spectrum> spectrumOf(const std::vector<double>& m, std::int64_t rows, int cols, SpectralMatrix which)
{
    auto s = std::make_shared<Spectrum>(spectrumOfMatrix(m, rows, cols));
    s->matrix = which;
    return s;
}

// The dense projector onto rows `indices` of V, in float64.
torch::Tensor projector(const Spectrum& s, const std::vector<int>& indices)
{
    const auto v = asTensor(s.vectors, s.dim, s.dim);
    auto idx = torch::tensor(std::vector<std::int64_t>(indices.begin(), indices.end()), torch::kLong);
    const auto rows = v.index_select(0, idx);
    return rows.t().matmul(rows);
}

std::vector<int> bandIndices(const BandLayout& b, int first, int last)
{
    std::vector<int> out;
    for (int j = first; j <= last; ++j) {
        for (int i = b.begin(j); i < b.end(j); ++i) out.push_back(i);
    }
    return out;
}

torch::Tensor dense(const Filter& f) { return asTensor(f.matrix(), f.dim(), f.dim()); }

}  // namespace

class TestSpectral : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bandsFollowTheDocumentedRounding()
    {
        const BandLayout b = makeBands(4096, 20);
        QCOMPARE(b.edges.size(), std::size_t{21});
        QCOMPARE(b.begin(1), 0);
        QCOMPARE(b.end(1), 205);  // round(204.8)
        QCOMPARE(b.begin(20), 3891);  // round(3891.2)
        QCOMPARE(b.end(20), 4096);
        const BandLayout small = makeBands(64, 20);  // round(3.2)=3, round(6.4)=6, round(9.6)=10, ...
        QCOMPARE(small.end(1), 3);
        QCOMPARE(small.end(2), 6);
        QCOMPARE(small.end(3), 10);
        QCOMPARE(small.bandOf(63), 20);
        QCOMPARE(small.bandOf(0), 1);
        QVERIFY_THROWS_EXCEPTION(Error, makeBands(10, 11));
        QVERIFY_THROWS_EXCEPTION(Error, makeBands(10, 0));
        QCOMPARE(parseBandList("1-3,20,2", 20), (std::vector<int>{1, 2, 3, 20}));
        QVERIFY_THROWS_EXCEPTION(Error, parseBandList("0-3", 20));
        QVERIFY_THROWS_EXCEPTION(Error, parseBandList("x", 20));
    }

    void svdMatchesTorch()
    {
        const int d = 48;
        const std::int64_t V = 300;
        const auto m = randomMatrix(V, d, 7, 0.15);  // singular values over ~3 decades
        const Spectrum s = spectrumOfMatrix(m, V, d);
        const auto svd = torch::linalg_svd(asTensor(m, V, d), false);
        const auto sv = std::get<1>(svd), vh = std::get<2>(svd);
        QCOMPARE(s.rank, d);
        for (int i = 0; i < d; ++i) {
            const double ref = sv[i].item<double>();
            // Relative 1e-9 of the largest value: the float64 Gram route's accuracy bound.
            QVERIFY2(std::abs(s.singularValues[static_cast<std::size_t>(i)] - ref) <= 1e-9 * sv[0].item<double>(),
                     qPrintable(QString("singular value %1: %2 vs %3").arg(i).arg(s.singularValues[i]).arg(ref)));
            QVERIFY(i == 0 || s.singularValues[static_cast<std::size_t>(i)] <= s.singularValues[static_cast<std::size_t>(i - 1)]);
            // Same vector up to sign (the values are distinct, so the vectors are unique).
            const auto ours = torch::from_blob(const_cast<double*>(s.vector(i)), {d}, torch::kDouble);
            QVERIFY(std::abs(std::abs(ours.dot(vh[i]).item<double>()) - 1.0) < 1e-8);
        }
        // V is orthogonal.
        const auto v = asTensor(s.vectors, d, d);
        QVERIFY(maxAbs(v.matmul(v.t()) - torch::eye(d, torch::kDouble)) < 1e-12);
    }

    void realUnembeddingMatchesTorch()
    {
        SPECTRO_REQUIRE_SHARED();
        const Checkpoint c = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        const Spectrum s = computeSpectrum(c, SpectralMatrix::Unembed);
        const auto w = c.tensor("output").toFloat();
        const auto wt = torch::from_blob(const_cast<float*>(w.data()), {c.config.vocabSize, c.config.dim}, torch::kFloat).to(torch::kDouble);
        const auto sv = torch::linalg_svdvals(wt);
        for (int i = 0; i < c.config.dim; ++i) {
            QVERIFY(std::abs(s.singularValues[static_cast<std::size_t>(i)] - sv[i].item<double>()) <= 1e-9 * sv[0].item<double>());
        }
    }

    void nullSpaceCompletesTheBasis()
    {
        SPECTRO_REQUIRE_SHARED();
        // babyllama: vocabulary 105 < dim 128, so W_u has a 23-dimensional null space.
        const Checkpoint c = loadCheckpoint(modelPath("babyllama-tok105/model5000.bin"));
        QCOMPARE(c.config.vocabSize, 105);
        QCOMPARE(c.config.dim, 128);
        const Spectrum s = computeSpectrum(c, SpectralMatrix::Unembed);
        QCOMPARE(s.rank, 105);
        const auto v = asTensor(s.vectors, 128, 128);
        QVERIFY(maxAbs(v.matmul(v.t()) - torch::eye(128, torch::kDouble)) < 1e-12);
        const auto w = c.tensor("output").toFloat();
        const auto wt = torch::from_blob(const_cast<float*>(w.data()), {105, 128}, torch::kFloat).to(torch::kDouble);
        const double scale = s.singularValues[0];
        for (int i = 0; i < 128; ++i) {
            const double image = wt.matmul(v[i]).norm().item<double>();  // = singular value i
            if (i >= 105) {
                QCOMPARE(s.singularValues[static_cast<std::size_t>(i)], 0.0);
                QVERIFY2(image < 1e-6 * scale, qPrintable(QString("null vector %1 maps to %2").arg(i).arg(image)));
            } else {
                QVERIFY(std::abs(image - s.singularValues[static_cast<std::size_t>(i)]) < 1e-6 * scale);
                QVERIFY(s.singularValues[static_cast<std::size_t>(i)] > 1e-3 * scale);
            }
        }
        // Band 20 (the darkest) of the 128-dimensional space lies inside the null space.
        const BandLayout b = makeBands(128, 20);
        QVERIFY(b.begin(20) >= 105);
    }

    void foldingTheNormGainScalesColumns()
    {
        SPECTRO_REQUIRE_SHARED();
        const Checkpoint c = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        SpectrumOptions fold;
        fold.foldNorm = true;
        const Spectrum s = computeSpectrum(c, SpectralMatrix::Unembed, fold);
        QVERIFY(s.foldedNorm);
        const auto w = c.tensor("output").toFloat();
        const auto g = c.tensor("output_norm").toFloat();
        auto wt = torch::from_blob(const_cast<float*>(w.data()), {c.config.vocabSize, c.config.dim}, torch::kFloat).to(torch::kDouble);
        wt = wt * torch::from_blob(const_cast<float*>(g.data()), {c.config.dim}, torch::kFloat).to(torch::kDouble);
        const auto sv = torch::linalg_svdvals(wt);
        QVERIFY(std::abs(s.singularValues[5] - sv[5].item<double>()) < 1e-9 * sv[0].item<double>());
    }

    void projectorAlgebra()
    {
        const int d = 40, n = 7;
        auto u = spectrumOf(randomMatrix(90, d, 1, 0.1), 90, d, SpectralMatrix::Unembed);
        auto e = spectrumOf(randomMatrix(80, d, 2, 0.05), 80, d, SpectralMatrix::Embed);
        FilterFactory f(u, e, makeBands(d, n));
        const auto& b = f.bands();
        const auto I = torch::eye(d, torch::kDouble);
        const double tol = 1e-5;  // filters are applied in float32

        QVERIFY(maxAbs(dense(f.build({FilterKind::PhiU, n})) - I) < tol);
        QVERIFY(f.build({FilterKind::PhiU, n}).isIdentity());
        // The bands partition the space: their projectors are orthogonal and sum to I.
        auto sum = torch::zeros({d, d}, torch::kDouble);
        for (int j = 1; j <= n; ++j) {
            const auto pj = dense(f.build({FilterKind::BandsU, 0, {j}}));
            QVERIFY(maxAbs(pj.matmul(pj) - pj) < tol);   // idempotent
            QVERIFY(maxAbs(pj - pj.t()) < tol);          // orthogonal projector
            QVERIFY(maxAbs(pj - projector(*u, bandIndices(b, j, j))) < tol);
            for (int i = 1; i < j; ++i) QVERIFY(maxAbs(dense(f.build({FilterKind::BandsU, 0, {i}})).matmul(pj)) < tol);
            sum += pj;
        }
        QVERIFY(maxAbs(sum - I) < tol);
        for (int k = 0; k <= n; ++k) {
            // Phi_{1:k} both through the kept basis (small k) and the removed one (large k).
            const auto phi = dense(f.build({FilterKind::PhiU, k}));
            QVERIFY(maxAbs(phi - projector(*u, bandIndices(b, 1, k))) < tol);
            QVERIFY(maxAbs(phi.matmul(phi) - phi) < tol);
            const auto phiE = dense(f.build({FilterKind::PhiE, k}));
            QVERIFY(maxAbs(phiE - projector(*e, bandIndices(b, 1, k))) < tol);
            // Psi_k = I - Phi_{e,k+1:N} Phi_{u,k+1:N}, in that order.
            const auto psi = dense(f.build({FilterKind::Psi, k}));
            const auto psiRef = I - projector(*e, bandIndices(b, k + 1, n)).matmul(projector(*u, bandIndices(b, k + 1, n)));
            QVERIFY2(maxAbs(psi - psiRef) < tol, qPrintable(QString("psi k=%1").arg(k)));
            // Omega_k = Phi_{1:k} + Phi_{N:N}: it contains band N.
            const auto omega = dense(f.build({FilterKind::OmegaU, k}));
            auto omegaIdx = bandIndices(b, 1, std::min(k, n - 1));
            for (int i : bandIndices(b, n, n)) omegaIdx.push_back(i);
            QVERIFY(maxAbs(omega - projector(*u, omegaIdx)) < tol);
            for (int i : bandIndices(b, n, n)) {
                const auto vi = torch::from_blob(const_cast<double*>(u->vector(i)), {d}, torch::kDouble);
                QVERIFY(maxAbs(omega.matmul(vi) - vi) < tol);
            }
            // Random: an orthogonal projector of the same rank as Phi_{1:k}.
            const auto r = dense(f.build({FilterKind::Random, k, {}, 42}));
            QVERIFY(maxAbs(r.matmul(r) - r) < tol);
            QVERIFY(maxAbs(r - r.t()) < tol);
            QVERIFY(std::abs(r.trace().item<double>() - b.edges[static_cast<std::size_t>(k)]) < 1e-4);
        }
        // Psi is not symmetric in general (the product of two different projectors).
        QVERIFY(maxAbs(dense(f.build({FilterKind::Psi, 3})) - dense(f.build({FilterKind::Psi, 3})).t()) > 1e-3);
        // Seeds: the same seed gives the same subspace, another seed another one.
        QVERIFY(maxAbs(dense(f.build({FilterKind::Random, 3, {}, 1})) - dense(f.build({FilterKind::Random, 3, {}, 1}))) == 0);
        QVERIFY(maxAbs(dense(f.build({FilterKind::Random, 3, {}, 1})) - dense(f.build({FilterKind::Random, 3, {}, 2}))) > 1e-2);
        QVERIFY_THROWS_EXCEPTION(Error, f.build({FilterKind::PhiU, n + 1}));
        FilterFactory onlyU(u, nullptr, makeBands(d, n));
        QVERIFY_THROWS_EXCEPTION(Error, onlyU.build({FilterKind::Psi, 2}));
    }

    void filterAppliesToBatches()
    {
        const int d = 40;
        auto u = spectrumOf(randomMatrix(90, d, 3, 0.1), 90, d, SpectralMatrix::Unembed);
        FilterFactory f(u, nullptr, makeBands(d, 5));
        const Filter phi = f.build({FilterKind::PhiU, 2});
        const auto m = dense(phi);
        // 3000 rows: more than one internal block.
        auto x = torch::randn({3000, d}, torch::kFloat);
        std::vector<float> data(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
        phi.apply(data.data(), 3000);
        const auto got = torch::from_blob(data.data(), {3000, d}, torch::kFloat).to(torch::kDouble);
        QVERIFY(maxAbs(got - x.to(torch::kDouble).matmul(m.t())) < 1e-4);
    }

    void darkRatioOfHandBuiltVectors()
    {
        const int d = 40;
        auto u = spectrumOf(randomMatrix(90, d, 4, 0.1), 90, d, SpectralMatrix::Unembed);
        const BandLayout b = makeBands(d, 20);
        const BandEnergy energy(*u, b);
        // h = 3 v_dark + 4 v_light: udr = 3/4, band energies 9 and 16.
        const int dark = b.begin(20), light = b.begin(2);
        std::vector<float> h(static_cast<std::size_t>(d));
        for (int i = 0; i < d; ++i) h[static_cast<std::size_t>(i)] = static_cast<float>(3 * u->vector(dark)[i] + 4 * u->vector(light)[i]);
        const auto e = energy.energies(h.data(), 1);
        QVERIFY(std::abs(e[19] - 9) < 1e-4);
        QVERIFY(std::abs(e[1] - 16) < 1e-4);
        QVERIFY(std::abs(e[0]) < 1e-8);
        QVERIFY(std::abs(darkRatio(e.data(), 20) - 0.75) < 1e-5);
        // Purely dark: infinite ratio; zero vector: 0.
        for (int i = 0; i < d; ++i) h[static_cast<std::size_t>(i)] = static_cast<float>(u->vector(dark + 1)[i]);
        QVERIFY(darkRatio(energy.energies(h.data(), 1).data(), 20) > 1e3);  // float32 rounding leaves ~1e-7 light
        std::vector<double> onlyDark(20, 0.0);
        onlyDark[19] = 2.0;
        QVERIFY(std::isinf(darkRatio(onlyDark.data(), 20)));
        std::fill(h.begin(), h.end(), 0.0f);
        QCOMPARE(darkRatio(energy.energies(h.data(), 1).data(), 20), 0.0);
    }

    void aptitudeOfRealHeads()
    {
        SPECTRO_REQUIRE_SHARED();
        const Checkpoint c = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        const Spectrum s = computeSpectrum(c, SpectralMatrix::Unembed);
        const BandLayout b = makeBands(c.config.dim, 20);
        const int hd = c.config.dim / c.config.nHeads;
        const auto v = asTensor(s.vectors, s.dim, s.dim);
        for (const std::string m : {"wo", "wq", "wk", "w2", "w1"}) {
            const bool mlp = m[1] != 'o' && m[1] != 'q' && m[1] != 'k';
            const Aptitude a = computeAptitude(c, s, m, 2, mlp ? AptitudeUnit::Neuron : AptitudeUnit::Head);
            const RawTensor& t = c.tensor(layerTensorName(2, m.c_str()));
            const auto w = t.toFloat();
            const auto wt = torch::from_blob(const_cast<float*>(w.data()), {t.shape[0], t.shape[1]}, torch::kFloat).to(torch::kDouble);
            // Independent: writers W [d, k] -> v_i^T W_unit; readers W [k, d] -> W_unit v_i.
            const bool writer = m == "wo" || m == "w2";
            const int group = mlp ? 1 : hd;
            QCOMPARE(a.units, static_cast<int>((writer ? t.shape[1] : t.shape[0]) / group));
            for (int u : {0, a.units - 1}) {
                const auto unit = writer ? wt.narrow(1, u * group, group) : wt.narrow(0, u * group, group);
                const auto coords = writer ? v.matmul(unit) : unit.matmul(v.t()).t();  // [d, group]
                for (int i : {0, 17, s.dim - 1}) {
                    QVERIFY(std::abs(a.perIndex[static_cast<std::size_t>(u * s.dim + i)] - coords[i].norm().item<double>()) < 1e-4);
                }
                QVERIFY(std::abs(a.norms[static_cast<std::size_t>(u)] - unit.norm().item<double>()) < 1e-4);
                double total = 0;
                const auto perBand = a.perBand(b);
                for (int j = 0; j < 20; ++j) total += perBand[static_cast<std::size_t>(u * 20 + j)] * perBand[static_cast<std::size_t>(u * 20 + j)];
                QVERIFY(std::abs(total - 1) < 1e-5);  // sum_j A_j^2 = 1
            }
        }
        QCOMPARE(computeAptitude(c, s, "wk", 0, AptitudeUnit::Head).units, c.config.nKvHeads);
        QCOMPARE(computeAptitude(c, s, "wq", 0, AptitudeUnit::Matrix).units, 1);
        QVERIFY_THROWS_EXCEPTION(Error, computeAptitude(c, s, "wx", 0, AptitudeUnit::Head));
        QVERIFY_THROWS_EXCEPTION(Error, computeAptitude(c, s, "w2", 0, AptitudeUnit::Head));
        QVERIFY_THROWS_EXCEPTION(Error, computeAptitude(c, s, "wo", c.config.nLayers, AptitudeUnit::Head));
    }

    void spectrumFileRoundTripAndCorruption()
    {
        const int d = 12;
        auto s = spectrumOfMatrix(randomMatrix(30, d, 5), 30, d);
        QTemporaryDir dir;
        const std::string path = dir.filePath("s.bin").toStdString();
        saveSpectrum(path, s);
        const Spectrum back = loadSpectrum(path);
        QCOMPARE(back.singularValues, s.singularValues);
        QCOMPARE(back.vectors, s.vectors);
        auto bytes = spectro::test::readAll(path);
        spectro::test::writeAll(QString::fromStdString(path), bytes.left(bytes.size() - 8));
        QVERIFY_THROWS_EXCEPTION(Error, loadSpectrum(path));
        spectro::test::writeAll(QString::fromStdString(path), QByteArray("not a spectrum at all, really not"));
        QVERIFY_THROWS_EXCEPTION(Error, loadSpectrum(path));
    }
};

QTEST_GUILESS_MAIN(TestSpectral)
#include "test_spectral.moc"
