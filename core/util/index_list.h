#pragma once
// Parses the index lists users type for layers, bands and k: "3", "0,2-4", "1-5,20".
#include <string>
#include <vector>

namespace spectro {

// Sorted, without repeats. Throws Error "<what>: '<item>' ..." for a non-number, an item outside
// lo..hi, a reversed range or an empty list.
std::vector<int> parseIndexList(const std::string& text, int lo, int hi, const std::string& what);

}  // namespace spectro
