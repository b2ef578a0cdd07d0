#include "train/corpus_documents.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "corpus/json_lines.h"
#include "corpus/samples.h"
#include "util/error.h"

namespace spectro {

std::size_t findInvalidUtf8(const std::string& text)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
        else return i;
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values beyond U+10FFFF are not UTF-8 either.
        const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
        i += len;
    }
    return std::string::npos;
}

namespace {

void checkUtf8(const std::string& path, const std::string& text)
{
    const std::size_t bad = findInvalidUtf8(text);
    if (bad == std::string::npos) return;
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    throw Error(path + ":" + std::to_string(line) + ": not valid UTF-8 (byte offset " + std::to_string(bad) +
                "); convert the file to UTF-8 first");
}

std::string documentFromJson(const nlohmann::json& j, const std::vector<std::string>& fields)
{
    std::string doc;
    auto append = [&](const nlohmann::json& v) {
        if (!v.is_string()) return;
        const auto& s = v.get_ref<const std::string&>();
        if (s.find_first_not_of(" \t\r\n") == std::string::npos) return;
        if (!doc.empty()) doc += "\n\n";
        doc += s;
    };
    if (fields.empty()) {
        for (const auto& item : j.items()) append(item.value());
    } else {
        for (const auto& f : fields) {
            if (j.contains(f)) append(j[f]);
        }
    }
    return doc;
}

}  // namespace

CorpusFile readCorpusFile(const std::string& path, const std::vector<std::string>& fields, bool splitParagraphs)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw Error(path + ": corpus file not found");
    CorpusFile out;
    out.path = path;
    const std::string text = readTextFile(path);
    out.bytes = text.size();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw Error(path + ": the corpus file is empty");
    checkUtf8(path, text);

    if (!path.ends_with(".jsonl") && !splitParagraphs) {
        out.documents.push_back(text);
        return out;
    }
    if (!path.ends_with(".jsonl")) {
        std::size_t start = 0;
        while (start < text.size()) {
            std::size_t end = text.find("\n\n", start);
            if (end == std::string::npos) end = text.size();
            std::string block = text.substr(start, end - start);
            if (block.find_first_not_of(" \t\r\n") != std::string::npos) {
                block.erase(0, block.find_first_not_of('\n'));
                out.documents.push_back(std::move(block));
            }
            start = end + 2;
        }
        return out;
    }
    std::istringstream lines(text);
    forEachJsonObject(lines, path, [&](const nlohmann::json& j, int) {
        std::string doc = documentFromJson(j, fields);
        if (!doc.empty()) out.documents.push_back(std::move(doc));
        return true;
    });
    if (out.documents.empty()) {
        std::string wanted;
        for (const auto& f : fields) wanted += (wanted.empty() ? "" : ",") + f;
        throw Error(path + ": no line has text in " + (fields.empty() ? std::string("any string field") : "the fields " + wanted));
    }
    return out;
}

}  // namespace spectro
