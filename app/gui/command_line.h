#pragma once
// The GUI's command line: an optional file (a model, a cache .h5 or a session .spectro), plus
// options for scripted runs.
#include <QString>

class QCoreApplication;

namespace spectro::gui {

struct CommandLine {
    QString path;       // model file or folder, cache (.h5) or session (.spectro)
    bool demo = false;  // --demo: the demo model, its corpus, every view
    QString prompt;     // --prompt: run it once the model has loaded
    int steps = 32;     // --steps
    QString language;   // --lang: UI language ("de"), else the system locale
    QString screenshot; // --screenshot (hidden): grab the window into this PNG and quit
};

// Parses the arguments; exits with a message on --help, --version or a bad value.
CommandLine parseCommandLine(const QCoreApplication& app);

} // namespace spectro::gui
