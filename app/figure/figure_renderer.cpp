// `spectroscope-cli figure`: the offscreen renderer. A QApplication on the "offscreen" platform is
// made here, inside the verb, so the CLI keeps working without a display and builds without Qt
// (figure_renderer_none.cpp) lose nothing else.
#include "figure_inputs.h"
#include "figure_kinds.h"
#include "figure_request.h"
#include "figure_view.h"
#include "lab_render.h"
#include "offscreen_view.h"
#include "plot_style.h"
#include "util/error.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <cstdio>
#include <cstdlib>

namespace spectro::figure {

namespace {

// The offscreen platform's chatter ("XDG_RUNTIME_DIR not set", "does not support
// propagateSizeHints") is no concern of a command-line user and would break the CLI's rule of
// one line on stderr per error; only Qt's critical messages are passed on, as warnings.
void quietQtMessages(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    if (type == QtCriticalMsg || type == QtFatalMsg) std::fprintf(stderr, "warning: %s\n", qPrintable(message));
}

void ensureApplication()
{
    if (QCoreApplication::instance()) return;
    qInstallMessageHandler(quietQtMessages);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "spectroscope-cli";
    static char* argv[] = {name, nullptr};
    // Never destroyed: the process ends with the verb, and tearing a QApplication down after
    // main() returns races libtorch's and the platform plugin's own static destructors.
    new QApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("Spectroscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SPECTRO_VERSION));
}

widgets::ExportOptions exportOptions(const FigureRequest& r, const QString& title)
{
    widgets::ExportOptions o;
    o.widthCm = r.widthCm;
    o.heightCm = r.heightCm;
    o.dpi = r.dpi;
    o.fontPt = r.fontPt;
    o.title = title;
    return o;
}

void applyStyle(const FigureRequest& r)
{
    const QString palette = QString::fromStdString(r.palette);
    if (!widgets::isPaletteName(palette)) {
        throw Error("--palette " + r.palette + ": unknown palette (use one of: " +
                    widgets::paletteNames().join(QStringLiteral(", ")).toStdString() + ")");
    }
    widgets::PlotStyle style = r.presenter ? widgets::PlotStyle::presenterStyle(palette) : widgets::PlotStyle{};
    style.palette = palette;
    widgets::setPlotStyle(style);
}

const gui::ViewDescriptor& descriptorOf(const FigureKind& kind)
{
    const gui::ViewDescriptor* d = gui::findView(QString::fromLatin1(kind.viewId));
    if (!d) throw Error(std::string("figure kind ") + kind.name + ": the workbench has no view " + kind.viewId);
    return *d;
}

// One kind into one file.
void renderKind(const FigureKind& kind, const FigureInputs& inputs, const FigureRequest& r, const QString& path)
{
    const widgets::ExportOptions options = exportOptions(r, QString::fromLatin1(kind.name));
    std::unique_ptr<widgets::FigureView> view =
        *kind.viewId ? drawView(descriptorOf(kind), inputs, options) : drawLabView(kind, inputs, r, options);
    writeView(*view, path, options);
}

std::vector<std::string> renderAll(const FigureInputs& inputs, const FigureRequest& r)
{
    if (!inputs.hasSession()) throw Error("figure --all re-renders a session's views: pass --session");
    const QString suffix = QString::fromStdString(r.format).toLower();
    if (suffix != QLatin1String("pdf") && suffix != QLatin1String("svg") && suffix != QLatin1String("png")) {
        throw Error("--format " + r.format + ": use pdf, svg or png");
    }
    const QDir dir(QString::fromStdString(r.outDir));
    if (!QDir().mkpath(dir.absolutePath())) throw Error(r.outDir + ": could not create the folder");
    std::vector<std::string> ids = inputs.session().openViews;
    if (ids.empty()) {
        for (const gui::ViewDescriptor& d : gui::workbenchViews()) ids.push_back(d.id.toStdString());
    }
    std::vector<std::string> written, failures;
    for (const std::string& id : ids) {
        const FigureKind* kind = kindOfView(id);
        if (!kind) {
            std::fprintf(stderr, "figure: skipped the %s view (not a figure kind)\n", id.c_str());
            continue;
        }
        const widgets::ExportOptions options = exportOptions(r, QString::fromLatin1(kind->name));
        std::unique_ptr<widgets::FigureView> view;
        try {
            view = drawView(descriptorOf(*kind), inputs, options);
        } catch (const Error& e) {
            // A session may hold views this input cannot feed (no model, a tap the cache lacks):
            // the others are still made, and the command fails at the end.
            failures.push_back(e.what());
            continue;
        }
        for (const QString& ext : {suffix, QStringLiteral("csv")}) {
            const QString path = dir.filePath(QString::fromLatin1(kind->name) + QLatin1Char('.') + ext);
            writeView(*view, path, options);
            written.push_back(path.toStdString());
        }
    }
    if (!failures.empty()) {
        std::string message = "figure --all: " + std::to_string(failures.size()) + " of the session's views failed (";
        for (std::size_t i = 0; i < failures.size(); ++i) message += (i ? "; " : "") + failures[i];
        throw Error(message + ")");
    }
    return written;
}

} // namespace

bool haveFigureRenderer()
{
    return true;
}

std::vector<std::string> figurePalettes()
{
    std::vector<std::string> names;
    for (const QString& name : widgets::paletteNames()) names.push_back(name.toStdString());
    return names;
}

std::vector<std::string> renderFigures(const FigureRequest& request)
{
    ensureApplication();
    applyStyle(request);
    const FigureInputs inputs(request);
    if (request.all) return renderAll(inputs, request);
    if (request.kinds.size() != 1) throw Error("figure: name one KIND (or --all with --session)");
    const FigureKind* kind = findKind(request.kinds.front());
    if (!kind) throw Error("figure: unknown KIND '" + request.kinds.front() + "' (see spectroscope-cli figure --help)");
    if (request.outPath.empty()) throw Error("figure " + request.kinds.front() + ": pass --out FILE.pdf|svg|png|csv");
    renderKind(*kind, inputs, request, QString::fromStdString(request.outPath));
    return {request.outPath};
}

} // namespace spectro::figure
