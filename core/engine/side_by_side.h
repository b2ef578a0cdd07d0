#pragma once
// Forward passes side by side: a narrow model computes on one thread (adaptThreadsToModel), so a
// request of several samples leaves the other cores idle. This splits the samples into groups and
// runs one forward pass per group on its own thread. Re-filtering 8 samples of the demo model this
// way takes about half the time of one padded batch (docs/performance.md).
//
// The request's hook is then called from several threads at once, each time with one group's
// activations only: it must be safe for that, which rules out hooks that mix samples (the swap
// intervention); pass `passes` = 1 for those.
#include "engine/forward.h"
#include "util/progress.h"

namespace spectro {

class Transformer;

// The taps of request.samples, in order, as Transformer::forward returns them. `progress` sees the
// first group's pass (the groups are of about one size) and may cancel it; the other groups are
// finished and dropped before Cancelled is rethrown.
std::vector<SampleTaps> forwardSideBySide(const Transformer& model, const ForwardRequest& request, int passes,
                                          const ProgressFn& progress = {});

}  // namespace spectro
