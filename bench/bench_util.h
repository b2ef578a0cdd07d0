#pragma once
// What every benchmark program needs: a clock, peak memory, the token ids they (and the
// PyTorch peer, bench/peer/peer_forward.py) feed the model, and their command lines.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
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

// "--name value" options out of a fixed list, and at most one positional argument (the model).
// parse() is false for anything else, so that the program prints its usage line.
class Flags {
public:
    bool parse(int argc, char** argv, std::initializer_list<std::string_view> names, bool takesPositional)
    {
        for (int i = 1; i < argc; ++i) {
            const std::string_view a = argv[i];
            const bool known = std::find(names.begin(), names.end(), a) != names.end();
            if (known && i + 1 < argc) values_[std::string(a)] = argv[++i];
            else if (takesPositional && !a.empty() && a[0] != '-' && positional_.empty()) positional_ = a;
            else return false;
        }
        return true;
    }
    const std::string& positional() const { return positional_; }
    std::string text(const std::string& name, std::string fallback) const
    {
        const auto it = values_.find(name);
        return it == values_.end() ? fallback : it->second;
    }
    long long integer(const std::string& name, long long fallback) const
    {
        const auto it = values_.find(name);
        return it == values_.end() ? fallback : std::atoll(it->second.c_str());
    }

private:
    std::map<std::string, std::string> values_;
    std::string positional_;
};

}  // namespace spectro::bench
