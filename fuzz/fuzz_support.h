#pragma once
// What every fuzz target shares: an input is either accepted or refused with spectro::Error
// (one line naming the file). Anything else is a finding: a crash or sanitizer report, or any
// other exception (std::bad_alloc, nlohmann's type_error, ...), which escapes the target and
// aborts, so libFuzzer records it. Nothing here catches abort() or signals.
#include "util/error.h"
#include "util/log.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace spectro::fuzz {

inline std::string bytes(const std::uint8_t* data, std::size_t size)
{
    return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs `body`; a refusal must be one line that names `source`.
template <typename Body> void refusedOrAccepted(const std::string& source, Body body)
{
    static const bool quiet = [] {
        setWarningSink([](const std::string&) {}); // NaN warnings are expected, not findings
        return true;
    }();
    (void)quiet;
    try {
        body();
    } catch (const Error& e) {
        const std::string_view message = e.what();
        if (message.find(source) == std::string_view::npos || message.find('\n') != std::string_view::npos) {
            std::fprintf(stderr, "bad refusal message: %s\n", e.what());
            std::abort();
        }
    }
}

} // namespace spectro::fuzz
