// The only translation unit that sees libsentencepiece (see core/CMakeLists.txt for why).
#include <cstring>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>
#include <string>
#include <vector>

#include "spm_shim_api.h"

// Exported by libsentencepiece but declared only in its private common.h.
namespace sentencepiece::logging {
void SetMinLogLevel(int v);
}

namespace {

void copyError(const std::string& message, char* error, int capacity)
{
    if (!error || capacity <= 0) return;
    const auto n = std::min<std::size_t>(message.size(), static_cast<std::size_t>(capacity - 1));
    std::memcpy(error, message.data(), n);
    error[n] = '\0';
}

sentencepiece::SentencePieceProcessor* processor(void* handle)
{
    return static_cast<sentencepiece::SentencePieceProcessor*>(handle);
}

}  // namespace

#define SPM_EXPORT extern "C" __attribute__((visibility("default")))

SPM_EXPORT void* spm_open(const char* path, char* error, int errorCapacity)
{
    auto* p = new sentencepiece::SentencePieceProcessor();
    const auto status = p->Load(path);
    if (!status.ok()) {
        copyError(status.ToString(), error, errorCapacity);
        delete p;
        return nullptr;
    }
    return p;
}

SPM_EXPORT void spm_close(void* handle) { delete processor(handle); }
SPM_EXPORT int spm_size(void* handle) { return processor(handle)->GetPieceSize(); }
SPM_EXPORT int spm_bos(void* handle) { return processor(handle)->bos_id(); }
SPM_EXPORT int spm_eos(void* handle) { return processor(handle)->eos_id(); }

SPM_EXPORT int spm_encode(void* handle, const char* text, int length, int* ids, int capacity, char* error,
                          int errorCapacity)
{
    std::vector<int> out;
    const auto status = processor(handle)->Encode(std::string(text, static_cast<std::size_t>(length)), &out);
    if (!status.ok()) {
        copyError(status.ToString(), error, errorCapacity);
        return -1;
    }
    for (int i = 0; i < static_cast<int>(out.size()) && i < capacity; ++i) ids[i] = out[static_cast<std::size_t>(i)];
    return static_cast<int>(out.size());
}

SPM_EXPORT int spm_piece(void* handle, int id, char* out, int capacity)
{
    const std::string piece = processor(handle)->IdToPiece(id);
    std::memcpy(out, piece.data(), std::min<std::size_t>(piece.size(), static_cast<std::size_t>(capacity)));
    return static_cast<int>(piece.size());
}

SPM_EXPORT int spm_train(const char* args, char* error, int errorCapacity)
{
    // The trainer logs to std::cerr. Opened with RTLD_DEEPBIND, this module binds std::cerr to
    // libstdc++'s own object, which is never constructed when the executable holds a copy
    // relocation of it (any program that uses iostreams): the first log line would crash.
    // Failures still come back through the returned status.
    sentencepiece::logging::SetMinLogLevel(4);
    const auto status = sentencepiece::SentencePieceTrainer::Train(args);
    if (!status.ok()) {
        copyError(status.ToString(), error, errorCapacity);
        return -1;
    }
    return 0;
}
