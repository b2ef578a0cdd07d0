#include "arguments.h"

#include <sstream>

namespace spectro::cli {

std::string Arguments::text(const std::string& name, const std::string& fallback) const
{
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

std::string Arguments::required(const std::string& name) const
{
    auto it = values_.find(name);
    if (it == values_.end()) throw UsageError("option --" + name + " is required");
    return it->second;
}

long long Arguments::integer(const std::string& name, long long fallback, long long min, long long max) const
{
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(it->second, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != it->second.size() || it->second.empty()) {
        throw UsageError("option --" + name + " expects an integer, got '" + it->second + "'");
    }
    if (value < min || value > max) {
        throw UsageError("option --" + name + " = " + it->second + " is outside " + std::to_string(min) + ".." +
                         std::to_string(max));
    }
    return value;
}

double Arguments::real(const std::string& name, double fallback) const
{
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(it->second, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != it->second.size() || it->second.empty()) {
        throw UsageError("option --" + name + " expects a number, got '" + it->second + "'");
    }
    return value;
}

std::vector<OptionSpec> joinOptions(std::initializer_list<std::vector<OptionSpec>> groups)
{
    std::vector<OptionSpec> out;
    for (const auto& g : groups) out.insert(out.end(), g.begin(), g.end());
    return out;
}

Arguments parseArguments(const VerbSpec& verb, const std::vector<std::string>& args)
{
    Arguments out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            out.help = true;
            return out;
        }
        if (a.size() > 2 && a.starts_with("--")) {
            std::string name = a.substr(2), value;
            const auto eq = name.find('=');
            const bool inlineValue = eq != std::string::npos;
            if (inlineValue) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            const OptionSpec* spec = nullptr;
            for (const auto& o : verb.options) {
                if (o.name == name) spec = &o;
            }
            if (!spec) throw UsageError("unknown option --" + name + " for '" + verb.name + "' (see --help)");
            if (spec->valueName.empty()) {
                if (inlineValue) throw UsageError("option --" + name + " takes no value");
                out.values_[name] = std::string(1, '1');
            } else {
                if (!inlineValue) {
                    if (i + 1 >= args.size()) throw UsageError("option --" + name + " needs a value " + spec->valueName);
                    value = args[++i];
                }
                out.values_[name] = value;
            }
        } else {
            out.positional.push_back(a);
        }
    }
    const int n = static_cast<int>(out.positional.size());
    if (n < verb.minPositional) {
        throw UsageError("'" + verb.name + "' expects " + verb.arguments + " (see --help)");
    }
    if (n > verb.maxPositional) {
        throw UsageError("'" + verb.name + "' got an unexpected argument '" + out.positional[static_cast<std::size_t>(verb.maxPositional)] +
                         "' (see --help)");
    }
    return out;
}

std::string helpText(const VerbSpec& verb)
{
    std::ostringstream s;
    s << "usage: spectroscope-cli " << verb.name;
    if (!verb.options.empty()) s << " [options]";
    if (!verb.arguments.empty()) s << " " << verb.arguments;
    s << "\n\n" << verb.summary << "\n";
    if (!verb.options.empty()) {
        s << "\noptions:\n";
        for (const auto& o : verb.options) {
            std::string left = "  --" + o.name + (o.valueName.empty() ? "" : " " + o.valueName);
            if (left.size() < 28) left.resize(28, ' ');
            else left += "\n" + std::string(28, ' ');
            s << left << o.help << "\n";
        }
    }
    s << "  --help                    show this help\n";
    return s.str();
}

}  // namespace spectro::cli
