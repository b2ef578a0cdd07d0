#include "model/default_model.h"

#include <cstdlib>
#include <filesystem>

#include "util/error.h"

#ifndef SPECTRO_SOURCE_DEMO_MODEL
#define SPECTRO_SOURCE_DEMO_MODEL ""
#endif

namespace spectro {
namespace fs = std::filesystem;

std::vector<std::string> defaultModelCandidates()
{
    std::vector<std::string> paths;
    if (const char* env = std::getenv("SPECTRO_DEFAULT_MODEL"); env && *env) paths.emplace_back(env);
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) paths.push_back((exe.parent_path() / "../share/spectroscope/models/demo").lexically_normal().string());
    if (*SPECTRO_SOURCE_DEMO_MODEL) paths.emplace_back(SPECTRO_SOURCE_DEMO_MODEL);
    return paths;
}

std::string defaultModelPath()
{
    const auto paths = defaultModelCandidates();
    // An explicit $SPECTRO_DEFAULT_MODEL that does not exist is a mistake worth reporting, not
    // something to paper over with another model.
    if (const char* env = std::getenv("SPECTRO_DEFAULT_MODEL"); env && *env) {
        std::error_code ec;
        if (!fs::exists(env, ec)) throw Error(std::string(env) + ": $SPECTRO_DEFAULT_MODEL names no file or folder");
        return env;
    }
    std::string tried;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::exists(fs::path(p) / "config.json", ec)) return p;
        tried += (tried.empty() ? "" : ", ") + p;
    }
    throw Error("no model given and the demo model was not found (looked in: " + tried + ")");
}

}  // namespace spectro
