#include "engine/side_by_side.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <future>
#include <iterator>

#include "engine/transformer.h"

namespace spectro {

namespace {

// Splits [0, n) into `groups` contiguous ranges of about equal token counts.
std::vector<std::size_t> groupStarts(const std::vector<std::vector<int>>& samples, int groups)
{
    long long total = 0;
    for (const auto& s : samples) total += static_cast<long long>(s.size());
    std::vector<std::size_t> starts{0};
    long long seen = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto next = static_cast<long long>(starts.size());
        if (next < groups && i > starts.back() && seen * groups >= total * next) starts.push_back(i);
        seen += static_cast<long long>(samples[i].size());
    }
    starts.push_back(samples.size());
    return starts;
}

// Samples [begin, end) of `request` and their start streams, moved out of it.
ForwardRequest part(ForwardRequest& request, std::size_t begin, std::size_t end)
{
    const auto from = static_cast<std::ptrdiff_t>(begin), to = static_cast<std::ptrdiff_t>(end);
    ForwardRequest r;
    r.samples.assign(std::make_move_iterator(request.samples.begin() + from), std::make_move_iterator(request.samples.begin() + to));
    if (!request.startResid.empty()) {
        r.startResid.assign(std::make_move_iterator(request.startResid.begin() + from),
                            std::make_move_iterator(request.startResid.begin() + to));
    }
    r.taps = request.taps;
    r.hook = request.hook;
    r.startLayer = request.startLayer;
    r.logitsLastOnly = request.logitsLastOnly;
    return r;
}

}  // namespace

std::vector<SampleTaps> forwardSideBySide(const Transformer& model, ForwardRequest request, int passes,
                                          const ProgressFn& progress)
{
    passes = std::min<int>(passes, static_cast<int>(request.samples.size()));
    // A GPU runs one batch faster than several passes that take turns on it.
    if (!model.placement().cpuOnly()) passes = 1;
    if (passes <= 1 || request.startResid.size() != (request.startLayer > 0 ? request.samples.size() : 0)) {
        return model.forward(request, progress);  // (an inconsistent request gets forward's error)
    }
    const auto starts = groupStarts(request.samples, passes);
    std::vector<ForwardRequest> parts;
    for (std::size_t g = 0; g + 1 < starts.size(); ++g) parts.push_back(part(request, starts[g], starts[g + 1]));
    const int threads = at::get_num_threads();
    std::vector<std::future<std::vector<SampleTaps>>> others;
    for (std::size_t g = 1; g < parts.size(); ++g) {
        others.push_back(std::async(std::launch::async, [&model, &r = parts[g], threads] {
            at::set_num_threads(threads);  // OpenMP's thread count belongs to the calling thread
            return model.forward(r);
        }));
    }
    std::vector<SampleTaps> out;
    std::exception_ptr failure;
    try {
        out = model.forward(parts.front(), progress);
    } catch (...) {
        failure = std::current_exception();
    }
    for (auto& f : others) {
        try {
            auto taps = f.get();
            std::move(taps.begin(), taps.end(), std::back_inserter(out));
        } catch (...) {
            if (!failure) failure = std::current_exception();
        }
    }
    if (failure) std::rethrow_exception(failure);
    return out;
}

}  // namespace spectro
