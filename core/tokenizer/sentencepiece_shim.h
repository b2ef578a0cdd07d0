#pragma once
// Finds and opens libspectro_spm.so, the module that isolates libsentencepiece (and its embedded
// protobuf) from libtorch's protobuf. Looked up in order: $SPECTRO_SPM_SHIM, beside the running
// executable's ../lib/spectroscope/, the build tree.
#include "tokenizer/spm_shim/spm_shim_api.h"

namespace spectro {

struct SentencePieceShim {
    spm_open_fn open;
    spm_close_fn close;
    spm_size_fn size;
    spm_bos_fn bos;
    spm_eos_fn eos;
    spm_encode_fn encode;
    spm_piece_fn piece;
    spm_train_fn train;
};

// Loaded once per process; throws Error saying where it looked when it cannot be found.
const SentencePieceShim& sentencePieceShim();

}  // namespace spectro
