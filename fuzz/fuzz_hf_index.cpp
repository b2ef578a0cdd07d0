// model.safetensors.index.json: the weight map, and that every shard stays inside the folder.
#include "fuzz_support.h"
#include "model/hf_loader.h"

#include <filesystem>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace spectro;
    fuzz::refusedOrAccepted("model.safetensors.index.json", [&] {
        for (const auto& [tensor, shard] :
             parseSafetensorsIndex(fuzz::bytes(data, size), "model.safetensors.index.json")) {
            // Containment held: a relative path with no "." or ".." component.
            const std::filesystem::path p(shard);
            if (shard.empty() || !p.is_relative()) std::abort();
            for (const auto& part : p)
                if (part == ".." || part == ".") std::abort();
        }
    });
    return 0;
}
