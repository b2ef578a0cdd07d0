#pragma once
// The filter lab's kinds of `figure` (filter, sweep, generation): the lab's engine thread
// (filterlab/refilter_service.h) answers once, this thread waits for the answer and hands it to
// the lab's own view (filter_nll_view, sweep_heatmap_view, generation_view), as the lab does.
#include "figure_export.h"
#include "figure_kinds.h"
#include "figure_request.h"

#include <memory>

namespace spectro::widgets {
class FigureView;
}

namespace spectro::figure {

class FigureInputs;

// Throws Error naming the kind and what is missing (a model, a cache with the resid tap) or what
// the engine thread reported.
std::unique_ptr<widgets::FigureView> drawLabView(const FigureKind& kind, const FigureInputs& inputs,
                                                 const FigureRequest& request, const widgets::ExportOptions& options);

} // namespace spectro::figure
