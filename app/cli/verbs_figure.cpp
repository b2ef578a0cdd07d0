// figure: a workbench view rendered offscreen into a publication file (app/figure). Qt-free here:
// the options become a FigureRequest for the renderer, which a build without the GUI replaces by
// one that says it has none.
#include "verbs_figure.h"

#include "figure_kinds.h"
#include "figure_request.h"

#include <cstdio>
#include <optional>

namespace spectro::cli {
namespace {

std::string summaryText()
{
    std::string s =
        "Render a workbench view offscreen (the app's own view and exporter) into a PDF, SVG or PNG figure,\n"
        "or its data as CSV, with the provenance in the file's metadata. KIND is one of:\n";
    for (const auto& k : figure::figureKinds()) {
        std::string name = std::string("  ") + k.name;
        name.resize(16, ' ');
        s += name + k.summary + "\n";
    }
    s += "--session S --all --out-dir D re-renders every view the session has open (KIND.FORMAT and KIND.csv).\n";
    s += "Publication sizes: one column --width-cm 8.5, two columns --width-cm 17.8; --font-pt is the printed size.\n";
    const auto palettes = figure::figurePalettes();
    s += "Palettes (--palette): ";
    if (palettes.empty()) s += "none (this build has no figure renderer)";
    for (std::size_t i = 0; i < palettes.size(); ++i) s += (i ? ", " : "") + palettes[i];
    return s;
}

std::optional<int> optionalInt(const Arguments& args, const std::string& name, int min)
{
    if (!args.has(name)) return std::nullopt;
    return static_cast<int>(args.integer(name, 0, min, 1 << 30));
}

int figureVerb(const Arguments& args)
{
    figure::FigureRequest r;
    r.kinds = args.positional;
    r.all = args.has("all");
    if (r.all && !r.kinds.empty()) throw UsageError("figure: either a KIND or --all, not both");
    if (!r.all && r.kinds.empty()) throw UsageError("figure: name a KIND (see --help) or pass --all with --session");
    r.sessionPath = args.text("session");
    r.cachePath = args.text("cache");
    r.modelPath = args.text("model");
    r.textPath = args.text("text");
    if (r.sessionPath.empty() && r.cachePath.empty() && r.modelPath.empty()) {
        throw UsageError("figure: pass --session S.spectro, --cache C.h5 or --model M");
    }
    r.sample = optionalInt(args, "sample", 0);
    r.token = optionalInt(args, "token", 0);
    r.layer = optionalInt(args, "layer", 0);
    r.head = optionalInt(args, "head", -1);
    r.band = optionalInt(args, "band", 1);
    if (args.has("matrix")) {
        r.matrix = args.text("matrix");
        if (*r.matrix != "unembed" && *r.matrix != "embed") throw UsageError("--matrix: use unembed or embed");
    }
    r.settingsJson = args.text("settings");
    r.filterSetting = args.text("filter");
    r.prompt = args.text("prompt");
    r.steps = static_cast<int>(args.integer("steps", 24, 1, 4096));
    r.outPath = args.text("out");
    r.outDir = args.text("out-dir");
    r.format = args.text("format", "pdf");
    if (r.all && r.outDir.empty()) throw UsageError("figure --all: pass --out-dir D");
    if (!r.all && r.outPath.empty()) throw UsageError("figure: pass --out FILE.pdf|svg|png|csv");
    r.widthCm = args.real("width-cm", 0);
    r.heightCm = args.real("height-cm", 0);
    if (r.widthCm < 0 || r.heightCm < 0) throw UsageError("--width-cm and --height-cm must be positive");
    if ((r.widthCm > 0) != (r.heightCm > 0)) {
        // One of the two: the other follows the golden ratio, a usual shape for a plot.
        if (r.heightCm <= 0)
            r.heightCm = r.widthCm / 1.618;
        else
            r.widthCm = r.heightCm * 1.618;
    }
    r.fontPt = args.real("font-pt", 0);
    r.dpi = static_cast<int>(args.integer("dpi", 300, 1, 2400));
    r.palette = args.text("palette", "default");
    r.presenter = args.has("presenter");
    for (const std::string& path : figure::renderFigures(r)) std::fprintf(stderr, "figure: wrote %s\n", path.c_str());
    return 0;
}

} // namespace

std::vector<Verb> figureVerbs()
{
    VerbSpec spec{"figure",
                  "KIND",
                  summaryText(),
                  {{"session", "S.spectro", "a saved session: its model, cache, selection and view settings"},
                   {"cache", "C.h5", "a tap cache (spectroscope-cli run)"},
                   {"model", "M", "the model (for aptitude, the filter lab's kinds, labels)"},
                   {"text", "F", "with --model: run this text into a cache first (into --cache if given)"},
                   {"all", "", "with --session: every view the session has open"},
                   {"out", "FILE", "the figure (.pdf, .svg, .png) or its data (.csv)"},
                   {"out-dir", "D", "with --all: the folder for KIND.FORMAT and KIND.csv"},
                   {"format", "pdf|svg|png", "with --all (default pdf)"},
                   {"sample", "I", "the sample (the cache's index)"},
                   {"token", "T", "the token (position in the sample)"},
                   {"layer", "L", "the layer (or stream, where a view shows streams)"},
                   {"head", "H", "the head (-1: average over heads)"},
                   {"band", "B", "the band (1-based)"},
                   {"matrix", "unembed|embed", "the spectrum: W_u (default) or W_e"},
                   {"settings", "JSON", "view settings over the session's, e.g. '{\"logY\":false}'"},
                   {"filter", "JSON", "filter lab setting, e.g. '{\"kind\":\"phi-u\",\"k\":19,\"layers\":[0,1]}'"},
                   {"prompt", "TEXT", "generation: the prompt"},
                   {"steps", "N", "generation: tokens to generate (default 24)"},
                   {"width-cm", "W", "width on paper (8.5: one column, 17.8: two columns)"},
                   {"height-cm", "H", "height on paper (default: width / 1.618)"},
                   {"font-pt", "P", "text size in points at print size"},
                   {"dpi", "D", "PNG resolution (default 300)"},
                   {"palette", "NAME", "colours: default, colorblind or grey (see above)"},
                   {"presenter", "", "larger text and thicker lines, as the app's presenter mode"}},
                  0,
                  1};
    return {{spec, figureVerb}};
}

} // namespace spectro::cli
