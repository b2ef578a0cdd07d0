#include "model/gguf_file.h"

#include "io/byte_reader.h"
#include "io/checked_size.h"
#include "io/mapped_file.h"
#include "io/quoted.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

namespace spectro::gguf {
namespace {

constexpr std::uint32_t kMagic = 0x46554747; // "GGUF" little-endian

// Bytes of a scalar of `type`; 0 for strings and arrays (variable) and unknown types.
std::uint64_t scalarBytes(std::uint32_t type)
{
    switch (type) {
    case U8:
    case I8:
    case BOOL: return 1;
    case U16:
    case I16: return 2;
    case U32:
    case I32:
    case F32: return 4;
    case U64:
    case I64:
    case F64: return 8;
    default: return 0;
    }
}

bool isInteger(std::uint32_t type)
{
    return type == U8 || type == I8 || type == U16 || type == I16 || type == U32 || type == I32 || type == U64 ||
           type == I64;
}

std::string typeName(std::uint32_t type)
{
    static const char* names[] = {"u8",   "i8",     "u16",   "i16", "u32", "i32", "f32",
                                  "bool", "string", "array", "u64", "i64", "f64"};
    return type < 13 ? names[type] : "unknown type " + std::to_string(type);
}

class Parser {
public:
    explicit Parser(const MappedFile& file) : file_(file), in_(file) {}

    [[noreturn]] void fail(const std::string& what) const
    {
        throw Error(file_.path() + ": " + what + " (at byte " + std::to_string(in_.position()) + ")");
    }

    // A string's length is checked against the bytes left (ByteReader) and against `maxBytes`
    // before anything is copied.
    std::string string(const std::string& field, std::uint64_t maxBytes)
    {
        const auto length = in_.read<std::uint64_t>(field + " length");
        if (length > maxBytes) {
            fail(field + " is " + std::to_string(length) + " bytes long, more than the " + std::to_string(maxBytes) +
                 " allowed");
        }
        return in_.readBytes(length, field);
    }

    void skipString(const std::string& field)
    {
        const auto length = in_.read<std::uint64_t>(field + " length");
        in_.take(length, field);
    }

    Value value(const std::string& key)
    {
        Value v;
        v.type = in_.read<std::uint32_t>("type of " + escapedName(key));
        if (v.type == ARRAY) {
            v.elementType = in_.read<std::uint32_t>("element type of " + escapedName(key));
            v.count = in_.read<std::uint64_t>("element count of " + escapedName(key));
            v.offset = in_.position();
            if (v.count > kMaxArrayElements) {
                fail("metadata " + quotedName(key) + " claims " + std::to_string(v.count) + " elements (at most " +
                     std::to_string(kMaxArrayElements) + " are allowed)");
            }
            if (v.elementType == STRING) {
                // Each element is at least its 8-byte length: refuse a count the file cannot hold
                // before walking it.
                if (v.count > in_.remaining() / 8) {
                    fail("metadata " + quotedName(key) + " claims " + std::to_string(v.count) +
                         " strings, more than the file holds");
                }
                for (std::uint64_t i = 0; i < v.count; ++i)
                    skipString("element " + std::to_string(i) + " of " + escapedName(key));
            } else if (const auto size = scalarBytes(v.elementType); size != 0) {
                const auto bytes = checkedMul(v.count, size);
                if (!bytes || *bytes > in_.remaining()) {
                    fail("metadata " + quotedName(key) + " claims " + std::to_string(v.count) + " elements of " +
                         typeName(v.elementType) + ", more than the file holds");
                }
                in_.take(*bytes, "elements of " + escapedName(key));
            } else {
                fail("metadata " + quotedName(key) + " is an array of " + typeName(v.elementType) +
                     " (arrays hold scalars or strings)");
            }
            return v;
        }
        v.offset = in_.position();
        if (v.type == STRING)
            skipString("value of " + escapedName(key));
        else if (const auto size = scalarBytes(v.type); size != 0)
            in_.take(size, "value of " + escapedName(key));
        else
            fail("metadata " + quotedName(key) + " has " + typeName(v.type));
        return v;
    }

