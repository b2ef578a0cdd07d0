#include "progress_line.h"

#include <atomic>
#include <cstdarg>
#include <cstdio>

namespace spectro::cli {
namespace {
std::atomic<bool> open{false};
}

void printProgress(const char* format, ...)
{
    std::fputc('\r', stderr);
    va_list args;
    va_start(args, format);
    std::vfprintf(stderr, format, args);
    va_end(args);
    std::fflush(stderr);
    open = true;
}

void endProgressLine()
{
    if (open.exchange(false)) std::fputc('\n', stderr);
}

} // namespace spectro::cli
