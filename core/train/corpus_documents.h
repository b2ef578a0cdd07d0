#pragma once
// Reads training text. A .jsonl file gives one document per line (the chosen string fields,
// joined by a blank line); any other file is one document. Every byte is checked to be UTF-8,
// so that a binary or Latin-1 file is refused with its line and offset instead of training a
// tokenizer on garbage.
#include <cstddef>
#include <string>
#include <vector>

namespace spectro {

struct CorpusFile {
    std::string path;
    std::vector<std::string> documents;
    std::size_t bytes = 0;
};

// `fields`: the JSON fields to use, in this order (missing ones are skipped); empty: every string
// field of the line in file order. Throws Error for a missing, empty or non-UTF-8 file, invalid
// JSON, or a JSON-lines file in which no line has any of the fields.
// `splitParagraphs`: a non-JSON file gives one document per block separated by blank lines.
CorpusFile readCorpusFile(const std::string& path, const std::vector<std::string>& fields, bool splitParagraphs = false);

// The offset of the first byte that is not part of valid UTF-8, or npos.
std::size_t findInvalidUtf8(const std::string& text);

}  // namespace spectro
