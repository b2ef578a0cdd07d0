#pragma once
// The messages between the app and spectroscope-spm, the helper process that runs
// libsentencepiece (tokenizer/sentencepiece_process.h says why it is a process). Both ends run on
// one machine from one build, so the framing is plain native-endian integers:
//   request:  u32 op, u32 0, u64 length, `length` bytes of payload
//   response: i32 status (0 ok, 1 error), u32 0, u64 length, payload (on error: the message)
#include <cstdint>

namespace spectro::spm {

enum Op : std::uint32_t {
    kLoad = 1,   // payload: a serialized ModelProto. Reply: i32 size, bos, eos, unk, then per piece u32 length + bytes
    kEncode = 2, // payload: UTF-8 text. Reply: i32 ids
    kTrain = 3,  // payload: SentencePieceTrainer::Train arguments. Reply: empty
};

struct Header {
    std::uint32_t word = 0; // op in a request, status in a response
    std::uint32_t zero = 0;
    std::uint64_t length = 0;
};

// The largest message either side accepts (a model, a text to encode).
constexpr std::uint64_t kMaxMessageBytes = 1ull << 30;

} // namespace spectro::spm
