#pragma once
// The binary structure of a GGUF v2/v3 file, checked the way the best loaders check it: every
// count, string and array length, dimension and offset read from the file is checked against the
// bytes left and against sane limits before anything is allocated, sizes use overflow-checked
// arithmetic, tensors lie inside the file and do not overlap, and keys and tensor names are
// unique. These are the classes of llama.cpp's GGUF CVEs (CVE-2024-21802, -21825, -21836,
// -23496, -23605, CVE-2025-53630, CVE-2026-27940, -33298): unchecked counts, lengths, dims and
// offset arithmetic. What the keys *mean* is model/gguf_loader.cpp's business.
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace spectro {

class MappedFile;

namespace gguf {

enum ValueType : std::uint32_t {
    U8 = 0,
    I8 = 1,
    U16 = 2,
    I16 = 3,
    U32 = 4,
    I32 = 5,
    F32 = 6,
    BOOL = 7,
    STRING = 8,
    ARRAY = 9,
    U64 = 10,
    I64 = 11,
    F64 = 12
};

// ggml tensor types this loader reads; every other type is refused, used or not.
enum TensorType : std::uint32_t { kF32 = 0, kF16 = 1, kQ8_0 = 8, kBF16 = 30 };
std::string tensorTypeName(std::uint32_t type);

// Limits beyond "what the file holds".
constexpr std::uint64_t kMaxKeyBytes = 64 * 1024; // metadata keys
constexpr std::uint64_t kMaxTensorNameBytes = 64; // GGUF's specification: "at most 64 bytes"
constexpr std::uint64_t kMaxTensorCount = 1 << 20;
constexpr std::uint64_t kMaxArrayElements = 1 << 22; // the largest vocabulary ModelConfig allows
constexpr std::uint64_t kMaxAlignment = 1 << 20;

// A decoded scalar: integers (any width), reals (f32, f64), booleans, strings.
using Scalar = std::variant<std::int64_t, double, bool, std::string>;

// A metadata value: where it lies in the file, decoded on request (so that a 16 M-element array
// costs nothing until it is read, and an unread one never).
struct Value {
    std::uint32_t type = 0;
    std::uint32_t elementType = 0; // arrays
    std::uint64_t count = 0;       // arrays: elements
    std::uint64_t offset = 0;      // the scalar, or the array's first element
};

struct TensorInfo {
    std::string name;
    std::vector<std::int64_t> shape; // outermost first (GGUF lists ne[0], the innermost, first)
    std::uint32_t type = 0;
    std::uint64_t offset = 0; // from the start of the data section
    std::uint64_t bytes = 0;
};

struct File {
    std::uint32_t version = 0;
    std::map<std::string, Value> metadata;
    std::vector<TensorInfo> tensors; // in file order
    std::uint64_t alignment = 32;
    std::uint64_t dataStart = 0; // absolute offset of the data section
};

// Parses and checks the header, metadata and tensor table of `file`. Throws Error naming the
// file, the key or tensor and the byte.
File parse(const MappedFile& file);

// Decoding metadata values; errors name the file and key. integer() accepts every integer type
// and refuses values outside int32 (every integer the loader reads is a count, a size or an id:
// hidden_size = 2^32 + 64 must be refused, not read as 64); real() accepts floats and integers and
// refuses NaN and infinities.
class Metadata {
public:
    Metadata(const MappedFile& file, std::map<std::string, Value> values) : file_(file), values_(std::move(values)) {}

    bool has(const std::string& key) const { return values_.count(key) != 0; }
    bool isArray(const std::string& key) const
    {
        auto it = values_.find(key);
        return it != values_.end() && it->second.type == ARRAY;
    }
    std::int64_t integer(const std::string& key) const;
    std::int64_t integer(const std::string& key, std::int64_t fallback) const
    {
        return has(key) ? integer(key) : fallback;
    }
    double real(const std::string& key, double fallback) const;
    std::string text(const std::string& key) const;
    // Arrays of one element type: strings, floats (F32/F64) and integers (any integer type).
    std::uint64_t arraySize(const std::string& key) const;
    std::vector<std::string> strings(const std::string& key) const;
    std::vector<float> floats(const std::string& key) const;
    std::vector<std::int64_t> integers(const std::string& key) const;
    // Any scalar, or any array's elements, decoded (integers here are not range-checked).
    Scalar scalarValue(const std::string& key) const;
    std::vector<Scalar> array(const std::string& key) const;

private:
    const Value& scalar(const std::string& key) const;
    const Value& arrayValue(const std::string& key) const;
    Scalar decode(std::uint32_t type, std::uint64_t& offset, const std::string& key) const;
    const MappedFile& file_;
    std::map<std::string, Value> values_;
};

} // namespace gguf
} // namespace spectro
