#pragma once
// The one selection of a workbench session (gui.md: one Selection object, every view redraws from
// it). Hover previews a selection; a click locks it; Esc or the unlock control releases it.
// -1 means "none" (for head: the head average).
#include <string>

namespace spectro::workbench {

struct Selection {
    int sample = 0;
    int token = -1;
    int layer = 0;      // also the stream index where a view shows streams (documented per view)
    int head = -1;      // -1: head average
    int band = -1;      // 1-based, -1: none
    std::string matrix = "unembed"; // "unembed" (W_u) or "embed" (W_e)
    bool locked = false;

    bool operator==(const Selection&) const = default;
};

}  // namespace spectro::workbench
