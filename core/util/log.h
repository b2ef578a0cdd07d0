#pragma once
// Warnings from core go through one sink so that the CLI prints them on stderr and the GUI
// shows them in its status bar. The default sink writes to stderr.
#include <functional>
#include <string>

namespace spectro {

using WarningSink = std::function<void(const std::string&)>;

void setWarningSink(WarningSink sink);
void warn(const std::string& message);

}  // namespace spectro
