#pragma once
// `spectroscope-cli figure`: what to render, as plain values, so that the CLI's verb (Qt-free,
// app/cli/verbs_figure.cpp) can hand it to the renderer (Qt Widgets, this folder) without
// including Qt. Builds without the GUI (SPECTRO_BUILD_GUI=OFF) link figure_renderer_none.cpp,
// whose renderFigures throws an Error saying so.
#include <optional>
#include <string>
#include <vector>

namespace spectro::figure {

struct FigureRequest {
    std::vector<std::string> kinds; // figureKinds() names; empty with `all`
    bool all = false;               // every view the session has open
    std::string sessionPath, cachePath, modelPath, textPath;
    // Selection overrides (unset: the session's, else the view's default).
    std::optional<int> sample, token, layer, head, band;
    std::optional<std::string> matrix; // "unembed" or "embed"
    std::string settingsJson;          // merged over the session's view settings
    std::string outPath;               // one kind: FILE.pdf|svg|png|csv
    std::string outDir;                // all: one file per view and its CSV
    std::string format = "pdf";        // with outDir
    double widthCm = 0, heightCm = 0, fontPt = 0;
    int dpi = 300;
    std::string palette = "default";
    bool presenter = false;
    // The filter lab's kinds (filter, sweep, generation).
    std::string filterSetting; // FilterSetting text, e.g. "phi_u:k=..."; see --help
    std::string prompt;        // generation
    int steps = 24;            // generation
};

// Renders and writes what `request` asks for; returns the files written. Throws spectro::Error
// (one line naming the file, view or option) for bad input.
std::vector<std::string> renderFigures(const FigureRequest& request);
// Whether this build can render (false without the GUI libraries).
bool haveFigureRenderer();
// The palette names of the renderer's plot style (empty without one).
std::vector<std::string> figurePalettes();

} // namespace spectro::figure
