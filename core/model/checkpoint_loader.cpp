#include "model/checkpoint_loader.h"

#include <cstring>
#include <filesystem>

#include "io/mapped_file.h"
#include "model/gguf_loader.h"
#include "model/hf_loader.h"
#include "model/llama2c_loader.h"
#include "model/weight_checks.h"
#include "util/error.h"

namespace spectro {

Checkpoint loadCheckpoint(const std::string& path, const ProgressFn& progress)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(path + ": no such file or directory");
    Checkpoint ckpt;
    if (fs::is_directory(path, ec)) {
        if (!looksLikeHuggingFaceDir(path)) throw Error(path + ": directory has no config.json (not a Hugging Face model)");
        ckpt = loadHuggingFace(path, progress);
    } else {
        auto file = MappedFile::open(path);
        if (looksLikeGguf(*file)) {
            ckpt = loadGguf(file, progress);
        } else if (looksLikeLlama2c(*file)) {
            ckpt = loadLlama2c(file, progress);
        } else {
            throw Error(path + ": unrecognised checkpoint format (expected a GGUF file, a llama2.c .bin or a "
                               "Hugging Face directory)");
        }
    }
    // Some exporters write the classifier as an explicit copy of the embedding: call that tied.
    const auto& emb = ckpt.tensor("token_embedding");
    const auto& out = ckpt.tensor("output");
    if (!ckpt.config.tiedEmbeddings && emb.dtype == out.dtype && emb.rowOrder.empty() && out.rowOrder.empty() &&
        (emb.data == out.data || std::memcmp(emb.data, out.data, emb.byteSize()) == 0)) {
        ckpt.config.tiedEmbeddings = true;
    }
    checkSpecialTokenIds(ckpt);
    warnNonFiniteWeights(ckpt);
    return ckpt;
}

}  // namespace spectro
