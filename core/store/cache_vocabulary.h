#pragma once
// /vocabulary of a cache: the tokenizer's pieces, so that a cache opened without its model can
// still label its tokens (docs/cache-format.md). Stored as variable-length UTF-8 strings, which
// h5py and h5dump read as text. Internal to core/store: CacheWriter and CacheReader use it.
#include "store/cache_reader.h"

#include <hdf5.h>
#include <string>

namespace spectro::h5 {

// Replaces /vocabulary of `file`. `path` names the cache in errors.
void writeVocabulary(hid_t file, const StoredVocabulary& vocabulary, const std::string& path);
bool hasVocabulary(hid_t file);
// Throws Error naming the cache when /vocabulary exists but is not a string array.
StoredVocabulary readVocabulary(hid_t file, const std::string& path);

} // namespace spectro::h5
