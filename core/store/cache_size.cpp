#include "store/cache_size.h"

#include "util/error.h"

#include <filesystem>
#include <limits>

namespace spectro {

std::uint64_t estimateSampleBytes(const ModelConfig& c, const TapSet& taps, TapDType dtype, std::int64_t tokens)
{
    const std::uint64_t d = static_cast<std::uint64_t>(c.dim), L = static_cast<std::uint64_t>(c.nLayers);
    const std::uint64_t t = static_cast<std::uint64_t>(tokens);
    std::uint64_t values = 0;
    if (taps.resid) values += (L + 1) * t * d;
    if (taps.residMid) values += L * t * d;
    if (taps.attnOut) values += L * t * d;
    if (taps.mlpOut) values += L * t * d;
    if (taps.attention) values += L * static_cast<std::uint64_t>(c.nHeads) * t * t;
    if (taps.logits) values += t * static_cast<std::uint64_t>(c.vocabSize);
    return values * tapDTypeBytes(dtype) + t * 8; // + int32 tokens and float32 nll
}

std::uint64_t freeBytesBeside(const std::string& path)
{
    std::error_code ec;
    const auto space = std::filesystem::space(std::filesystem::absolute(path).parent_path(), ec);
    return ec ? std::numeric_limits<std::uint64_t>::max() : space.available;
}

std::string mebibytes(std::uint64_t bytes)
{
    return std::to_string((bytes + (1u << 19)) >> 20) + " MiB";
}

void requireFreeSpace(const std::string& path, std::uint64_t bytes, const std::string& what)
{
    const std::uint64_t available = freeBytesBeside(path);
    if (available == std::numeric_limits<std::uint64_t>::max()) return;
    if (available < bytes + (16u << 20)) {
        throw Error(path + ": " + what + " needs about " + mebibytes(bytes) + " but only " + mebibytes(available) +
                    " are free in " + std::filesystem::absolute(path).parent_path().string());
    }
}

} // namespace spectro
