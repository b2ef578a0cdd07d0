#include "engine/side_by_side.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <future>

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

ForwardRequest part(const ForwardRequest& request, std::size_t begin, std::size_t end)
{
    ForwardRequest r;
    r.samples.assign(request.samples.begin() + static_cast<std::ptrdiff_t>(begin), request.samples.begin() + static_cast<std::ptrdiff_t>(end));
    if (!request.startResid.empty()) {
        r.startResid.assign(request.startResid.begin() + static_cast<std::ptrdiff_t>(begin),
                            request.startResid.begin() + static_cast<std::ptrdiff_t>(end));
    }
    r.taps = request.taps;
    r.hook = request.hook;
    r.startLayer = request.startLayer;
    r.logitsLastOnly = request.logitsLastOnly;
    return r;
}

}  // namespace

std::vector<SampleTaps> forwardSideBySide(const Transformer& model, const ForwardRequest& request, int passes,
                                          const ProgressFn& progress)
{
    passes = std::min<int>(passes, static_cast<int>(request.samples.size()));
    if (passes <= 1 || request.startResid.size() != (request.startLayer > 0 ? request.samples.size() : 0)) {
        return model.forward(request, progress);  // (an inconsistent request gets forward's error)
    }
    const auto starts = groupStarts(request.samples, passes);
    const int threads = at::get_num_threads();
    std::vector<std::future<std::vector<SampleTaps>>> others;
    for (std::size_t g = 1; g + 1 < starts.size(); ++g) {
        others.push_back(std::async(std::launch::async, [&, g, threads] {
            at::set_num_threads(threads);  // OpenMP's thread count belongs to the calling thread
            return model.forward(part(request, starts[g], starts[g + 1]));
        }));
    }
    std::vector<SampleTaps> out;
    std::exception_ptr failure;
    try {
        out = model.forward(part(request, starts[0], starts[1]), progress);
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
