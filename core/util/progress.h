#pragma once
// Long operations report progress through a callback that returns false to cancel
// (the PlotJuggler parser convention). `fraction` runs from 0 to 1.
#include <functional>
#include <string_view>

#include "util/error.h"

namespace spectro {

using ProgressFn = std::function<bool(double fraction, std::string_view stage)>;

// Calls `progress` if it is set and throws Cancelled when it asks to stop.
inline void reportProgress(const ProgressFn& progress, double fraction, std::string_view stage)
{
    if (progress && !progress(fraction, stage)) {
        throw Cancelled();
    }
}

}  // namespace spectro
