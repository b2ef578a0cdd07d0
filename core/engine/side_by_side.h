#pragma once
// Forward passes side by side: a narrow model computes on one thread (adaptThreadsToModel), so a
// request of several samples leaves the other cores idle. This splits the samples into groups and
// runs one forward pass per group on its own thread. One re-filtered point over 8 x 256 tokens of
// the demo model: 10 ms p50 this way on 2 cores, 19 ms in one pass (spectro-bench-refilter, with
// and without OMP_NUM_THREADS=1).
//
// The request's hook is then called from several threads at once, each time with one group's
// activations only: it must be safe for that, which rules out hooks that mix samples (the swap
// intervention); pass `passes` = 1 for those. A model with layers on a GPU always runs one pass.
#include "engine/forward.h"
#include "util/progress.h"

namespace spectro {

class Transformer;

// The taps of request.samples, in order, as Transformer::forward returns them. The request is
// taken by value: its samples and start streams are moved into the groups, not copied. `progress` sees the
// first group's pass (the groups are of about one size) and may cancel it; the other groups are
// finished and dropped before Cancelled is rethrown.
std::vector<SampleTaps> forwardSideBySide(const Transformer& model, ForwardRequest request, int passes,
                                          const ProgressFn& progress = {});

}  // namespace spectro
