#pragma once
// The paper splits the right singular vectors (descending singular values) into N bands of about
// d/N vectors each: band 1 holds the largest singular values, band N the "dark" tail. The paper
// does not say how to round when N does not divide d; we use
//     band j (1-based) = indices [round((j-1) d / N), round(j d / N)),
// rounding halves away from zero (docs/science.md).
#include <vector>

namespace spectro {

struct BandLayout {
    int dim = 0;
    int count = 0;
    std::vector<int> edges;  // [count + 1]: band j = [edges[j-1], edges[j])

    int begin(int band) const { return edges.at(static_cast<std::size_t>(band - 1)); }
    int end(int band) const { return edges.at(static_cast<std::size_t>(band)); }
    int size(int band) const { return end(band) - begin(band); }
    // The band (1-based) holding singular index i (0-based).
    int bandOf(int index) const;
};

// Throws Error unless 1 <= count <= dim.
BandLayout makeBands(int dim, int count);

}  // namespace spectro
