#pragma once
// Everything a training run is made of: the corpus, the tokenizer, the architecture and the
// optimisation recipe. A run is reproducible from these values alone (plus the thread count);
// they are stored in OUT_DIR/train-state so that a resumed run can refuse changed options.
#include <cstdint>
#include <string>
#include <vector>

#include "model/dtype.h"

namespace spectro {

struct TrainOptions {
    // Data.
    std::vector<std::string> corpus;    // .txt (one document) or .jsonl (one document per line)
    std::vector<std::string> jsonlFields;  // fields joined into a JSON-lines document; empty: all string fields
    double heldOutFraction = 0.05;      // the last part of every file's tokens is held out
    bool splitParagraphs = false;       // a text file gives one document per blank-line-separated block
    bool documentBos = false;           // BoS before every document in the token stream, as LLaMa packs
    // Share of training windows made of a span followed by the same span again: repetition trains
    // copying (induction) heads early, which need a place to rest when nothing repeats.
    double repeatFraction = 0.0;

    // Tokenizer: an existing SentencePiece .model, or one trained from the corpus.
    std::string tokenizerPath;
    int vocabSize = 2048;

    // Architecture (LLaMa-2: RMSNorm, RoPE, SwiGLU, grouped-query attention, untied W_u).
    int dim = 192;
    int layers = 6;
    int heads = 6;
    int kvHeads = 2;
    int hidden = 512;
    int context = 256;
    double ropeTheta = 10000.0;
    double normEps = 1e-5;

    // Optimisation: AdamW, linear warm-up then cosine decay to minLrFraction * lr.
    int steps = 1000;
    int batch = 16;
    double lr = 2e-3;
    double minLrFraction = 0.1;
    int warmup = 50;
    double weightDecay = 0.1;
    double beta1 = 0.9, beta2 = 0.95;
    double clip = 1.0;
    std::uint64_t seed = 1;

    // Bookkeeping.
    int checkpointEvery = 100;  // 0: only at the end and on interruption
    int evalEvery = 50;         // held-out loss on a fixed subset, for the loss curve (0: never)
    int evalBatches = 2;
    bool resume = false;
    bool exportOnly = false;  // with resume: write the saved state as a model, train no further
    DType outputDType = DType::F16;
    std::string outDir;

    // Throws Error naming the first option that does not fit ("--heads 5 does not divide --dim 192").
    void validate() const;
    // The options that must not change when a run is resumed, as JSON text.
    std::string recipeJson() const;
};

}  // namespace spectro
