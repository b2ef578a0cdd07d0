#include "tokenizer/sentencepiece_model.h"

#include "io/quoted.h"
#include "tokenizer/vocabulary_checks.h"
#include "util/error.h"

#include <cmath>
#include <cstring>
#include <optional>
#include <set>
#include <unordered_set>

namespace spectro {
namespace {

// The largest charsmap accepted (SentencePiece's nmt_nfkc one is 237 KB); it bounds the trie
// check, which looks at each of the 256 labels of every state once.
constexpr std::size_t kMaxCharsMapBytes = 4u << 20;
// PrefixMatcher (user-defined symbols) asks for at most 64 matches (upstream #1267).
constexpr int kMaxNestedUserSymbols = 64;

// Protocol buffer wire format, enough to walk a ModelProto: fields are (tag, value) with
// tag = number << 3 | wire type. Every length is checked against the bytes left.
class Wire {
public:
    Wire(std::string_view data, std::uint64_t base, const std::string& source, std::string message)
        : data_(data), base_(base), source_(source), message_(std::move(message))
    {
    }

    struct Field {
        std::uint32_t number = 0;
        std::uint32_t type = 0;
        std::uint64_t varint = 0;
        std::uint32_t fixed32 = 0;
        std::string_view bytes;
        std::uint64_t at = 0; // absolute byte of the value
    };

    bool done() const { return pos_ >= data_.size(); }

    Field next()
    {
        Field f;
        const std::uint64_t tag = varint("a field tag");
        f.number = static_cast<std::uint32_t>(tag >> 3);
        f.type = static_cast<std::uint32_t>(tag & 7);
        if (f.number == 0 || (tag >> 3) > (1u << 29) - 1)
            fail("field number " + std::to_string(tag >> 3) + " is invalid");
        f.at = base_ + pos_;
        switch (f.type) {
        case 0: f.varint = varint("field " + std::to_string(f.number)); break;
        case 1: take(8, "field " + std::to_string(f.number)); break;
        case 2: {
            const std::uint64_t length = varint("the length of field " + std::to_string(f.number));
            f.at = base_ + pos_;
            f.bytes = take(length, "field " + std::to_string(f.number));
            break;
        }
        case 5: std::memcpy(&f.fixed32, take(4, "field " + std::to_string(f.number)).data(), 4); break;
        default:
            fail("field " + std::to_string(f.number) + " has wire type " + std::to_string(f.type) +
                 " (groups or invalid)");
        }
        return f;
    }

    [[noreturn]] void fail(const std::string& what) const
    {
        throw Error(source_ + ": not a valid SentencePiece model: " + message_ + ": " + what + " at byte " +
                    std::to_string(base_ + pos_));
    }

private:
    std::uint64_t varint(const std::string& what)
    {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= data_.size()) fail("truncated in " + what);
            const auto byte = static_cast<unsigned char>(data_[pos_++]);
            if (shift == 63 && byte > 1) fail("a varint longer than 64 bits in " + what);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return value;
        }
        fail("a varint longer than 10 bytes in " + what);
    }
    std::string_view take(std::uint64_t length, const std::string& what)
    {
        if (length > data_.size() - pos_) {
            fail(what + " claims " + std::to_string(length) + " bytes, " + std::to_string(data_.size() - pos_) +
                 " are left");
        }
        const auto out = data_.substr(pos_, static_cast<std::size_t>(length));
        pos_ += static_cast<std::size_t>(length);
        return out;
    }

    std::string_view data_;
    std::size_t pos_ = 0;
    std::uint64_t base_;
    const std::string& source_;
    std::string message_;
};

// protobuf reads an int32 from the low 32 bits of the varint (negatives take ten bytes).
int int32Of(std::uint64_t varint)
{
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(varint));
}

struct Piece {
    std::string_view text;
    float score = 0;
    int type = 1; // NORMAL 1, UNKNOWN 2, CONTROL 3, USER_DEFINED 4, UNUSED 5, BYTE 6
    std::uint64_t at = 0;
};

