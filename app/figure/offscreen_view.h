#pragma once
// One workbench view, made, fed and drawn offscreen exactly as in the app (the same descriptor of
// view_registry.h builds its figure, the same widget draws it, the same exporter writes it), for
// `spectroscope-cli figure`.
#include "figure_export.h"
#include "view_registry.h"

#include <QString>
#include <memory>

namespace spectro::widgets {
class FigureView;
}

namespace spectro::figure {

class FigureInputs;

// A view holding its figure: built synchronously on this thread, laid out at the export's size,
// waited for until its colour maps are binned. Throws Error naming the view when the figure
// cannot be built (no cache, no model, a tap the cache lacks).
std::unique_ptr<widgets::FigureView> drawView(const gui::ViewDescriptor& descriptor, const FigureInputs& inputs,
                                              const widgets::ExportOptions& options);

// Lays `view` out offscreen at about the figure's logical size and shows it (never on a screen),
// so its colour maps bin for as many pixels as the figure has.
void showOffscreen(widgets::FigureView& view, const widgets::ExportOptions& options);

// Waits (processing events) until `view` has drawn; Error after a minute.
void waitUntilDrawn(widgets::FigureView& view);

// Writes `view` to `path` (PDF, SVG, PNG by extension; CSV: its table). Error on failure.
void writeView(widgets::FigureView& view, const QString& path, const widgets::ExportOptions& options);

} // namespace spectro::figure
