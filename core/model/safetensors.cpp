#include "model/safetensors.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "io/checked_size.h"
#include "io/mapped_file.h"
#include "io/quoted.h"
#include "io/safe_json.h"
#include "util/error.h"

namespace spectro {

std::string safetensorsDTypeName(DType type)
{
    switch (type) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    }
    return "?";
}

namespace {

// The limits of the reference loader (huggingface/safetensors): a header of at most 100 MB, and
// names we cap at 64 KiB (a real one is under 100 bytes).
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;
constexpr std::size_t kMaxNameBytes = 64 * 1024;

struct Placed {
    std::uint64_t begin = 0, end = 0;
    std::string name;
};

RawTensor readEntry(const MappedFile& file, const std::string& name, const nlohmann::json& info, Placed& placed)
{
    const std::string& path = file.path();
    const std::string what = path + ": tensor " + quotedName(name);
    if (!info.is_object()) throw Error(what + " has a malformed header entry (not an object)");
    for (const char* key : {"dtype", "shape", "data_offsets"}) {
        if (!info.contains(key)) throw Error(what + " has no '" + key + "'");
    }
    const auto& dtype = info["dtype"];
    if (!dtype.is_string()) throw Error(what + " has a dtype that is not a string");
    const auto dtypeText = dtype.get<std::string>();
    if (dtypeText != "F32" && dtypeText != "F16" && dtypeText != "BF16") {
        throw Error(what + " has dtype " + escapedName(dtypeText) + ", which is not supported (supported: F32, F16, BF16)");
    }
    RawTensor t;
    t.name = name;
    t.dtype = parseDType(dtypeText);
    const auto& shape = info["shape"];
    if (!shape.is_array() || shape.size() > 8) throw Error(what + " has a shape that is not an array of at most 8 sizes");
    std::uint64_t bytes = dtypeSize(t.dtype);
    for (const auto& s : shape) {
        const auto extent = jsonInteger<std::int64_t>(s, "shape", what);
        if (extent < 0) throw Error(what + " has a negative dimension");
        const auto next = checkedMul(bytes, static_cast<std::uint64_t>(extent));
        if (!next || *next > file.size()) throw Error(what + " has shape " + shape.dump() + ", larger than the file");
        bytes = *next;
        t.shape.push_back(extent);
    }
    const auto& offsets = info["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2) throw Error(what + " has invalid data_offsets (expected [begin, end])");
    placed.begin = jsonInteger<std::uint64_t>(offsets[0], "data_offsets", what);
    placed.end = jsonInteger<std::uint64_t>(offsets[1], "data_offsets", what);
    placed.name = name;
    if (placed.end < placed.begin) throw Error(what + " has invalid data_offsets (end before begin)");
    if (placed.end - placed.begin != bytes) {
        throw Error(what + " holds " + std::to_string(placed.end - placed.begin) + " bytes, its shape " +
                    shapeString(t.shape) + " and dtype need " + std::to_string(bytes));
    }
    return t;
}

}  // namespace

std::map<std::string, RawTensor> readSafetensors(const std::shared_ptr<const MappedFile>& file)
{
    const std::string& path = file->path();
    const auto lengthBytes = file->slice(0, 8, "header length");
    std::uint64_t headerLength;
    std::memcpy(&headerLength, lengthBytes.data(), 8);
    if (headerLength > kMaxHeaderBytes) {
        throw Error(path + ": header length " + std::to_string(headerLength) +
                    " is implausible (at most 100 MB); not a safetensors file");
    }
    const auto headerBytes = file->slice(8, headerLength, "JSON header");
    const nlohmann::json header = parseJson(
        std::string_view(reinterpret_cast<const char*>(headerBytes.data()), headerBytes.size()), path, "JSON header");
    if (!header.is_object()) throw Error(path + ": JSON header is not an object");
    const std::uint64_t dataStart = 8 + headerLength;
    const std::uint64_t dataSize = file->size() - dataStart;

    std::map<std::string, RawTensor> tensors;
    std::vector<Placed> placement;
    for (const auto& [name, info] : header.items()) {
        if (name.size() > kMaxNameBytes) {
            throw Error(path + ": tensor name of " + std::to_string(name.size()) + " bytes (at most " +
                        std::to_string(kMaxNameBytes) + ")");
        }
        if (name == "__metadata__") {
            if (!info.is_object()) throw Error(path + ": '__metadata__' is not an object");
            for (const auto& [key, value] : info.items()) {
                if (!value.is_string()) throw Error(path + ": '__metadata__' entry " + quotedName(key) + " is not a string");
            }
            continue;
        }
        Placed placed;
        RawTensor t = readEntry(*file, name, info, placed);
        if (placed.end > dataSize) {
            throw Error(path + ": tensor " + quotedName(name) + " data [" + std::to_string(placed.begin) + ", " +
                        std::to_string(placed.end) + ") lies outside the file (data section holds " +
                        std::to_string(dataSize) + " bytes); the file is truncated or corrupt");
        }
        t.data = file->data() + dataStart + placed.begin;
        t.keepAlive = file;
        tensors[name] = std::move(t);
        placement.push_back(std::move(placed));
    }
    // As the reference loader requires: the tensors tile the data section exactly, in some order,
    // with no byte shared, skipped or left over (overlapping tensors would let one write land in
    // another; trailing bytes hide data no tool shows).
    std::sort(placement.begin(), placement.end(),
              [](const Placed& a, const Placed& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
    std::uint64_t expected = 0;
    for (const auto& p : placement) {
        if (p.begin != expected) {
            throw Error(path + ": tensor " + quotedName(p.name) + " starts at data byte " + std::to_string(p.begin) +
                        ", expected " + std::to_string(expected) + " (tensors must be contiguous, without " +
                        (p.begin < expected ? "overlap)" : "gaps)"));
        }
        expected = p.end;
    }
    if (expected != dataSize) {
        throw Error(path + ": the tensors end at data byte " + std::to_string(expected) + " but the file holds " +
                    std::to_string(dataSize) + " bytes of data (trailing bytes)");
    }
    return tensors;
}

void writeSafetensors(const std::string& path, const std::vector<SafetensorsEntry>& entries,
                      const std::map<std::string, std::string>& metadata, const ProgressFn& progress)
{
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    std::vector<std::uint64_t> sizes;
    for (const auto& e : entries) {
        std::uint64_t n = dtypeSize(e.dtype);
        for (auto s : e.shape) n *= static_cast<std::uint64_t>(s);
        header[e.name] = {{"dtype", safetensorsDTypeName(e.dtype)}, {"shape", e.shape}, {"data_offsets", {offset, offset + n}}};
        sizes.push_back(n);
        offset += n;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // keep the data section 8-byte aligned
    AtomicFile out(path);
    const std::uint64_t length = text.size();
    out.write(&length, 8);
    out.write(text);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        reportProgress(progress, static_cast<double>(i) / static_cast<double>(entries.size()), "writing " + path);
        const std::uint64_t before = out.bytesWritten();
        entries[i].produce([&](const void* data, std::size_t size) { out.write(data, size); });
        if (out.bytesWritten() - before != sizes[i]) {
            throw Error(path + ": internal error: tensor '" + entries[i].name + "' produced " +
                        std::to_string(out.bytesWritten() - before) + " bytes, expected " + std::to_string(sizes[i]));
        }
    }
    out.commit();
    reportProgress(progress, 1.0, "writing " + path);
}

}  // namespace spectro
