#pragma once
// What every benchmark program needs: a clock, peak memory, and the token ids they (and the
// PyTorch peer, bench/peer/peer_forward.py) feed the model.
#include <chrono>
#include <cstdint>
#include <sys/resource.h>
#include <vector>

namespace spectro::bench {

using Clock = std::chrono::steady_clock;

inline double since(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Peak resident memory of this process; it counts the memory-mapped weights that were touched.
inline long long peakRssBytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<long long>(usage.ru_maxrss) * 1024;
}

// BoS, then a fixed stride through the vocabulary (the timing does not depend on the text);
// `offset` varies the ids between samples.
inline std::vector<int> benchTokenIds(int vocabSize, int tokens, int offset = 0)
{
    std::vector<int> ids(static_cast<std::size_t>(tokens));
    for (int i = 0; i < tokens; ++i) ids[static_cast<std::size_t>(i)] = i == 0 ? 1 : 1 + (i * 7919 + offset) % (vocabSize - 1);
    return ids;
}

}  // namespace spectro::bench