Piece readPiece(const Wire::Field& field, const std::string& source)
{
    Piece p;
    p.at = field.at;
    Wire w(field.bytes, field.at, source, "piece at byte " + std::to_string(field.at));
    while (!w.done()) {
        const auto f = w.next();
        // A field with an unexpected wire type is an unknown field to protobuf: skipped there too.
        if (f.number == 1 && f.type == 2)
            p.text = f.bytes;
        else if (f.number == 2 && f.type == 5)
            std::memcpy(&p.score, &f.fixed32, 4);
        else if (f.number == 3 && f.type == 0) {
            if (f.varint < 1 || f.varint > 6) w.fail("piece type " + std::to_string(f.varint) + " (expected 1..6)");
            p.type = static_cast<int>(f.varint);
        }
    }
    return p;
}

void readTrainerSpec(const Wire::Field& field, const std::string& source, SentencePieceModelInfo& info)
{
    Wire w(field.bytes, field.at, source, "trainer_spec");
    while (!w.done()) {
        const auto f = w.next();
        if (f.type != 0) continue;
        switch (f.number) {
        case 3: info.modelType = int32Of(f.varint); break;
        case 35: info.byteFallback = f.varint != 0; break;
        case 40: info.unkId = int32Of(f.varint); break;
        case 41: info.bosId = int32Of(f.varint); break;
        case 42: info.eosId = int32Of(f.varint); break;
        case 43: info.padId = int32Of(f.varint); break;
        default: break;
        }
    }
}

void readNormalizerSpec(const Wire::Field& field, const std::string& source, const char* name,
                        SentencePieceModelInfo& info)
{
    Wire w(field.bytes, field.at, source, name);
    while (!w.done()) {
        const auto f = w.next();
        if (f.number == 2 && f.type == 2 && !f.bytes.empty()) {
            checkPrecompiledCharsMap(f.bytes, source + ": " + name + ".precompiled_charsmap (at byte " +
                                                  std::to_string(f.at) + ")");
            info.hasCharsMap = true;
            info.charsMaps.emplace_back(static_cast<std::size_t>(f.at), f.bytes.size());
        }
    }
}

void checkPieces(const std::vector<Piece>& pieces, const std::string& source)
{
    const auto where = [&](std::size_t i) {
        return source + ": piece " + std::to_string(i) + " (at byte " + std::to_string(pieces[i].at) + ")";
    };
    std::unordered_set<std::string_view> seen, userDefined;
    int unknown = 0;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Piece& p = pieces[i];
        if (p.text.empty()) throw Error(where(i) + " is empty");
        if (p.text.size() > kMaxPieceBytes) {
            throw Error(where(i) + " is " + std::to_string(p.text.size()) + " bytes long (at most " +
                        std::to_string(kMaxPieceBytes) + ")");
        }
        if (p.text.find('\0') != std::string_view::npos) throw Error(where(i) + " holds a NUL byte");
        if (!std::isfinite(p.score))
            throw Error(where(i) + " " + quotedName(p.text) + " has a score that is not finite");
        if (!seen.insert(p.text).second) throw Error(where(i) + " " + quotedName(p.text) + " appears twice");
        if (p.type == 2) ++unknown;
        if (p.type == 4) userDefined.insert(p.text);
        if (p.type == 6) {
            const bool hex = p.text.size() == 6 && p.text.starts_with("<0x") && p.text.back() == '>' &&
                             std::isxdigit(static_cast<unsigned char>(p.text[3])) &&
                             std::isxdigit(static_cast<unsigned char>(p.text[4]));
            if (!hex) throw Error(where(i) + " " + quotedName(p.text) + " is a byte piece not spelled <0xNN>");
        }
    }
    if (unknown != 1) {
        throw Error(source + ": holds " + std::to_string(unknown) + " pieces of type UNKNOWN (expected exactly one)");
    }
    // Every input position can match at most as many user-defined symbols as one symbol has
    // user-defined prefixes (itself included).
    for (const auto symbol : userDefined) {
        int nested = 0;
        for (std::size_t length = 1; length <= symbol.size(); ++length)
            nested += userDefined.count(symbol.substr(0, length));
        if (nested > kMaxNestedUserSymbols) {
            throw Error(source + ": user-defined piece " + quotedName(symbol) + " has " + std::to_string(nested) +
                        " nested user-defined prefixes (at most " + std::to_string(kMaxNestedUserSymbols) + ")");
        }
    }
}

} // namespace

