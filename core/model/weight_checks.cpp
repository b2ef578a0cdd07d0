#include "model/weight_checks.h"

#include "model/checkpoint.h"
#include "tokenizer/vocabulary_checks.h"
#include "util/log.h"

#include <cstring>

namespace spectro {
namespace {

// All exponent bits set: NaN or infinity, for every IEEE-style type.
template <typename Bits> NonFinite scan(const std::byte* data, std::uint64_t n, Bits exponentMask)
{
    NonFinite result;
    constexpr std::uint64_t kBlock = 4096;
    for (std::uint64_t start = 0; start < n; start += kBlock) {
        const std::uint64_t end = std::min(n, start + kBlock);
        std::uint64_t count = 0;
        // A branch-free count per block (the compiler vectorises it); the first index is looked
        // up only in a block that has one.
        for (std::uint64_t i = start; i < end; ++i) {
            Bits v;
            std::memcpy(&v, data + i * sizeof(Bits), sizeof v);
            count += (v & exponentMask) == exponentMask;
        }
        if (count == 0) continue;
        if (result.count == 0) {
            for (std::uint64_t i = start; i < end; ++i) {
                Bits v;
                std::memcpy(&v, data + i * sizeof(Bits), sizeof v);
                if ((v & exponentMask) == exponentMask) {
                    result.first = i;
                    break;
                }
            }
        }
        result.count += count;
    }
    return result;
}

} // namespace

NonFinite countNonFinite(DType type, const std::byte* data, std::uint64_t n)
{
    switch (type) {
    case DType::F32: return scan<std::uint32_t>(data, n, 0x7f800000u);
    case DType::F16: return scan<std::uint16_t>(data, n, 0x7c00u);
    case DType::BF16: return scan<std::uint16_t>(data, n, 0x7f80u);
    }
    return {};
}

void checkSpecialTokenIds(const Checkpoint& checkpoint)
{
    const auto& c = checkpoint.config;
    checkSpecialId(c.bosId, c.vocabSize, "bos_token_id", checkpoint.path);
    checkSpecialId(c.eosId, c.vocabSize, "eos_token_id", checkpoint.path);
}

int warnNonFiniteWeights(const Checkpoint& checkpoint)
{
    std::uint64_t totalBytes = 0;
    for (const auto& [name, t] : checkpoint.tensors) totalBytes += t.byteSize();
    const bool full = totalBytes <= kFullWeightScanBytes;
    int flagged = 0;
    for (const auto& [name, t] : checkpoint.tensors) {
        if (name == "output" && t.data == checkpoint.tensor("token_embedding").data) continue; // tied: one scan
        const std::uint64_t n = static_cast<std::uint64_t>(t.numel());
        const std::size_t size = dtypeSize(t.dtype);
        const bool everything = full || n * size <= 3 * 65536;
        NonFinite found;
        if (everything) {
            found = countNonFinite(t.dtype, t.data, n);
        } else {
            const std::uint64_t window = 65536 / size;
            for (std::uint64_t start : {std::uint64_t{0}, n / 2, n - window}) {
                const NonFinite part = countNonFinite(t.dtype, t.data + start * size, window);
                if (part.count && !found.count) found.first = start + part.first;
                found.count += part.count;
            }
        }
        if (found.count == 0) continue;
        ++flagged;
        warn(checkpoint.path + ": tensor '" + t.name + "' holds " + std::to_string(found.count) +
             " NaN or infinite value" + (found.count == 1 ? "" : "s") + (everything ? "" : " in the sampled 192 KiB") +
             " (the first at element " + std::to_string(found.first) + "); every activation after it will be NaN");
    }
    return flagged;
}

} // namespace spectro
