#pragma once
// JSON from files the user downloaded (config.json, model.safetensors.index.json, safetensors
// headers, cache options), parsed with the limits of a careful loader:
//  - nesting at most kMaxJsonDepth levels (deeper documents are refused before they are built;
//    nlohmann recurses when it copies, compares or prints a value);
//  - duplicate keys in one object are refused (nlohmann would silently keep the last one, so two
//    tools could read two different models from one file);
//  - integers are read into their C++ type only when they fit (hidden_size = 2^32 + 64 must not
//    become 64).
// Errors name the source and the key or byte.
#include "util/error.h"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace spectro {

constexpr int kMaxJsonDepth = 64;

// The first byte at which `text` opens its (kMaxJsonDepth + 1)-th nested container, or npos.
// Brackets inside strings do not count; the scan needs no memory and never recurses, so it can
// refuse a document before nlohmann's recursive parser sees it.
std::size_t jsonTooDeepAt(std::string_view text);

// Parses `text`; throws Error "SOURCE: invalid JSON: ..." and the like, where `what` names
// the document ("JSON", "JSON header").
nlohmann::json parseJson(std::string_view text, const std::string& source, const std::string& what = "JSON");

// Reads and parses a regular file of at most `maxBytes` (io/regular_file.h).
nlohmann::json readJsonFile(const std::string& path, std::uint64_t maxBytes);

// `value` (the field `field` of `source`) as a T, or Error when it is not an integer or does not
// fit T ("config.json: field 'hidden_size' = 4294967360 does not fit a 32-bit integer").
template <typename T> T jsonInteger(const nlohmann::json& value, const std::string& field, const std::string& source)
{
    static_assert(std::numeric_limits<T>::is_integer);
    if (!value.is_number_integer()) throw Error(source + ": field '" + field + "' must be an integer");
    const std::string text = value.dump();
    const auto outOfRange = [&] {
        return Error(source + ": field '" + field + "' = " + text + " does not fit a " +
                     std::to_string(std::numeric_limits<T>::digits + (std::numeric_limits<T>::is_signed ? 1 : 0)) +
                     "-bit " + (std::numeric_limits<T>::is_signed ? "" : "unsigned ") + "integer");
    };
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) throw outOfRange();
        return static_cast<T>(u);
    }
    const auto i = value.get<std::int64_t>();
    if constexpr (std::numeric_limits<T>::is_signed) {
        if (i < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
            i > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
            throw outOfRange();
    } else {
        if (i < 0 || static_cast<std::uint64_t>(i) > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
            throw outOfRange();
    }
    return static_cast<T>(i);
}

} // namespace spectro
