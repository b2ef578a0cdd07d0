#pragma once
// Opens any supported checkpoint: a Hugging Face directory, a GGUF file or a llama2.c file,
// recognised by content (magic numbers), not by file name.
#include <string>

#include "model/checkpoint.h"
#include "util/progress.h"

namespace spectro {

Checkpoint loadCheckpoint(const std::string& path, const ProgressFn& progress = {});

}  // namespace spectro
