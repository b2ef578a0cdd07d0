#include "tokenizer/sentencepiece_shim.h"

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "util/error.h"

#ifndef SPECTRO_SPM_SHIM_BUILD_PATH
#define SPECTRO_SPM_SHIM_BUILD_PATH ""
#endif

namespace spectro {
namespace {

std::vector<std::string> candidates()
{
    std::vector<std::string> paths;
    if (const char* env = std::getenv("SPECTRO_SPM_SHIM")) paths.emplace_back(env);
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        paths.push_back((exe.parent_path() / "../lib/spectroscope/libspectro_spm.so").string());
        paths.push_back((exe.parent_path() / "libspectro_spm.so").string());
    }
    paths.emplace_back(SPECTRO_SPM_SHIM_BUILD_PATH);
    return paths;
}

template <typename Fn>
Fn symbol(void* library, const char* name, const std::string& path)
{
    void* p = ::dlsym(library, name);
    if (!p) throw Error(path + ": symbol " + name + " is missing");
    return reinterpret_cast<Fn>(p);
}

SentencePieceShim load()
{
    std::string tried;
    for (const auto& path : candidates()) {
        if (path.empty() || !std::filesystem::exists(path)) {
            tried += (tried.empty() ? "" : ", ") + (path.empty() ? std::string("(build path unset)") : path);
            continue;
        }
        // DEEPBIND: sentencepiece binds to its own protobuf; LOCAL: nobody else binds to it.
        void* library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
        if (!library) throw Error(path + ": cannot load the SentencePiece module: " + ::dlerror());
        return SentencePieceShim{symbol<spm_open_fn>(library, "spm_open", path),
                                 symbol<spm_close_fn>(library, "spm_close", path),
                                 symbol<spm_size_fn>(library, "spm_size", path),
                                 symbol<spm_bos_fn>(library, "spm_bos", path),
                                 symbol<spm_eos_fn>(library, "spm_eos", path),
                                 symbol<spm_encode_fn>(library, "spm_encode", path),
                                 symbol<spm_piece_fn>(library, "spm_piece", path),
                                 symbol<spm_train_fn>(library, "spm_train", path)};
    }
    throw Error("the SentencePiece module libspectro_spm.so was not found (looked in: " + tried + ")");
}

}  // namespace

const SentencePieceShim& sentencePieceShim()
{
    static std::once_flag once;
    static SentencePieceShim shim;
    static std::string failure;
    std::call_once(once, [] {
        try {
            shim = load();
        } catch (const Error& e) {
            failure = e.what();
        }
    });
    if (!failure.empty()) throw Error(failure);
    return shim;
}

}  // namespace spectro
