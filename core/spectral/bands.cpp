#include "spectral/bands.h"

#include <cmath>
#include <string>

#include "util/error.h"

namespace spectro {

BandLayout makeBands(int dim, int count)
{
    if (count < 1 || count > dim) {
        throw Error("bands: " + std::to_string(count) + " bands do not fit a " + std::to_string(dim) +
                    "-dimensional space (need 1..d)");
    }
    BandLayout layout{dim, count, {}};
    layout.edges.reserve(static_cast<std::size_t>(count) + 1);
    for (int j = 0; j <= count; ++j) {
        layout.edges.push_back(static_cast<int>(std::llround(static_cast<double>(j) * dim / count)));
    }
    return layout;
}

int BandLayout::bandOf(int index) const
{
    for (int j = 1; j <= count; ++j) {
        if (index < end(j)) return j;
    }
    throw Error("bands: singular index " + std::to_string(index) + " outside 0.." + std::to_string(dim - 1));
}

}  // namespace spectro
