#pragma once
// The C interface of the SentencePiece module (libspectro_spm.so). Plain C types only, so that
// nothing of libsentencepiece's embedded protobuf crosses into the main program.
#ifdef __cplusplus
extern "C" {
#endif

typedef void* (*spm_open_fn)(const char* path, char* error, int errorCapacity);
typedef void (*spm_close_fn)(void* handle);
typedef int (*spm_size_fn)(void* handle);
typedef int (*spm_bos_fn)(void* handle);
typedef int (*spm_eos_fn)(void* handle);
// Writes up to `capacity` ids; returns how many there are (call again with more room if larger),
// or -1 with `error` set.
typedef int (*spm_encode_fn)(void* handle, const char* text, int length, int* ids, int capacity, char* error,
                             int errorCapacity);
// Writes the piece (not NUL-terminated) up to `capacity` bytes; returns its full length.
typedef int (*spm_piece_fn)(void* handle, int id, char* out, int capacity);
// Trains a model with SentencePieceTrainer::Train(args); returns 0, or -1 with `error` set.
typedef int (*spm_train_fn)(const char* args, char* error, int errorCapacity);

#ifdef __cplusplus
}
#endif
