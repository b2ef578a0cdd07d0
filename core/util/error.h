#pragma once
// Errors raised by core code. The message is a single line that names the file, tensor or
// field at fault and what was expected, so that the CLI can print it as is and the GUI can
// show it in a message box.
#include <stdexcept>
#include <string>

namespace spectro {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Thrown when a progress callback asked to stop; callers treat it as "no result", not a failure.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

}  // namespace spectro