    TensorInfo tensorInfo(std::uint64_t index)
    {
        TensorInfo t;
        t.name = string("name of tensor " + std::to_string(index), kMaxTensorNameBytes);
        const std::string what = "tensor " + quotedName(t.name);
        const std::string field = escapedName(t.name);
        const auto nDims = in_.read<std::uint32_t>(field + " n_dims");
        if (nDims == 0 || nDims > 4) fail(what + " has " + std::to_string(nDims) + " dimensions (expected 1..4)");
        std::vector<std::int64_t> ne(nDims);
        for (auto& e : ne) {
            const auto v = in_.read<std::uint64_t>(field + " shape");
            // As int64 a dimension >= 2^63 is negative: both are refused, as is an empty one.
            if (v == 0 || v > (1ull << 40)) fail(what + " has an invalid dimension " + std::to_string(v));
            e = static_cast<std::int64_t>(v);
        }
        t.shape.assign(ne.rbegin(), ne.rend());
        t.type = in_.read<std::uint32_t>(field + " type");
        t.offset = in_.read<std::uint64_t>(field + " offset");
        std::uint64_t numel = 1;
        for (auto s : ne) {
            const auto next = checkedMul(numel, static_cast<std::uint64_t>(s));
            if (!next || *next > (1ull << 48)) fail(what + " has " + shapeText(t.shape) + " elements, too many");
            numel = *next;
        }
        switch (t.type) {
        case kF32: t.bytes = numel * 4; break;
        case kF16:
        case kBF16: t.bytes = numel * 2; break;
        case kQ8_0:
            if (ne[0] % 32 != 0) fail(what + " is Q8_0 but its rows are not a multiple of 32");
            t.bytes = numel / 32 * 34;
            break;
        default:
            fail(what + " has type " + tensorTypeName(t.type) +
                 ", which is not supported (supported: F32, F16, BF16, Q8_0)");
        }
        return t;
    }

    ByteReader& in() { return in_; }

private:
    static std::string shapeText(const std::vector<std::int64_t>& shape)
    {
        std::string s;
        for (auto d : shape) s += (s.empty() ? "" : " x ") + std::to_string(d);
        return s;
    }
    const MappedFile& file_;
    ByteReader in_;
};

// Tensors lie inside the file and do not overlap (two names for one set of bytes, or a tensor
// that is part of another, is how crafted files made one write land in another's data).
void checkTensorPlacement(const MappedFile& file, File& g)
{
    std::vector<const TensorInfo*> byOffset;
    for (const auto& t : g.tensors) {
        if (t.offset % g.alignment != 0) {
            throw Error(file.path() + ": tensor " + quotedName(t.name) + " data offset " + std::to_string(t.offset) +
                        " is not aligned to " + std::to_string(g.alignment));
        }
        const auto start = checkedAdd(g.dataStart, t.offset);
        const auto end = start ? checkedAdd(*start, t.bytes) : std::nullopt;
        if (!end || *end > file.size()) {
            throw Error(file.path() + ": tensor " + quotedName(t.name) + " data (offset " + std::to_string(t.offset) +
                        ", " + std::to_string(t.bytes) + " bytes) lies outside the file (data section from byte " +
                        std::to_string(g.dataStart) + ", file size " + std::to_string(file.size()) +
                        "); the file is truncated or corrupt");
        }
        byOffset.push_back(&t);
    }
    std::sort(byOffset.begin(), byOffset.end(),
              [](const TensorInfo* a, const TensorInfo* b) { return a->offset < b->offset; });
    for (std::size_t i = 1; i < byOffset.size(); ++i) {
        const TensorInfo& before = *byOffset[i - 1];
        const TensorInfo& after = *byOffset[i];
        if (before.offset + before.bytes > after.offset) {
            throw Error(file.path() + ": tensors " + quotedName(before.name) + " and " + quotedName(after.name) +
                        " overlap (bytes " + std::to_string(before.offset) + ".." +
                        std::to_string(before.offset + before.bytes) + " and " + std::to_string(after.offset) +
                        ".. of the data section)");
        }
    }
}

template <typename T> T load(const MappedFile& file, std::uint64_t offset)
{
    T v;
    std::memcpy(&v, file.data() + offset, sizeof v); // parse() checked that the bytes exist
    return v;
}

std::int64_t integerAt(const MappedFile& file, std::uint32_t type, std::uint64_t offset, const std::string& key)
{
    switch (type) {
    case U8: return load<std::uint8_t>(file, offset);
    case I8: return load<std::int8_t>(file, offset);
    case U16: return load<std::uint16_t>(file, offset);
    case I16: return load<std::int16_t>(file, offset);
    case U32: return load<std::uint32_t>(file, offset);
    case I32: return load<std::int32_t>(file, offset);
    case I64: return load<std::int64_t>(file, offset);
    case U64: {
        const auto u = load<std::uint64_t>(file, offset);
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            throw Error(file.path() + ": metadata " + quotedName(key) + " = " + std::to_string(u) + " is out of range");
        }
        return static_cast<std::int64_t>(u);
    }
    default: throw Error(file.path() + ": metadata " + quotedName(key) + " is not an integer");
    }
}

std::string stringAt(const MappedFile& file, std::uint64_t& offset)
{
    const auto length = load<std::uint64_t>(file, offset);
    std::string s(reinterpret_cast<const char*>(file.data() + offset + 8), static_cast<std::size_t>(length));
    offset += 8 + length;
    return s;
}

} // namespace

