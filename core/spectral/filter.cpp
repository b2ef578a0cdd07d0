#include "spectral/filter.h"

#include <cblas.h>
#include <lapacke.h>

#include <algorithm>
#include <random>
#include <set>
#include <sstream>

#include "util/error.h"
#include "util/index_list.h"

namespace spectro {
namespace {

const std::map<FilterKind, std::string>& filterNames()
{
    static const std::map<FilterKind, std::string> names = {
        {FilterKind::None, "none"},       {FilterKind::PhiU, "phi-u"},       {FilterKind::PhiE, "phi-e"},
        {FilterKind::Psi, "psi"},         {FilterKind::OmegaU, "omega-u"},   {FilterKind::OmegaE, "omega-e"},
        {FilterKind::Random, "random"},   {FilterKind::BandsU, "bands-u"},   {FilterKind::BandsE, "bands-e"}};
    return names;
}

// Rows `indices` of a row-major [*, dim] double matrix, as float32.
std::vector<float> gatherRows(const double* rows, int dim, const std::vector<int>& indices)
{
    std::vector<float> out(indices.size() * static_cast<std::size_t>(dim));
    for (std::size_t r = 0; r < indices.size(); ++r) {
        const double* src = rows + static_cast<std::size_t>(indices[r]) * static_cast<std::size_t>(dim);
        std::copy(src, src + dim, out.begin() + static_cast<std::ptrdiff_t>(r * static_cast<std::size_t>(dim)));
    }
    return out;
}

std::vector<int> indicesOfBands(const BandLayout& layout, const std::vector<int>& bands)
{
    std::vector<int> indices;
    for (int band : std::set<int>(bands.begin(), bands.end())) {
        for (int i = layout.begin(band); i < layout.end(band); ++i) indices.push_back(i);
    }
    return indices;
}

std::vector<int> complementOf(const std::vector<int>& indices, int dim)
{
    std::vector<char> in(static_cast<std::size_t>(dim), 0);
    for (int i : indices) in[static_cast<std::size_t>(i)] = 1;
    std::vector<int> rest;
    for (int i = 0; i < dim; ++i) {
        if (!in[static_cast<std::size_t>(i)]) rest.push_back(i);
    }
    return rest;
}

std::vector<int> bandRange(int first, int last)
{
    std::vector<int> bands;
    for (int j = first; j <= last; ++j) bands.push_back(j);
    return bands;
}

int rowsOf(const std::vector<float>& basis, int dim)
{
    return static_cast<int>(basis.size() / static_cast<std::size_t>(dim));
}

// C[n, m] = X[n, d] B^T for B [m, d].
void project(const float* x, int n, int d, const std::vector<float>& b, float* c)
{
    const int m = rowsOf(b, d);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, m, d, 1.0f, x, d, b.data(), d, 0.0f, c, m);
}

// Y[n, d] = alpha C[n, m] B + beta Y.
void expand(const float* c, int n, int d, const std::vector<float>& b, float alpha, float beta, float* y)
{
    const int m = rowsOf(b, d);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, d, m, alpha, c, m, b.data(), d, beta, y, d);
}

}  // namespace

std::string filterName(FilterKind kind)
{
    return filterNames().at(kind);
}

FilterKind parseFilterKind(const std::string& name)
{
    for (const auto& [kind, text] : filterNames()) {
        if (text == name) return kind;
    }
    throw Error("--filter: unknown filter '" + name + "' (phi-u, phi-e, psi, omega-u, omega-e, random, bands-u, bands-e, none)");
}

std::string FilterSpec::label() const
{
    std::ostringstream out;
    out << filterName(kind);
    if (kind == FilterKind::BandsU || kind == FilterKind::BandsE) {
        out << " bands=";
        for (std::size_t i = 0; i < bands.size(); ++i) out << (i ? "," : "") << bands[i];
    } else if (kind != FilterKind::None) {
        out << " k=" << k;
    }
    if (kind == FilterKind::Random) out << " seed=" << seed;
    return out.str();
}

Filter Filter::identity(int dim)
{
    Filter f;
    f.dim_ = dim;
    f.label_ = "none";
    return f;
}

Filter Filter::keep(int dim, std::vector<float> basis, std::string label)
{
    Filter f;
    f.form_ = Form::Keep;
    f.dim_ = dim;
    f.a_ = std::move(basis);
    f.label_ = std::move(label);
    return f;
}

