// spectroscope-cli: every analysis of the app, scriptable. Bad input exits with code 1 and one
// line on stderr ("error: ..." or "usage error: ...").
#include <cstdio>
#include <iostream>

#include "engine/runtime.h"
#include "util/error.h"
#include "util/log.h"
#include "progress_line.h"
#include "verbs.h"
#include "verbs_figure.h"

using namespace spectro;
using namespace spectro::cli;

namespace {

void printOverview(const std::vector<Verb>& verbs)
{
    std::cout << "usage: spectroscope-cli VERB [options] ARGS\n\n"
                 "Logit spectroscopy of LLaMa-architecture models. Verbs:\n";
    for (const auto& v : verbs) {
        std::string name = "  " + v.spec.name;
        name.resize(18, ' ');
        std::cout << name << v.spec.summary.substr(0, v.spec.summary.find('\n')) << "\n";
    }
    std::cout << "\n'spectroscope-cli VERB --help' describes a verb.\n";
}

}  // namespace

int main(int argc, char** argv)
{
    std::vector<Verb> verbs = modelVerbs();
    for (auto& v : runVerbs()) verbs.push_back(std::move(v));
    for (auto& v : spectralVerbs()) verbs.push_back(std::move(v));
    for (auto& v : experimentVerbs()) verbs.push_back(std::move(v));
    for (auto& v : analyzeVerbs()) verbs.push_back(std::move(v));
    for (auto& v : sinkVerbs()) verbs.push_back(std::move(v));
    for (auto& v : trainVerbs()) verbs.push_back(std::move(v));
    for (auto& v : figureVerbs()) verbs.push_back(std::move(v));
    setWarningSink([](const std::string& message) {
        endProgressLine();
        std::fprintf(stderr, "warning: %s\n", message.c_str());
    });

    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help") {
        printOverview(verbs);
        return argc < 2 ? 1 : 0;
    }
    if (std::string(argv[1]) == "--version") {
        std::cout << "spectroscope-cli " << SPECTRO_VERSION << " (libtorch " << torchVersion() << ")\n";
        return 0;
    }
    const std::string name = argv[1];
    for (const auto& verb : verbs) {
        if (verb.spec.name != name) continue;
        try {
            const Arguments args = parseArguments(verb.spec, std::vector<std::string>(argv + 2, argv + argc));
            if (args.help) {
                std::cout << helpText(verb.spec);
                return 0;
            }
            initRuntime();
            return verb.run(args);
        } catch (const UsageError& e) {
            endProgressLine();
            std::fprintf(stderr, "usage error: %s\n", e.what());
            return 1;
        } catch (const Cancelled&) {
            endProgressLine();
            std::fprintf(stderr, "cancelled\n");
            return 1;
        } catch (const std::exception& e) {
            std::string message = e.what();
            // One line, whatever a library put in its message.
            for (auto& c : message) if (c == '\n' || c == '\r') c = ' ';
            endProgressLine();
            std::fprintf(stderr, "error: %s\n", message.c_str());
            return 1;
        }
    }
    std::fprintf(stderr, "usage error: unknown verb '%s' (see spectroscope-cli --help)\n", name.c_str());
    return 1;
}