std::string tensorTypeName(std::uint32_t type)
{
    static const char* names[] = {"F32",     "F16",    "Q4_0",    "Q4_1",  "type 4", "type 5", "Q5_0",  "Q5_1",
                                  "Q8_0",    "Q8_1",   "Q2_K",    "Q3_K",  "Q4_K",   "Q5_K",   "Q6_K",  "Q8_K",
                                  "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S",  "IQ2_S", "IQ4_XS",
                                  "I8",      "I16",    "I32",     "I64",   "F64",    "IQ1_M",  "BF16"};
    return type < std::size(names) ? names[type] : "type " + std::to_string(type);
}

File parse(const MappedFile& file)
{
    const std::string& path = file.path();
    Parser p(file);
    auto& in = p.in();
    File g;
    if (in.read<std::uint32_t>("magic") != kMagic) throw Error(path + ": not a GGUF file (bad magic)");
    g.version = in.read<std::uint32_t>("version");
    if (g.version != 2 && g.version != 3) {
        throw Error(path + ": GGUF version " + std::to_string(g.version) + " is not supported (expected 2 or 3)");
    }
    const auto tensorCount = in.read<std::uint64_t>("tensor_count");
    const auto kvCount = in.read<std::uint64_t>("metadata_kv_count");
    // The smallest metadata entry takes 13 bytes (key length, type, one byte of value), the
    // smallest tensor entry 32: counts beyond what the rest of the file can hold are refused
    // before any loop runs (CVE-2024-23496, -23605).
    if (kvCount > in.remaining() / 13 || tensorCount > in.remaining() / 32 || tensorCount > kMaxTensorCount) {
        throw Error(path + ": header claims " + std::to_string(tensorCount) + " tensors and " +
                    std::to_string(kvCount) + " metadata entries, more than the file can hold");
    }
    for (std::uint64_t i = 0; i < kvCount; ++i) {
        const auto key = p.string("metadata key " + std::to_string(i), kMaxKeyBytes);
        if (g.metadata.count(key)) p.fail("metadata key " + quotedName(key) + " appears twice");
        g.metadata[key] = p.value(key);
    }
    if (auto it = g.metadata.find("general.alignment"); it != g.metadata.end()) {
        // The specification makes it a u32; any integer type is read, but the value must be a
        // power of two of sane size (the data section starts at a multiple of it).
        const Metadata meta(file, {{it->first, it->second}});
        const auto a = meta.integer("general.alignment");
        if (a <= 0 || (a & (a - 1)) != 0 || static_cast<std::uint64_t>(a) > kMaxAlignment) {
            throw Error(path + ": metadata 'general.alignment' = " + std::to_string(a) +
                        " is not a power of two up to " + std::to_string(kMaxAlignment));
        }
        g.alignment = static_cast<std::uint64_t>(a);
    }
    std::set<std::string> names;
    g.tensors.reserve(static_cast<std::size_t>(tensorCount));
    for (std::uint64_t i = 0; i < tensorCount; ++i) {
        TensorInfo t = p.tensorInfo(i);
        if (!names.insert(t.name).second) p.fail("tensor " + quotedName(t.name) + " appears twice");
        g.tensors.push_back(std::move(t));
    }
    const auto dataStart = alignUp(in.position(), g.alignment);
    if (!dataStart || *dataStart > file.size()) {
        if (!g.tensors.empty()) throw Error(path + ": the data section starts past the end of the file; truncated");
    }
    g.dataStart = dataStart.value_or(file.size());
    checkTensorPlacement(file, g);
    return g;
}

const Value& Metadata::scalar(const std::string& key) const
{
    auto it = values_.find(key);
    if (it == values_.end()) throw Error(file_.path() + ": metadata " + quotedName(key) + " is missing");
    if (it->second.type == ARRAY)
        throw Error(file_.path() + ": metadata " + quotedName(key) + " is an array, expected a scalar");
    return it->second;
}

