#pragma once
// A small declarative parser for `spectroscope-cli VERB [options] ARGS`: every verb declares its
// options once, and --help text and error messages are generated from that declaration.
#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace spectro::cli {

struct OptionSpec {
    std::string name;       // without the leading "--"
    std::string valueName;  // empty: a flag without value
    std::string help;
};

struct VerbSpec {
    std::string name;
    std::string arguments;  // e.g. "MODEL TEXT"
    std::string summary;
    std::vector<OptionSpec> options;
    int minPositional = 0;
    int maxPositional = 0;
};

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Arguments {
public:
    std::vector<std::string> positional;
    bool help = false;

    bool has(const std::string& name) const { return values_.count(name) != 0; }
    std::string text(const std::string& name, const std::string& fallback = {}) const;
    std::string required(const std::string& name) const;
    long long integer(const std::string& name, long long fallback, long long min, long long max) const;
    double real(const std::string& name, double fallback) const;

    std::map<std::string, std::string> values_;
};

// Concatenates option lists (shared groups such as the sample or filter options, then a verb's own).
std::vector<OptionSpec> joinOptions(std::initializer_list<std::vector<OptionSpec>> groups);

Arguments parseArguments(const VerbSpec& verb, const std::vector<std::string>& args);
std::string helpText(const VerbSpec& verb);

}  // namespace spectro::cli