void checkPrecompiledCharsMap(std::string_view blob, const std::string& what)
{
    using namespace darts;
    if (blob.size() > kMaxCharsMapBytes) {
        throw Error(what + " is " + std::to_string(blob.size()) + " bytes (at most " +
                    std::to_string(kMaxCharsMapBytes) + ")");
    }
    std::uint32_t trieBytes = 0;
    if (blob.size() < 4) throw Error(what + " is shorter than its 4-byte header");
    std::memcpy(&trieBytes, blob.data(), 4);
    // Upstream compares the trie size with the whole blob, header included, and then reads up to
    // four bytes past it: here the trie must fit after the header.
    if (trieBytes > blob.size() - 4 || trieBytes % 4 != 0) {
        throw Error(what + ": trie size " + std::to_string(trieBytes) + " does not fit the " +
                    std::to_string(blob.size() - 4) + " bytes after the header (or is not a multiple of 4)");
    }
    const std::size_t n = trieBytes / 4;
    std::vector<std::uint32_t> units(n);
    if (n) std::memcpy(units.data(), blob.data() + 4, trieBytes);
    const std::string_view normalized = blob.substr(4 + trieBytes);
    // The walk reads array[base ^ c] for any input byte c: the whole 256-unit block of every
    // base it can reach must exist (darts-clone allocates whole blocks, so real tries pass).
    const auto inBounds = [&](std::uint32_t base) { return (static_cast<std::uint64_t>(base) | 0xff) < n; };
    if (n == 0) throw Error(what + ": the trie is empty (the first lookup would read outside it)");
    const std::uint32_t root = offset(units[0]);
    if (!inBounds(root)) {
        throw Error(what + ": the root unit points to unit " + std::to_string(root) + ", outside the trie of " +
                    std::to_string(n) + " units");
    }
    // A transition of the walk: from state (base) `base` on input byte c to child unit
    // base ^ c, when that unit carries label c; the walk continues from child ^ offset, and a
    // leaf there yields one match whose value is an offset into the replacement strings.
    struct Step {
        std::uint32_t next;
        bool leaf;
    };
    const auto step = [&](std::uint32_t base, std::uint32_t c) -> std::optional<Step> {
        const std::uint32_t child = base ^ c;
        const std::uint32_t unit = units[child];
        if (label(unit) != c) return std::nullopt;
        const std::uint32_t next = child ^ offset(unit);
        if (!inBounds(next)) {
            throw Error(what + ": unit " + std::to_string(child) + " points to unit " + std::to_string(next) +
                        ", outside the trie of " + std::to_string(n) + " units");
        }
        const bool leaf = hasLeaf(unit);
        // The normalizer reads a NUL-terminated string at the leaf's offset.
        if (leaf && (value(units[next]) >= normalized.size() || normalized.back() != '\0')) {
            throw Error(what + ": unit " + std::to_string(child) + " maps to byte " +
                        std::to_string(value(units[next])) + " of the " + std::to_string(normalized.size()) +
                        " bytes of replacement strings (outside them, or they are not NUL-terminated)");
        }
        return Step{next, leaf};
    };
    // The most matches one input can collect is the most leaves on a walk from the root. Real
    // tries (DAWGs) share states and may loop on a byte without a leaf, so the states are split
    // into strongly connected components (Tarjan, iteratively: no recursion on file data); a
    // leaf inside a component means an input with unboundedly many matches, otherwise the
    // components form a DAG and are finished in reverse topological order.
    std::vector<std::int32_t> index(n, -1), low(n, 0), component(n, -1);
    std::vector<std::uint8_t> onStack(n, 0), longest; // longest[c]: most leaves from component c on
    std::vector<std::uint32_t> open;
    struct Frame {
        std::uint32_t state;
        std::uint32_t label;
    };
    std::vector<Frame> calls;
    std::int32_t counter = 0;
    const auto visit = [&](std::uint32_t state) {
        index[state] = low[state] = counter++;
        open.push_back(state);
        onStack[state] = 1;
        calls.push_back({state, 0});
    };
    visit(root);
    while (!calls.empty()) {
        Frame& f = calls.back();
        if (f.label < 256) {
            const std::uint32_t from = f.state;
            const auto s = step(from, f.label++);
            if (!s) continue;
            if (index[s->next] < 0)
                visit(s->next); // `f` is not used after this
            else if (onStack[s->next])
                low[from] = std::min(low[from], index[s->next]);
            continue;
        }
        const std::uint32_t state = f.state;
        calls.pop_back();
        if (!calls.empty()) low[calls.back().state] = std::min(low[calls.back().state], low[state]);
        if (low[state] != index[state]) continue;
        const auto id = static_cast<std::int32_t>(longest.size());
        std::vector<std::uint32_t> members;
        std::uint32_t member;
        do {
            member = open.back();
            open.pop_back();
            onStack[member] = 0;
            component[member] = id;
            members.push_back(member);
        } while (member != state);
        int best = 0;
        for (const std::uint32_t m : members) {
            for (std::uint32_t c = 0; c < 256; ++c) {
                const auto s = step(m, c);
                if (!s) continue;
                if (component[s->next] == id) {
                    if (s->leaf)
                        throw Error(what + ": the trie loops through a rule at unit " + std::to_string(m ^ c) +
                                    " (one input could match it without end)");
                    continue;
                }
                best = std::max(best, longest[static_cast<std::size_t>(component[s->next])] + (s->leaf ? 1 : 0));
            }
        }
        if (best > kMaxPrefixMatches) {
            throw Error(what + ": one input can match " + std::to_string(best) +
                        " rules (the normalizer has room for " + std::to_string(kMaxPrefixMatches) + " results)");
        }
        longest.push_back(static_cast<std::uint8_t>(best));
    }
}