const Value& Metadata::arrayValue(const std::string& key) const
{
    auto it = values_.find(key);
    if (it == values_.end()) throw Error(file_.path() + ": metadata " + quotedName(key) + " is missing");
    if (it->second.type != ARRAY) throw Error(file_.path() + ": metadata " + quotedName(key) + " is not an array");
    return it->second;
}

std::int64_t Metadata::integer(const std::string& key) const
{
    const Value& v = scalar(key);
    if (!isInteger(v.type)) throw Error(file_.path() + ": metadata " + quotedName(key) + " is not an integer");
    const std::int64_t i = integerAt(file_, v.type, v.offset, key);
    if (i < std::numeric_limits<std::int32_t>::min() || i > std::numeric_limits<std::int32_t>::max()) {
        throw Error(file_.path() + ": metadata " + quotedName(key) + " = " + std::to_string(i) +
                    " does not fit a 32-bit integer");
    }
    return i;
}

double Metadata::real(const std::string& key, double fallback) const
{
    if (!has(key)) return fallback;
    const Value& v = scalar(key);
    double d;
    if (v.type == F32)
        d = load<float>(file_, v.offset);
    else if (v.type == F64)
        d = load<double>(file_, v.offset);
    else if (isInteger(v.type))
        d = static_cast<double>(integerAt(file_, v.type, v.offset, key));
    else
        throw Error(file_.path() + ": metadata " + quotedName(key) + " is not a number");
    if (!std::isfinite(d)) throw Error(file_.path() + ": metadata " + quotedName(key) + " is not a finite number");
    return d;
}

std::string Metadata::text(const std::string& key) const
{
    const Value& v = scalar(key);
    if (v.type != STRING) throw Error(file_.path() + ": metadata " + quotedName(key) + " is not a string");
    std::uint64_t at = v.offset;
    return stringAt(file_, at);
}

std::uint64_t Metadata::arraySize(const std::string& key) const
{
    return arrayValue(key).count;
}

std::vector<std::string> Metadata::strings(const std::string& key) const
{
    const Value& v = arrayValue(key);
    if (v.elementType != STRING)
        throw Error(file_.path() + ": metadata " + quotedName(key) + " is not an array of strings");
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(v.count));
    std::uint64_t at = v.offset;
    for (std::uint64_t i = 0; i < v.count; ++i) out.push_back(stringAt(file_, at));
    return out;
}

std::vector<float> Metadata::floats(const std::string& key) const
{
    const Value& v = arrayValue(key);
    if (v.elementType != F32 && v.elementType != F64) {
        throw Error(file_.path() + ": metadata " + quotedName(key) + " is not an array of floats");
    }
    std::vector<float> out(static_cast<std::size_t>(v.count));
    for (std::uint64_t i = 0; i < v.count; ++i) {
        out[i] = v.elementType == F32 ? load<float>(file_, v.offset + 4 * i)
                                      : static_cast<float>(load<double>(file_, v.offset + 8 * i));
    }
    return out;
}

std::vector<std::int64_t> Metadata::integers(const std::string& key) const
{
    const Value& v = arrayValue(key);
    if (!isInteger(v.elementType))
        throw Error(file_.path() + ": metadata " + quotedName(key) + " is not an array of integers");
    const std::uint64_t size = scalarBytes(v.elementType);
    std::vector<std::int64_t> out(static_cast<std::size_t>(v.count));
    for (std::uint64_t i = 0; i < v.count; ++i) out[i] = integerAt(file_, v.elementType, v.offset + size * i, key);
    return out;
}

Scalar Metadata::decode(std::uint32_t type, std::uint64_t& offset, const std::string& key) const
{
    Scalar out;
    if (type == STRING) return stringAt(file_, offset);
    if (type == F32)
        out = static_cast<double>(load<float>(file_, offset));
    else if (type == F64)
        out = load<double>(file_, offset);
    else if (type == BOOL)
        out = load<std::uint8_t>(file_, offset) != 0;
    else
        out = integerAt(file_, type, offset, key);
    offset += scalarBytes(type);
    return out;
}

Scalar Metadata::scalarValue(const std::string& key) const
{
    const Value& v = scalar(key);
    std::uint64_t at = v.offset;
    return decode(v.type, at, key);
}

std::vector<Scalar> Metadata::array(const std::string& key) const
{
    const Value& v = arrayValue(key);
    std::vector<Scalar> out;
    out.reserve(static_cast<std::size_t>(v.count));
    std::uint64_t at = v.offset;
    for (std::uint64_t i = 0; i < v.count; ++i) out.push_back(decode(v.elementType, at, key));
    return out;
}

} // namespace spectro::gguf