Filter Filter::remove(int dim, std::vector<float> basis, std::string label)
{
    Filter f;
    f.form_ = basis.empty() ? Form::Identity : Form::Remove;
    f.dim_ = dim;
    f.a_ = std::move(basis);
    f.label_ = std::move(label);
    return f;
}

Filter Filter::psi(int dim, std::vector<float> uTail, std::vector<float> eTail, std::string label)
{
    Filter f;
    f.form_ = (uTail.empty() || eTail.empty()) ? Form::Identity : Form::Psi;
    f.dim_ = dim;
    f.a_ = std::move(uTail);
    f.b_ = std::move(eTail);
    f.label_ = std::move(label);
    return f;
}

void Filter::apply(float* x, std::int64_t n) const
{
    if (form_ == Form::Identity || n == 0) return;
    const int d = dim_;
    if (form_ == Form::Keep && a_.empty()) {
        std::fill(x, x + n * d, 0.0f);
        return;
    }
    // Row blocks bound the scratch memory (a few MiB) whatever the batch.
    const int block = static_cast<int>(std::clamp<std::int64_t>((std::int64_t{1} << 20) / d, 1, 1024));
    const int widest = std::max(rowsOf(a_, d), std::max(rowsOf(b_, d), d));
    std::vector<float> c(static_cast<std::size_t>(block) * static_cast<std::size_t>(widest));
    std::vector<float> y(form_ == Form::Psi ? static_cast<std::size_t>(block) * static_cast<std::size_t>(d) : 0);
    for (std::int64_t first = 0; first < n; first += block) {
        const int rows = static_cast<int>(std::min<std::int64_t>(block, n - first));
        float* xb = x + first * d;
        switch (form_) {
        case Form::Keep:
            project(xb, rows, d, a_, c.data());
            expand(c.data(), rows, d, a_, 1.0f, 0.0f, xb);
            break;
        case Form::Remove:
            project(xb, rows, d, a_, c.data());
            expand(c.data(), rows, d, a_, -1.0f, 1.0f, xb);
            break;
        case Form::Psi:
            project(xb, rows, d, a_, c.data());  // U tail coordinates
            expand(c.data(), rows, d, a_, 1.0f, 0.0f, y.data());
            project(y.data(), rows, d, b_, c.data());  // then W_e's tail projector
            expand(c.data(), rows, d, b_, -1.0f, 1.0f, xb);
            break;
        case Form::Identity:
            break;
        }
    }
}

std::vector<double> Filter::matrix() const
{
    const auto d = static_cast<std::size_t>(dim_);
    std::vector<float> columns(d * d, 0.0f);
    for (std::size_t i = 0; i < d; ++i) columns[i * d + i] = 1.0f;
    apply(columns.data(), dim_);  // row i now holds F e_i, the i-th column of F
    std::vector<double> f(d * d);
    for (std::size_t i = 0; i < d; ++i) {
        for (std::size_t j = 0; j < d; ++j) f[j * d + i] = columns[i * d + j];
    }
    return f;
}

std::vector<double> randomOrthogonal(int dim, std::uint64_t seed)
{
    const auto d = static_cast<std::size_t>(dim);
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> gauss;
    std::vector<double> g(d * d);
    for (auto& v : g) v = gauss(rng);
    std::vector<double> tau(d);
    if (LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, dim, dim, g.data(), dim, tau.data()) != 0 ||
        LAPACKE_dorgqr(LAPACK_ROW_MAJOR, dim, dim, dim, g.data(), dim, tau.data()) != 0) {
        throw Error("random filter: QR factorisation failed");
    }
    // Q's columns are orthonormal; return them as rows. Column i spans the same nested subspaces as
    // the first i Gaussian columns, so Random_k for growing k are nested too.
    std::vector<double> rows(d * d);
    for (std::size_t i = 0; i < d; ++i) {
        for (std::size_t j = 0; j < d; ++j) rows[i * d + j] = g[j * d + i];
    }
    return rows;
}

std::vector<int> parseBandList(const std::string& text, int count)
{
    return parseIndexList(text, 1, count, "--keep-bands");
}

