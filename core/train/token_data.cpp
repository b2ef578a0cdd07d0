#include "train/token_data.h"

#include <algorithm>
#include <sstream>

#include "tokenizer/tokenizer.h"
#include "train/corpus_documents.h"
#include "util/error.h"

namespace spectro {

TokenData tokenizeCorpus(const std::vector<CorpusFile>& corpus, const Tokenizer& tokenizer, double heldOutFraction,
                         int context, bool documentBos)
{
    TokenData data;
    data.bosId = tokenizer.bosId();
    const int eos = tokenizer.eosId();
    for (const auto& file : corpus) {
        std::vector<int> stream;
        for (const auto& doc : file.documents) {
            const auto ids = tokenizer.encode(doc, documentBos);
            stream.insert(stream.end(), ids.begin(), ids.end());
            stream.push_back(eos);
        }
        if (stream.size() < 4) throw Error(file.path + ": the corpus file gives fewer than 4 tokens");
        auto cut = static_cast<std::size_t>(static_cast<double>(stream.size()) * (1.0 - heldOutFraction));
        cut = std::clamp<std::size_t>(cut, 1, stream.size() - 2);
        data.train.insert(data.train.end(), stream.begin(), stream.begin() + static_cast<std::ptrdiff_t>(cut));
        data.heldOut.insert(data.heldOut.end(), stream.begin() + static_cast<std::ptrdiff_t>(cut), stream.end());
    }
    if (data.train.size() < static_cast<std::size_t>(context) + 1) {
        throw Error("the corpus has " + std::to_string(data.train.size()) + " training tokens, fewer than one window of --context " +
                    std::to_string(context) + " + 1");
    }
    return data;
}

std::vector<std::vector<int>> heldOutSamples(const TokenData& data, int context, int maxSamples)
{
    std::vector<std::vector<int>> out;
    const std::size_t window = static_cast<std::size_t>(context - 1);
    for (std::size_t start = 0; start < data.heldOut.size() && static_cast<int>(out.size()) < maxSamples; start += window) {
        const std::size_t end = std::min(data.heldOut.size(), start + window);
        std::vector<int> s{data.bosId};
        s.insert(s.end(), data.heldOut.begin() + static_cast<std::ptrdiff_t>(start),
                 data.heldOut.begin() + static_cast<std::ptrdiff_t>(end));
        out.push_back(std::move(s));
    }
    return out;
}

WindowSampler::WindowSampler(const TokenData& data, int context, std::uint64_t seed, double repeatFraction)
    : data_(data), context_(context), repeatFraction_(repeatFraction), rng_(seed)
{
}

void WindowSampler::next(int batch, std::vector<std::int64_t>& inputs, std::vector<std::int64_t>& targets)
{
    const std::size_t T = static_cast<std::size_t>(context_);
    const std::uint64_t starts = data_.train.size() - T + 1;
    inputs.resize(static_cast<std::size_t>(batch) * T);
    targets.resize(inputs.size());
    for (std::size_t b = 0; b < static_cast<std::size_t>(batch); ++b) {
        // Modulo, not std::uniform_int_distribution, whose algorithm differs between libraries.
        const std::size_t o = static_cast<std::size_t>(rng_() % starts);
        // Draw only when repetition is on, so that runs without it keep their data order.
        const bool repeat = repeatFraction_ > 0 && static_cast<double>(rng_() >> 11) * 0x1.0p-53 < repeatFraction_;
        const std::size_t span = (T - 1) / 2;
        auto source = [&](std::size_t t) { return data_.train[o + (repeat && span > 0 ? t % span : t)]; };
        inputs[b * T] = data_.bosId;
        for (std::size_t t = 0; t < T; ++t) {
            if (t + 1 < T) inputs[b * T + t + 1] = source(t);
            targets[b * T + t] = source(t);
        }
    }
}

std::string WindowSampler::state() const
{
    std::ostringstream s;
    s << rng_;
    return s.str();
}

void WindowSampler::restore(const std::string& state)
{
    std::istringstream s(state);
    s >> rng_;
    if (!s) throw Error("train-state: the data sampler state is unreadable");
}

}  // namespace spectro
