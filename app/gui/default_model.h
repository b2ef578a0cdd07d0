#pragma once
// The model opened when none is named on the command line: the demo model the project trains
// itself (docs/demo-model.md), found the same way the CLI finds it (core model/default_model.h).
#include <QString>

namespace spectro::gui {

// $SPECTRO_DEFAULT_MODEL when set (even if it does not exist: loading it then reports why), else
// the installed or source-tree demo model, else "" (the app starts with its empty state).
QString defaultModelPath();

} // namespace spectro::gui
