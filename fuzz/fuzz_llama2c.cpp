// llama2.c checkpoints: the v0 header (7 int32), and the 256-byte v1 / v2 headers ("ak42"), with
// the weights that follow (v2: Q8_0 groups, dequantised).
#include "fuzz_support.h"
#include "io/mapped_file.h"
#include "model/llama2c_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace spectro;
    fuzz::refusedOrAccepted("fuzz.bin", [&] {
        const auto file = MappedFile::fromBytes("fuzz.bin", fuzz::bytes(data, size));
        if (looksLikeLlama2c(*file)) loadLlama2c(file);
    });
    return 0;
}
