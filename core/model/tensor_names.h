#pragma once
// Per-layer tensor names of the checkpoint formats ("blk.3.attn_q.weight",
// "model.layers.3.self_attn.q_proj.weight"), taken apart by hand. A name comes from the file, so
// no std::regex (libstdc++'s matcher recurses once per character: a 30,000-character name
// overflowed the stack) and no std::stoi (which throws std::out_of_range on 40 digits).
#include <optional>
#include <string>
#include <string_view>

namespace spectro {

struct LayerName {
    int index = 0;
    std::string leaf; // between the layer number and `suffix`, e.g. "attn_q", "self_attn.q_proj"
};

// `name` = prefix + N + "." + leaf + suffix, with N written canonically (no sign, no leading
// zero, at most 6 digits) and a non-empty leaf; nullopt otherwise.
inline std::optional<LayerName> parseLayerName(std::string_view name, std::string_view prefix, std::string_view suffix)
{
    if (!name.starts_with(prefix) || !name.ends_with(suffix) || name.size() < prefix.size() + suffix.size()) {
        return std::nullopt;
    }
    std::string_view rest = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    std::size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 0 || digits > 6 || (digits > 1 && rest[0] == '0')) return std::nullopt;
    if (digits + 1 >= rest.size() || rest[digits] != '.') return std::nullopt;
    LayerName out;
    for (std::size_t i = 0; i < digits; ++i) out.index = out.index * 10 + (rest[i] - '0');
    out.leaf = std::string(rest.substr(digits + 1));
    return out;
}

} // namespace spectro
