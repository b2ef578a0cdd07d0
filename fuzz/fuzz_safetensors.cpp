// The safetensors container: the header length, the JSON header (depth, duplicate keys, every
// entry), and the placement of the tensors in the data section.
#include "fuzz_support.h"
#include "io/mapped_file.h"
#include "model/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace spectro;
    fuzz::refusedOrAccepted("fuzz.safetensors", [&] {
        for (const auto& [name, tensor] :
             readSafetensors(MappedFile::fromBytes("fuzz.safetensors", fuzz::bytes(data, size)))) {
            // Touch the first and last byte: the range must lie inside the input.
            if (tensor.byteSize() > 0) {
                volatile std::byte first = tensor.data[0], last = tensor.data[tensor.byteSize() - 1];
                (void)first, (void)last;
            }
        }
    });
    return 0;
}
