#include "train/train_options.h"

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace spectro {
namespace {

void require(bool ok, const std::string& message)
{
    if (!ok) throw Error(message);
}

std::string str(double v)
{
    std::string s = std::to_string(v);
    return s;
}

}  // namespace

void TrainOptions::validate() const
{
    require(!corpus.empty(), "no corpus given (--corpus FILE)");
    require(!outDir.empty(), "no output directory given");
    require(dim >= 2 && dim <= 8192, "--dim " + std::to_string(dim) + " is outside 2..8192");
    require(layers >= 1 && layers <= 256, "--layers " + std::to_string(layers) + " is outside 1..256");
    require(heads >= 1 && dim % heads == 0,
            "--heads " + std::to_string(heads) + " does not divide --dim " + std::to_string(dim));
    require((dim / heads) % 2 == 0, "--dim " + std::to_string(dim) + " / --heads " + std::to_string(heads) +
                                        " gives an odd head size " + std::to_string(dim / heads) + " (RoPE needs it even)");
    require(kvHeads >= 1 && heads % kvHeads == 0,
            "--kv-heads " + std::to_string(kvHeads) + " does not divide --heads " + std::to_string(heads));
    require(hidden >= 1 && hidden <= 65536, "--hidden " + std::to_string(hidden) + " is outside 1..65536");
    require(context >= 2 && context <= 65536, "--context " + std::to_string(context) + " is outside 2..65536");
    if (tokenizerPath.empty()) {
        // 256 byte pieces + <unk>, <s>, </s> come first with byte fallback.
        require(vocabSize >= 260 && vocabSize <= 65536,
                "--vocab-size " + std::to_string(vocabSize) + " is outside 260..65536 (byte fallback needs 259 pieces)");
    }
    require(steps >= 1, "--steps must be at least 1");
    require(batch >= 1 && batch <= 4096, "--batch " + std::to_string(batch) + " is outside 1..4096");
    require(lr > 0 && lr < 1, "--lr " + str(lr) + " is outside (0, 1)");
    require(minLrFraction >= 0 && minLrFraction <= 1, "minimum learning-rate fraction must lie in [0, 1]");
    require(warmup >= 0, "--warmup must not be negative");
    require(weightDecay >= 0 && weightDecay < 10, "--weight-decay " + str(weightDecay) + " is outside [0, 10)");
    require(clip >= 0, "--clip must not be negative (0 switches clipping off)");
    require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam betas must lie in [0, 1)");
    require(heldOutFraction > 0 && heldOutFraction < 0.5, "held-out fraction must lie in (0, 0.5)");
    require(!exportOnly || resume, "exporting the saved state needs --resume");
    require(repeatFraction >= 0 && repeatFraction <= 1, "--repeat-fraction must lie in [0, 1]");
    require(checkpointEvery >= 0, "--checkpoint-every must not be negative");
    require(evalEvery >= 0 && evalBatches >= 1, "--eval-every must not be negative");
}

std::string TrainOptions::recipeJson() const
{
    nlohmann::ordered_json j = {
        {"corpus", corpus},       {"jsonl_fields", jsonlFields}, {"held_out_fraction", heldOutFraction},
        {"split_paragraphs", splitParagraphs}, {"document_bos", documentBos}, {"repeat_fraction", repeatFraction},
        {"vocab_size", vocabSize}, {"dim", dim},                 {"layers", layers},
        {"heads", heads},         {"kv_heads", kvHeads},         {"hidden", hidden},
        {"context", context},     {"rope_theta", ropeTheta},     {"norm_eps", normEps},
        {"steps", steps},         {"batch", batch},              {"lr", lr},
        {"min_lr_fraction", minLrFraction}, {"warmup", warmup},  {"weight_decay", weightDecay},
        {"beta1", beta1},         {"beta2", beta2},              {"clip", clip},
        {"seed", seed},           {"eval_every", evalEvery},     {"eval_batches", evalBatches},
    };
    return j.dump();
}

}  // namespace spectro