SentencePieceModelInfo checkSentencePieceModel(std::string_view model, const std::string& source)
{
    SentencePieceModelInfo info;
    std::vector<Piece> pieces;
    Wire w(model, 0, source, "ModelProto");
    while (!w.done()) {
        const auto f = w.next();
        if (f.type != 2) continue;
        switch (f.number) {
        case 1:
            if (pieces.size() >= (1u << 22)) w.fail("more than 4194304 pieces");
            pieces.push_back(readPiece(f, source));
            break;
        case 2: readTrainerSpec(f, source, info); break;
        case 3: readNormalizerSpec(f, source, "normalizer_spec", info); break;
        case 5: readNormalizerSpec(f, source, "denormalizer_spec", info); break;
        default: break;
        }
    }
    if (pieces.empty()) throw Error(source + ": not a SentencePiece model (it holds no pieces)");
    checkPieces(pieces, source);
    info.pieceCount = static_cast<int>(pieces.size());
    if (info.modelType < 1 || info.modelType > 4) {
        throw Error(source + ": trainer_spec.model_type = " + std::to_string(info.modelType) + " (expected 1..4)");
    }
    const auto id = [&](int value, const char* field, bool optional) {
        if (optional && value == -1) return;
        checkSpecialId(value, info.pieceCount, std::string("trainer_spec.") + field, source);
    };
    id(info.unkId, "unk_id", false);
    id(info.bosId, "bos_id", true);
    id(info.eosId, "eos_id", true);
    id(info.padId, "pad_id", true);
    return info;
}

} // namespace spectro
