#pragma once
// Trains a LLaMa-2-architecture model from text and writes it as a Hugging Face directory
// (config.json, model.safetensors, tokenizer.model) that every part of the app opens. The run
// checkpoints model, optimiser, step and data-sampler state to OUT_DIR/train-state, so that an
// interrupted run resumes where it stopped and produces the same loss curve. Torch-free header.
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "engine/array.h"
#include "model/model_config.h"
#include "train/train_options.h"

namespace spectro {

struct TrainProgress {
    std::string message;  // non-empty: an informational line ("training the tokenizer"), no step data
    int step = 0;         // steps completed
    int steps = 0;
    double loss = 0.0;
    double lr = 0.0;
    double heldOutLoss = std::numeric_limits<double>::quiet_NaN();  // on evaluation steps
    double tokensPerSecond = 0.0;
    double etaSeconds = 0.0;
    std::vector<double> bosSink;  // per layer, on evaluation steps (the training model's own attention)
};
// Return false to stop: the state is saved at the current step and Cancelled is thrown.
using TrainProgressFn = std::function<bool(const TrainProgress&)>;

struct TrainSummary {
    std::string modelDir;
    ModelConfig config;
    long long trainTokens = 0, heldOutTokens = 0;
    int steps = 0;
    double seconds = 0.0;          // training time over all sessions of the run
    double tokensPerSecond = 0.0;  // of this session
    double heldOutNll = 0.0;       // mean next-token NLL over all held-out windows (float32 weights)
    std::vector<std::vector<int>> heldOutSamples;  // BoS + context-1 tokens each
};

TrainSummary trainModel(const TrainOptions& options, const TrainProgressFn& progress = {});

// The logits [T, V] of the training model saved in OUT_DIR/train-state for one sample: the
// reference the written weights are checked against (test support).
Array trainStateLogits(const std::string& outDir, const std::vector<int>& tokens);

}  // namespace spectro
