// The renderer of a build without the GUI libraries (SPECTRO_BUILD_GUI=OFF, e.g. the GPU
// machine): `figure` says so in one line instead of drawing with other code.
#include "figure_request.h"
#include "util/error.h"

namespace spectro::figure {

std::vector<std::string> renderFigures(const FigureRequest&)
{
    throw Error("this build of spectroscope-cli has no figure renderer (it was built without the GUI, "
                "SPECTRO_BUILD_GUI=OFF)");
}

bool haveFigureRenderer()
{
    return false;
}

std::vector<std::string> figurePalettes()
{
    return {};
}

} // namespace spectro::figure
