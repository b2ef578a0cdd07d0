#include "model/safetensors.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "io/mapped_file.h"
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

std::map<std::string, RawTensor> readSafetensors(const std::shared_ptr<const MappedFile>& file)
{
    const std::string& path = file->path();
    const auto lengthBytes = file->slice(0, 8, "header length");
    std::uint64_t headerLength;
    std::memcpy(&headerLength, lengthBytes.data(), 8);
    if (headerLength > 100'000'000) {
        throw Error(path + ": header length " + std::to_string(headerLength) + " is implausible; not a safetensors file");
    }
    const auto headerBytes = file->slice(8, headerLength, "JSON header");
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(reinterpret_cast<const char*>(headerBytes.data()),
                                       reinterpret_cast<const char*>(headerBytes.data()) + headerBytes.size());
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": invalid JSON header: " + e.what());
    }
    if (!header.is_object()) throw Error(path + ": JSON header is not an object");
    const std::uint64_t dataStart = 8 + headerLength;
    const std::uint64_t dataSize = file->size() - dataStart;

    std::map<std::string, RawTensor> tensors;
    for (const auto& [name, info] : header.items()) {
        if (name == "__metadata__") continue;
        try {
            RawTensor t;
            t.name = name;
            const auto dtype = info.at("dtype").get<std::string>();
            if (dtype != "F32" && dtype != "F16" && dtype != "BF16") {
                throw Error(path + ": tensor '" + name + "' has dtype " + dtype +
                            ", which is not supported (supported: F32, F16, BF16)");
            }
            t.dtype = parseDType(dtype);
            t.shape = info.at("shape").get<std::vector<std::int64_t>>();
            for (auto s : t.shape) {
                if (s < 0) throw Error(path + ": tensor '" + name + "' has a negative dimension");
            }
            const auto offsets = info.at("data_offsets").get<std::vector<std::uint64_t>>();
            if (offsets.size() != 2 || offsets[1] < offsets[0]) {
                throw Error(path + ": tensor '" + name + "' has invalid data_offsets");
            }
            if (offsets[1] > dataSize) {
                throw Error(path + ": tensor '" + name + "' data [" + std::to_string(offsets[0]) + ", " +
                            std::to_string(offsets[1]) + ") lies outside the file (data section holds " +
                            std::to_string(dataSize) + " bytes); the file is truncated or corrupt");
            }
            if (offsets[1] - offsets[0] != t.byteSize()) {
                throw Error(path + ": tensor '" + name + "' holds " + std::to_string(offsets[1] - offsets[0]) +
                            " bytes, its shape " + shapeString(t.shape) + " and dtype need " +
                            std::to_string(t.byteSize()));
            }
            t.data = file->data() + dataStart + offsets[0];
            t.keepAlive = file;
            tensors[name] = std::move(t);
        } catch (const nlohmann::json::exception& e) {
            throw Error(path + ": tensor '" + name + "' has a malformed header entry: " + e.what());
        }
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
