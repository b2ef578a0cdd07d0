#pragma once
// The model opened when none is named on the command line. A bundled demo model will plug in
// here; for now only the environment can name one.
#include <QString>

namespace spectro::gui {

// SPECTRO_DEFAULT_MODEL when set, else "" (the app then starts with its empty state).
QString defaultModelPath();

} // namespace spectro::gui
