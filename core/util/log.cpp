#include "util/log.h"

#include <cstdio>
#include <mutex>

namespace spectro {
namespace {
std::mutex sinkMutex;
WarningSink currentSink;
}  // namespace

void setWarningSink(WarningSink sink)
{
    std::lock_guard lock(sinkMutex);
    currentSink = std::move(sink);
}

void warn(const std::string& message)
{
    std::lock_guard lock(sinkMutex);
    if (currentSink) {
        currentSink(message);
    } else {
        std::fprintf(stderr, "warning: %s\n", message.c_str());
    }
}

}  // namespace spectro
