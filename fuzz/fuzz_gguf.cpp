// GGUF: header, metadata (every value type, arrays of strings), tensor table, vocabulary, and the
// checks after loading (special ids, NaN scan).
#include "fuzz_support.h"
#include "io/mapped_file.h"
#include "model/gguf_loader.h"
#include "model/weight_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace spectro;
    fuzz::refusedOrAccepted("fuzz.gguf", [&] {
        const Checkpoint c = loadGguf(MappedFile::fromBytes("fuzz.gguf", fuzz::bytes(data, size)));
        checkSpecialTokenIds(c);
        warnNonFiniteWeights(c);
    });
    return 0;
}
