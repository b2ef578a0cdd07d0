// SentencePiece models as the app opens them: checkSentencePieceModel first; what it accepts is
// then (1) walked by an instrumented replay of darts-clone's commonPrefixSearch, the walk
// SentencePiece 0.1.97's normalizer makes, on storage of exactly the trie's size, so that
// AddressSanitizer sees any read outside it and any match beyond the normalizer's 32 result
// slots aborts; and (2) loaded and run by the real libsentencepiece, in this process (the app
// runs it in its helper; here a crash must be seen). Whatever the check accepts must survive both.
#include "fuzz_support.h"
#include "tokenizer/sentencepiece_model.h"

#include <cstring>
#include <memory>
#include <sentencepiece_processor.h>

namespace sentencepiece::logging {
void SetMinLogLevel(int v);
}

namespace {

using namespace spectro::darts;

void replayWalks(std::string_view map, std::string_view text)
{
    std::uint32_t trieBytes;
    std::memcpy(&trieBytes, map.data(), 4);
    const std::size_t n = trieBytes / 4;
    const std::unique_ptr<std::uint32_t[]> units(new std::uint32_t[n]); // exactly the trie: ASan guards its ends
    std::memcpy(units.get(), map.data() + 4, trieBytes);
    const std::string_view tail = map.substr(4 + trieBytes);
    const std::unique_ptr<char[]> normalized(new char[tail.size()]);
    std::memcpy(normalized.get(), tail.data(), tail.size());
    for (std::size_t start = 0; start < text.size(); ++start) {
        int matches = 0;
        std::uint32_t id = 0;
        id ^= offset(units[id]);
        for (std::size_t i = start; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            id ^= c;
            const std::uint32_t unit = units[id];
            if (label(unit) != c) break;
            id ^= offset(unit);
            if (hasLeaf(unit)) {
                ++matches;
                const std::uint32_t v = value(units[id]);
                volatile std::size_t length = std::strlen(normalized.get() + v); // the normalizer's read
                (void)length;
            }
        }
        if (matches > kMaxPrefixMatches) std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace spectro;
    static const bool quiet = [] {
        sentencepiece::logging::SetMinLogLevel(4);
        return true;
    }();
    (void)quiet;
    const std::string model = fuzz::bytes(data, size);
    SentencePieceModelInfo info;
    bool accepted = false;
    fuzz::refusedOrAccepted("fuzz.model", [&] {
        info = checkSentencePieceModel(model, "fuzz.model");
        accepted = true;
    });
    if (!accepted) return 0;
    // Text to walk and encode: every byte value appears in some input, the model's own bytes.
    const std::string_view text = std::string_view(model).substr(size > 256 ? size - 256 : 0);
    for (const auto& [at, length] : info.charsMaps) replayWalks(std::string_view(model).substr(at, length), text);
    sentencepiece::SentencePieceProcessor processor;
    if (processor.LoadFromSerializedProto(model).ok()) {
        std::vector<int> ids;
        if (processor.Encode(text, &ids).ok()) {
            for (int id : ids) {
                if (id < 0 || id >= processor.GetPieceSize()) std::abort();
            }
        }
    }
    return 0;
}
