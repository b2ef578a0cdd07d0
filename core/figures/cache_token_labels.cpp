// Token labels of a cached sample: the cache's own vocabulary, else the model's tokenizer.
#include "figures/token_labels.h"
#include "store/cache_reader.h"
#include "tokenizer/tokenizer.h"

namespace spectro::figures {

TokenLabels cacheTokenLabels(const CacheReader& cache, int sample, const Tokenizer* tokenizer)
{
    std::vector<int> ids = cache.tokens(sample);
    if (cache.hasVocabulary()) return labelTokens(std::move(ids), cache.vocabulary().pieces);
    std::vector<std::string> vocabulary;
    if (tokenizer) {
        vocabulary.resize(static_cast<std::size_t>(tokenizer->vocabSize()));
        for (int id = 0; id < tokenizer->vocabSize(); ++id)
            vocabulary[static_cast<std::size_t>(id)] = tokenizer->piece(id);
    }
    return labelTokens(std::move(ids), vocabulary);
}

} // namespace spectro::figures
