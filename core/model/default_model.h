#pragma once
// The model the app opens when the user names none: the demo model the project trains itself
// (docs/demo-model.md). Looked up in order: $SPECTRO_DEFAULT_MODEL, the installed copy
// <exe>/../share/spectroscope/models/demo, the source tree's resources/models/demo.
#include <string>
#include <vector>

namespace spectro {

// The first candidate that exists; throws Error listing where it looked when none does.
std::string defaultModelPath();
std::vector<std::string> defaultModelCandidates();

}  // namespace spectro