FilterFactory::FilterFactory(std::shared_ptr<const Spectrum> unembed, std::shared_ptr<const Spectrum> embed,
                             BandLayout bands)
    : unembed_(std::move(unembed)), embed_(std::move(embed)), bands_(std::move(bands))
{
    for (const auto* s : {unembed_.get(), embed_.get()}) {
        if (s && s->dim != bands_.dim) throw Error("filters: spectrum and bands disagree on the dimension");
    }
}

const Spectrum& FilterFactory::spectrum(SpectralMatrix matrix) const
{
    const auto& s = matrix == SpectralMatrix::Unembed ? unembed_ : embed_;
    if (!s) throw Error("filters: the " + matrixName(matrix) + " spectrum is needed but was not computed");
    return *s;
}

const std::vector<double>& FilterFactory::randomBasis(std::uint64_t seed)
{
    auto it = random_.find(seed);
    if (it == random_.end()) it = random_.emplace(seed, randomOrthogonal(bands_.dim, seed)).first;
    return it->second;
}

Filter FilterFactory::projector(const Spectrum& s, const std::vector<int>& bands, const std::string& label) const
{
    const std::vector<int> kept = indicesOfBands(bands_, bands);
    const int d = bands_.dim;
    if (static_cast<int>(kept.size()) == d) return Filter::identity(d);
    // Whichever side is smaller is the cheaper basis to apply.
    if (static_cast<int>(kept.size()) * 2 <= d) return Filter::keep(d, gatherRows(s.vectors.data(), d, kept), label);
    return Filter::remove(d, gatherRows(s.vectors.data(), d, complementOf(kept, d)), label);
}

Filter FilterFactory::build(const FilterSpec& spec)
{
    const int n = bands_.count;
    const int d = bands_.dim;
    const bool usesK = spec.kind != FilterKind::None && spec.kind != FilterKind::BandsU && spec.kind != FilterKind::BandsE;
    if (usesK && (spec.k < 0 || spec.k > n)) {
        throw Error("--k: " + std::to_string(spec.k) + " is outside 0.." + std::to_string(n) + " bands");
    }
    const std::string label = spec.label();
    switch (spec.kind) {
    case FilterKind::None:
        return Filter::identity(d);
    case FilterKind::PhiU:
        return projector(spectrum(SpectralMatrix::Unembed), bandRange(1, spec.k), label);
    case FilterKind::PhiE:
        return projector(spectrum(SpectralMatrix::Embed), bandRange(1, spec.k), label);
    case FilterKind::OmegaU:
    case FilterKind::OmegaE: {
        auto bands = bandRange(1, spec.k);
        bands.push_back(n);
        const auto matrix = spec.kind == FilterKind::OmegaU ? SpectralMatrix::Unembed : SpectralMatrix::Embed;
        return projector(spectrum(matrix), bands, label);
    }
    case FilterKind::BandsU:
    case FilterKind::BandsE: {
        for (int b : spec.bands) {
            if (b < 1 || b > n) throw Error("--bands: band " + std::to_string(b) + " is outside 1.." + std::to_string(n));
        }
        const auto matrix = spec.kind == FilterKind::BandsU ? SpectralMatrix::Unembed : SpectralMatrix::Embed;
        return projector(spectrum(matrix), spec.bands, label);
    }
    case FilterKind::Psi: {
        if (spec.k == n) return Filter::identity(d);
        const auto tail = indicesOfBands(bands_, bandRange(spec.k + 1, n));
        return Filter::psi(d, gatherRows(spectrum(SpectralMatrix::Unembed).vectors.data(), d, tail),
                           gatherRows(spectrum(SpectralMatrix::Embed).vectors.data(), d, tail), label);
    }
    case FilterKind::Random: {
        const int m = bands_.edges[static_cast<std::size_t>(spec.k)];
        if (m == d) return Filter::identity(d);
        const auto& q = randomBasis(spec.seed);
        std::vector<int> kept(static_cast<std::size_t>(m));
        for (int i = 0; i < m; ++i) kept[static_cast<std::size_t>(i)] = i;
        if (m * 2 <= d) return Filter::keep(d, gatherRows(q.data(), d, kept), label);
        return Filter::remove(d, gatherRows(q.data(), d, complementOf(kept, d)), label);
    }
    }
    throw Error("filters: unhandled filter kind");
}

}  // namespace spectro
