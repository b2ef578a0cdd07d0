#pragma once
// The kinds of `spectroscope-cli figure KIND` and the workbench view that draws each. Qt-free,
// so that the CLI's --help lists them in every build.
#include <string>
#include <vector>

namespace spectro::figure {

struct FigureKind {
    const char* name;    // the KIND argument
    const char* viewId;  // the view's viewId() (the session's key); "" for the filter lab's
    const char* summary; // one line for --help
};

const std::vector<FigureKind>& figureKinds();
// The kind of a view id, or nullptr.
const FigureKind* kindOfView(const std::string& viewId);
// The kind named `name`, or nullptr.
const FigureKind* findKind(const std::string& name);

} // namespace spectro::figure
