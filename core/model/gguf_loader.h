#pragma once
// GGUF v2/v3 files of architecture "llama": F32, F16, BF16 and Q8_0 tensors (Q8_0 is dequantised
// to F32), hyper-parameters and the vocabulary from the metadata. GGUF stores W_q/W_k in the
// interleaved RoPE layout, our canonical one, so no permutation is needed.
#include <memory>

#include "model/checkpoint.h"
#include "util/progress.h"

namespace spectro {

class MappedFile;

bool looksLikeGguf(const MappedFile& file);
Checkpoint loadGguf(std::shared_ptr<const MappedFile> file, const ProgressFn& progress = {});

}  // namespace spectro
