#pragma once
// Read/write aptitude of parameter matrices for the bands of a spectrum (paper's Eq. 2; the
// paper gives no normalisation, ours is documented in docs/science.md):
//   writers (W_o restricted to one head, a column of W_2 for one MLP neuron), W: R^k -> R^d:
//       a_i = ||v_i^T W||
//   readers (W_q, W_k, W_v per head, a row of W_1 / W_3 per neuron), W: R^d -> R^k:
//       a_i = ||W v_i||
//   per band:  A_j = sqrt(sum_{i in band j} a_i^2) / ||W||_F,  so that sum_j A_j^2 = 1.
#include <string>
#include <vector>

#include "spectral/bands.h"
#include "spectral/spectrum.h"

namespace spectro {

struct Checkpoint;

enum class AptitudeUnit { Head, Neuron, Matrix };
AptitudeUnit parseAptitudeUnit(const std::string& name);  // "head", "neuron", "matrix"

struct Aptitude {
    std::string matrix;  // wq, wk, wv, wo, w1, w2, w3
    int layer = 0;
    bool writer = false;
    AptitudeUnit unit = AptitudeUnit::Head;
    int units = 0;
    int dim = 0;
    std::vector<double> perIndex;  // [units, dim]: a_i of each unit
    std::vector<double> norms;     // [units]: ||W_unit||_F
    // [units, bands]: A_j
    std::vector<double> perBand(const BandLayout& bands) const;
};

// Throws Error for an unknown matrix, a layer outside the model, or a unit the matrix has not
// (W_1/W_2/W_3 have neurons, the attention matrices heads; all have "matrix").
Aptitude computeAptitude(const Checkpoint& checkpoint, const Spectrum& spectrum, const std::string& matrix, int layer,
                         AptitudeUnit unit);

}  // namespace spectro
