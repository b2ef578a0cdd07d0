#pragma once
// The paper's spectral filters, as d x d linear maps on residual-space vectors (paper.md):
//   Phi_{u,S}  orthogonal projector onto the bands S of W_u (Phi_{u,1:k}: keep the top k bands);
//   Phi_{e,S}  likewise for W_e;
//   Psi_k    = I - Phi_{e,k+1:N} Phi_{u,k+1:N}: removes only what is dark for both matrices.
//              Applied right to left (first the W_u tail projector, then W_e's); not symmetric;
//   Omega_k    projector onto bands 1..k plus band N (the sink-preserving filter), u or e;
//   Random_k   projector onto a seeded random subspace of the dimension of Phi_{1:k}.
// A filter is stored in factored form (orthonormal basis rows), never as a dense d x d matrix:
// for d = 4096 that keeps both building and applying it cheap.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "spectral/bands.h"
#include "spectral/spectrum.h"

namespace spectro {

enum class FilterKind { None, PhiU, PhiE, Psi, OmegaU, OmegaE, Random, BandsU, BandsE };
std::string filterName(FilterKind kind);  // "none", "phi-u", "phi-e", "psi", "omega-u", "omega-e", "random", "bands-u", "bands-e"
FilterKind parseFilterKind(const std::string& name);

struct FilterSpec {
    FilterSpec() = default;
    FilterSpec(FilterKind kind_, int k_, std::vector<int> bands_ = {}, std::uint64_t seed_ = 0)
        : kind(kind_), k(k_), bands(std::move(bands_)), seed(seed_)
    {
    }
    FilterKind kind = FilterKind::None;
    int k = 0;               // bands kept (Phi, Psi, Omega: top k; Random: dimension of Phi_{1:k})
    std::vector<int> bands;  // BandsU / BandsE: the 1-based bands kept, any set
    std::uint64_t seed = 0;  // Random
    std::string label() const;  // e.g. "phi-u k=3"
};

class Filter {
public:
    static Filter identity(int dim);
    // x <- P x with P the projector onto the span of the orthonormal rows of `basis` ([m, dim]).
    static Filter keep(int dim, std::vector<float> basis, std::string label);
    // x <- x - P x.
    static Filter remove(int dim, std::vector<float> basis, std::string label);
    // x <- x - E^T E U^T U x (Psi): `uTail` and `eTail` are orthonormal row bases.
    static Filter psi(int dim, std::vector<float> uTail, std::vector<float> eTail, std::string label);

    int dim() const { return dim_; }
    bool isIdentity() const { return form_ == Form::Identity; }
    const std::string& label() const { return label_; }
    // Applies the filter to each of the n rows of X ([n, dim], row-major), in place.
    void apply(float* x, std::int64_t n) const;
    // The dense matrix F (row-major, F[i * dim + j]) such that filtered x = F x. For tests and display.
    std::vector<double> matrix() const;

private:
    enum class Form { Identity, Keep, Remove, Psi };
    Form form_ = Form::Identity;
    int dim_ = 0;
    std::vector<float> a_, b_;  // Keep/Remove: a_ = basis; Psi: a_ = U tail, b_ = E tail
    std::string label_;
};

// Builds filters from the spectra of W_u and W_e (either may be null when no filter needs it)
// and a band layout. Keeps the random orthogonal matrices it draws, so a sweep over k for one
// seed draws once.
class FilterFactory {
public:
    FilterFactory(std::shared_ptr<const Spectrum> unembed, std::shared_ptr<const Spectrum> embed, BandLayout bands);
    Filter build(const FilterSpec& spec);
    const BandLayout& bands() const { return bands_; }
    int dim() const { return bands_.dim; }

private:
    const Spectrum& spectrum(SpectralMatrix matrix) const;
    const std::vector<double>& randomBasis(std::uint64_t seed);
    Filter projector(const Spectrum& s, const std::vector<int>& bands, const std::string& label) const;

    std::shared_ptr<const Spectrum> unembed_, embed_;
    BandLayout bands_;
    std::map<std::uint64_t, std::vector<double>> random_;
};

// A seeded d x d orthogonal matrix (rows orthonormal): QR of a Gaussian matrix.
std::vector<double> randomOrthogonal(int dim, std::uint64_t seed);

// Parses a band list "1-3,20" into {1,2,3,20}; throws Error for bands outside 1..count or none.
std::vector<int> parseBandList(const std::string& text, int count);

}  // namespace spectro
