#pragma once
// Names that a file supplies (tensor names, JSON keys, dtypes) go into one-line error messages:
// escapedName() turns control bytes, quotes and backslashes into \xNN and shortens names longer than
// `maxBytes`, so that a 30,000-character or newline-laden name still gives one readable line;
// quotedName() puts it in single quotes.
#include <cstdio>
#include <string>
#include <string_view>

namespace spectro {

inline std::string escapedName(std::string_view name, std::size_t maxBytes = 96)
{
    std::string out;
    for (std::size_t i = 0; i < name.size() && i < maxBytes; ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\') {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\x%02x", c);
            out += escape;
        } else {
            out += static_cast<char>(c);
        }
    }
    if (name.size() > maxBytes) out += "... (" + std::to_string(name.size()) + " bytes)";
    return out;
}

inline std::string quotedName(std::string_view name, std::size_t maxBytes = 96)
{
    // Appended, not "'" + escapedName(...): GCC 12 warns falsely (-Wrestrict) on that form.
    std::string out(1, '\'');
    out += escapedName(name, maxBytes);
    out += '\'';
    return out;
}

} // namespace spectro
