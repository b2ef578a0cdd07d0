#pragma once
// Sequential little-endian reads from a mapped file. Every read is bounds-checked and a failure
// names the file and the field being read, so that a truncated header reads as
// "model.gguf: truncated while reading 'tensor_count' at byte 8".
#include <cstdint>
#include <cstring>
#include <string>

#include "io/mapped_file.h"
#include "util/error.h"

namespace spectro {

class ByteReader {
public:
    explicit ByteReader(const MappedFile& file, std::uint64_t position = 0) : file_(file), pos_(position) {}

    std::uint64_t position() const { return pos_; }
    void seek(std::uint64_t position) { pos_ = position; }
    std::uint64_t remaining() const { return pos_ <= file_.size() ? file_.size() - pos_ : 0; }

    template <typename T>
    T read(const std::string& field)
    {
        T value;
        std::memcpy(&value, take(sizeof(T), field), sizeof(T));
        return value;
    }

    std::string readBytes(std::uint64_t length, const std::string& field)
    {
        const std::byte* p = take(length, field);
        return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(length));
    }

    const std::byte* take(std::uint64_t length, const std::string& field)
    {
        if (length > remaining()) {
            throw Error(file_.path() + ": truncated while reading '" + field + "' at byte " +
                        std::to_string(pos_) + " (needs " + std::to_string(length) + " bytes, " +
                        std::to_string(remaining()) + " left)");
        }
        const std::byte* p = file_.data() + pos_;
        pos_ += length;
        return p;
    }

private:
    const MappedFile& file_;
    std::uint64_t pos_;
};

}  // namespace spectro
