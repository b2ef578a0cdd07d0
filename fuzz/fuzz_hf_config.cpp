// config.json: the depth-limited, duplicate-refusing JSON reader and the integer range checks of
// the config fields. (The app reads no tokenizer_config.json; this reader is what any JSON file
// of a model folder goes through.)
#include "fuzz_support.h"
#include "model/hf_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace spectro;
    fuzz::refusedOrAccepted("config.json", [&] { parseHuggingFaceConfig(fuzz::bytes(data, size), "config.json"); });
    return 0;
}
