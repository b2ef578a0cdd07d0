#pragma once
// libsentencepiece runs in a helper process, spectroscope-spm (tokenizer/spm_helper/), for two
// reasons:
//  - it must never take the app down: Debian's 0.1.97 reads out of bounds on crafted models
//    (upstream #1263, #1267, #1269, #1272). tokenizer/sentencepiece_model.h checks every model
//    before the library sees it; should the library still crash or hang on one, only the helper
//    dies (or is killed after a timeout) and the app reports one line;
//  - libsentencepiece embeds protobuf-lite 3.14 and exports its symbols, libtorch loads the full
//    libprotobuf 3.21: in one process they crash at start-up or fail protobuf's version check
//    (docs/architecture.md). A process of its own needs no RTLD_DEEPBIND, which AddressSanitizer
//    refuses, so the whole suite runs under ASan.
// The helper is found through $SPECTRO_SPM_HELPER, beside the executable
// (../lib/spectroscope/spectroscope-spm or ./spectroscope-spm), or in the build tree.
#include <mutex>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace spectro {

class SentencePieceProcess {
public:
    // Starts a helper; `source` names the model (or the training) in errors.
    explicit SentencePieceProcess(std::string source);
    ~SentencePieceProcess();
    SentencePieceProcess(const SentencePieceProcess&) = delete;
    SentencePieceProcess& operator=(const SentencePieceProcess&) = delete;

    struct Model {
        int size = 0, bos = -1, eos = -1, unk = -1;
        std::vector<std::string> pieces;
    };
    // Loads a serialized ModelProto (checked first by the caller).
    Model load(std::string_view model);
    // The ids of `text` (no BoS).
    std::vector<int> encode(std::string_view text);
    // SentencePieceTrainer::Train(arguments).
    void train(const std::string& arguments);

private:
    std::string call(unsigned op, std::string_view payload, int timeoutMs);
    [[noreturn]] void died(const std::string& during);
    std::string source_;
    std::mutex mutex_;
    pid_t pid_ = -1;
    int socket_ = -1;
};

// The helper executable this process uses ("" when none is found), for messages and tests.
std::string sentencePieceHelperPath();

} // namespace spectro
