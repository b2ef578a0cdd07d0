#pragma once
// Where the layers run: one device for the whole model, or contiguous blocks of layers on several
// devices, because a 70B model in bf16 (138 GB) is more than one H200 holds. The residual stream
// moves to the next block's device between two layers; the embedding runs on the first block's
// device, the final norm and the unembedding on the last one's. Torch-free, so that the rule is
// tested without a GPU ("cpu,cpu" places two blocks on one device).
#include <string>
#include <vector>

namespace spectro {

struct Placement {
    std::vector<std::string> stages;  // the device of each block, in layer order: "cpu", "cuda", "cuda:N"
    std::vector<int> firstLayer;  // block s holds layers [firstLayer[s], firstLayer[s + 1]), the last one up to `layers`
    int layers = 0;

    int stageOf(int layer) const;
    const std::string& deviceOf(int layer) const { return stages.at(static_cast<std::size_t>(stageOf(layer))); }
    const std::string& outputDevice() const { return stages.back(); }
    bool cpuOnly() const;
    // "cpu" for one block, else "cuda:0[0-19],cuda:1[20-39]" (device and its layers).
    std::string toString() const;
};

// Parses the --device text: "cpu", "cuda", "cuda:N", a comma list of them ("cuda:0,cuda:1"), or
// "auto" (the first `cudaDevices` GPUs, one block each, or the CPU when there is none). A list
// splits the `layers` into blocks of equal size, the first blocks one layer larger when they do
// not divide. Throws Error for anything else, and for more devices than layers. Whether a device
// exists is checked by the runtime (engine/runtime.h, resolvePlacement).
Placement parsePlacement(const std::string& spec, int layers, int cudaDevices);

}  // namespace spectro
