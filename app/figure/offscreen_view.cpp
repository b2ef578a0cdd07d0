#include "offscreen_view.h"

#include "figure_inputs.h"
#include "figure_view.h"
#include "qcustomplot_include.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <cmath>

namespace spectro::figure {

namespace {

constexpr int kDrawTimeoutMs = 60000;

// The widget's size: the figure's logical size (what the exporter lays out at), so colour maps
// are binned for about as many pixels as the figure has; 900 x 560 without a size.
QSize viewSize(const widgets::ExportOptions& options)
{
    if (options.widthCm <= 0 || options.heightCm <= 0) return {900, 560};
    const double scale = options.fontPt > 0 ? options.fontPt / 9.0 : 1.0;
    const auto px = [scale](double cm) { return std::max(200, static_cast<int>(std::lround(cm / 2.54 * 96 / scale))); };
    return {px(options.widthCm), px(options.heightCm) + 60}; // + the controls row and the read-out
}

} // namespace

void showOffscreen(widgets::FigureView& view, const widgets::ExportOptions& options)
{
    // In a paper the selection chooses what is drawn (a layer, a head, a sample); its markers
    // (the locked band, the hovered token) are the workbench's, not the figure's.
    if (QCPLayer* markers = view.plotWidget()->layer(QStringLiteral("markers"))) markers->setVisible(false);
    view.setAttribute(Qt::WA_DontShowOnScreen);
    view.resize(viewSize(options));
    view.show();
}

void waitUntilDrawn(widgets::FigureView& view)
{
    QElapsedTimer clock;
    clock.start();
    QCoreApplication::processEvents();
    while (view.isDrawing()) {
        if (clock.elapsed() > kDrawTimeoutMs) {
            throw Error("the " + view.viewId().toStdString() + " view did not finish drawing within a minute");
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    QCoreApplication::processEvents();
}

std::unique_ptr<widgets::FigureView> drawView(const gui::ViewDescriptor& descriptor, const FigureInputs& inputs,
                                              const widgets::ExportOptions& options)
{
    const std::string id = descriptor.id.toStdString();
    const gui::WorkbenchSourcePtr& source = inputs.source();
    if (descriptor.needsCache && !source->hasCache()) {
        throw Error("the " + id + " view needs a cache: pass --cache, --model with --text, or a session with a cache");
    }
    if (descriptor.needsModel && !source->hasModel()) {
        throw Error("the " + id + " view needs the model's weights: pass --model (or a session that names one)");
    }
    if (!source->hasCache() && !source->hasModel()) {
        throw Error("the " + id + " view needs a cache or a model: pass --cache, --model or --session");
    }
    std::unique_ptr<widgets::FigureView> view(descriptor.create(nullptr));
    showOffscreen(*view, options);
    gui::ViewRequest request{source, inputs.selection(), inputs.settingsOf(descriptor.id)};
    view->applySettings(request.settings);
    view->setSelection(request.selection);
    // The registry's build, on this thread (the app runs it on the loader's pool); its errors are
    // the app's one-line messages, prefixed with the view.
    try {
        descriptor.build(request, QPointer<widgets::FigureView>(view.get()))();
    } catch (const std::exception& e) {
        throw Error("the " + id + " view: " + e.what());
    }
    if (!view->hasFigure())
        throw Error("the " + id + " view has no figure for this input: " + view->emptyText().toStdString());
    waitUntilDrawn(*view);
    return view;
}

void writeView(widgets::FigureView& view, const QString& path, const widgets::ExportOptions& options)
{
    QString error;
    if (!view.exportTo(path, options, &error)) throw Error(error.toStdString());
}

} // namespace spectro::figure
