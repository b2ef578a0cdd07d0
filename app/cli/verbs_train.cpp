// Verbs that make and check the demo model: train (a LLaMa-2-architecture model from text) and
// sink (the BoS attention sink per layer).
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analysis/nll.h"
#include "analysis/sink.h"
#include "corpus/samples.h"
#include "engine/runtime.h"
#include "engine/transformer.h"
#include "model/checkpoint.h"
#include "model/checkpoint_loader.h"
#include "tokenizer/tokenizer.h"
#include "train/trainer.h"
#include "util/error.h"
#include "verbs.h"

namespace spectro::cli {
namespace {

std::atomic<bool> interrupted{false};
extern "C" void onInterrupt(int) { interrupted = true; }

std::vector<std::string> splitList(const std::string& list)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto end = std::min(list.find(',', start), list.size());
        if (end > start) out.push_back(list.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string duration(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    char out[32];
    if (s >= 3600) std::snprintf(out, sizeof out, "%ldh%02ldm", s / 3600, s / 60 % 60);
    else std::snprintf(out, sizeof out, "%ldm%02lds", s / 60, s % 60);
    return out;
}

std::string csvLine(const std::vector<double>& values)
{
    std::string s;
    char v[32];
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::snprintf(v, sizeof v, "%s%.4f", i ? "," : "", values[i]);
        s += v;
    }
    return s;
}

// Engine-side check of a written model: held-out NLL of the stored (e.g. f16) weights and the
// BoS sink per layer over full-length held-out windows.
void checkWrittenModel(const TrainSummary& s, int batch, const std::string& outDir)
{
    auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(outDir));
    Transformer engine(ckpt);
    NllTotal nll;
    BosSink sink(16);
    for (std::size_t i = 0; i < s.heldOutSamples.size(); i += static_cast<std::size_t>(batch)) {
        ForwardRequest r;
        r.taps = TapSet::parse("logits,attn");
        for (std::size_t k = i; k < std::min(s.heldOutSamples.size(), i + static_cast<std::size_t>(batch)); ++k) {
            r.samples.push_back(s.heldOutSamples[k]);
        }
        for (const auto& taps : engine.forward(r)) {
            nll.add(nextTokenNll(taps.logits, taps.tokens));
            sink.add(taps);
        }
    }
    const auto perLayer = sink.perLayer();
    std::printf("held-out NLL (written %s weights, engine): %.4f over %lld tokens\n", ckpt->storedDType.c_str(), nll.mean(),
                nll.tokens);
    std::printf("BoS sink per layer (mean attention to position 0, queries >= 16, head-averaged): %s\n",
                csvLine(perLayer).c_str());
    std::ofstream out(std::filesystem::path(outDir) / "sink.csv");
    out << "layer,bos_attention\n";
    for (std::size_t l = 0; l < perLayer.size(); ++l) out << l << "," << perLayer[l] << "\n";
}

int train(const Arguments& args)
{
    TrainOptions o;
    o.outDir = args.positional[0];
    o.corpus = splitList(args.required("corpus"));
    o.jsonlFields = splitList(args.text("jsonl-fields"));
    o.tokenizerPath = args.text("tokenizer");
    if (args.has("tokenizer") && args.has("vocab-size")) throw UsageError("give either --tokenizer or --vocab-size, not both");
    auto integer = [&](const char* name, int fallback, int min, int max) {
        return static_cast<int>(args.integer(name, fallback, min, max));
    };
    o.vocabSize = integer("vocab-size", o.vocabSize, 1, 1 << 20);
    o.dim = integer("dim", o.dim, 1, 1 << 16);
    o.layers = integer("layers", o.layers, 1, 1024);
    o.heads = integer("heads", o.heads, 1, 1024);
    o.kvHeads = integer("kv-heads", o.kvHeads, 1, 1024);
    o.hidden = integer("hidden", o.hidden, 1, 1 << 20);
    o.context = integer("context", o.context, 1, 1 << 20);
    o.steps = integer("steps", o.steps, 1, 1 << 30);
    o.batch = integer("batch", o.batch, 1, 1 << 20);
    o.warmup = integer("warmup", o.warmup, 0, 1 << 30);
    o.checkpointEvery = integer("checkpoint-every", o.checkpointEvery, 0, 1 << 30);
    o.evalEvery = integer("eval-every", o.evalEvery, 0, 1 << 30);
    o.lr = args.real("lr", o.lr);
    o.weightDecay = args.real("weight-decay", o.weightDecay);
    o.clip = args.real("clip", o.clip);
    o.heldOutFraction = args.real("held-out", o.heldOutFraction);
    o.seed = static_cast<std::uint64_t>(args.integer("seed", static_cast<long long>(o.seed), 0, std::numeric_limits<long long>::max()));
    o.resume = args.has("resume");
    o.exportOnly = args.has("export-only");
    o.splitParagraphs = args.has("split-paragraphs");
    o.documentBos = args.has("document-bos");
    o.repeatFraction = args.real("repeat-fraction", 0.0);
    const std::string dtype = args.text("dtype", "f16");
    if (dtype != "f16" && dtype != "f32") throw UsageError("--dtype " + dtype + " is not offered (f16 or f32)");
    o.outputDType = parseDType(dtype);
    const int logEvery = integer("log-every", 10, 1, 1 << 30);

    std::printf("training with %d threads\n", computeThreads());
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    const TrainSummary s = trainModel(o, [&](const TrainProgress& p) {
        if (!p.message.empty()) {
            std::printf("%s\n", p.message.c_str());
        } else if (p.step % logEvery == 0 || p.step == p.steps || !std::isnan(p.heldOutLoss)) {
            std::printf("step %6d/%d  loss %.4f", p.step, p.steps, p.loss);
            if (!std::isnan(p.heldOutLoss)) std::printf("  held-out %.4f", p.heldOutLoss);
            if (!p.bosSink.empty()) std::printf("  sink %s", csvLine(p.bosSink).c_str());
            std::printf("  lr %.2e  %.0f tok/s  ETA %s\n", p.lr, p.tokensPerSecond, duration(p.etaSeconds).c_str());
        }
        std::fflush(stdout);
        if (interrupted) {
            std::printf("interrupted at step %d: state saved in %s/train-state; continue with --resume\n", p.step,
                        o.outDir.c_str());
            std::fflush(stdout);
        }
        return !interrupted.load();
    });
    std::printf("trained %d steps in %s (%.0f tok/s this session); %lld training tokens\n", s.steps, duration(s.seconds).c_str(),
                s.tokensPerSecond, s.trainTokens);
    std::printf("held-out NLL (float32 training weights): %.4f over %lld tokens\n", s.heldOutNll, s.heldOutTokens);
    checkWrittenModel(s, o.batch, o.outDir);
    std::printf("wrote %s\n", o.outDir.c_str());
    return 0;
}

int sinkVerb(const Arguments& args)
{
    const OpenedModel m = openModel(modelArgument(args, 0), args, true);
    const Tokenizer& tok = requireTokenizer(m);
    const std::string text = args.required("text");
    const int maxTokens = static_cast<int>(args.integer("max-tokens", std::min(256, m.checkpoint->config.maxSeqLen), 2, 1 << 20));
    const int maxSamples = static_cast<int>(args.integer("max-samples", 32, 1, 1 << 20));
    const int minQuery = static_cast<int>(args.integer("min-query", 16, 0, 1 << 20));
    const auto samples = text.ends_with(".jsonl") ? samplesFromJsonl(text, args.text("field", "text"), tok, maxTokens, maxSamples)
                                                  : samplesFromTextFile(text, tok, maxTokens, maxSamples);
    BosSink sink(minQuery);
    for (const auto& s : samples) {
        ForwardRequest r;
        r.taps = TapSet::parse("attn");
        r.samples.push_back(s.tokens);
        sink.add(m.transformer->forward(r).front());
    }
    if (sink.queries() == 0) {
        throw Error(text + ": no sample is longer than --min-query " + std::to_string(minQuery) + " tokens");
    }
    const auto perLayer = sink.perLayer();
    if (args.has("per-head")) {
        const auto perHead = sink.perHead();
        std::printf("layer,head,bos_attention\n");
        for (std::size_t l = 0; l < perHead.size(); ++l) {
            for (std::size_t h = 0; h < perHead[l].size(); ++h) std::printf("%zu,%zu,%.4f\n", l, h, perHead[l][h]);
        }
        return 0;
    }
    std::printf("layer,bos_attention\n");
    for (std::size_t l = 0; l < perLayer.size(); ++l) std::printf("%zu,%.4f\n", l, perLayer[l]);
    return 0;
}

}  // namespace

std::vector<Verb> trainVerbs()
{
    return {
        {{"train", "OUTDIR",
          "Train a LLaMa-2-architecture model from text and write it as a Hugging Face directory\n"
          "(config.json, model.safetensors, tokenizer.model, loss.csv, training.json, sink.csv).\n"
          "Ctrl-C saves the state; --resume continues the run.",
          {{"corpus", "FILES", "comma-separated .txt (one document) or .jsonl (one per line) files"},
           {"jsonl-fields", "LIST", "JSON fields that make a document, in order (default: all string fields)"},
           {"tokenizer", "FILE", "an existing SentencePiece .model (default: train one)"},
           {"vocab-size", "N", "pieces of the trained tokenizer (default 2048; byte fallback)"},
           {"dim", "N", "residual width (default 192)"},
           {"layers", "N", "layers (default 6)"},
           {"heads", "N", "attention heads (default 6)"},
           {"kv-heads", "N", "key/value heads, grouped-query attention (default 2)"},
           {"hidden", "N", "SwiGLU inner width (default 512)"},
           {"context", "N", "context length, BoS included (default 256)"},
           {"steps", "N", "optimiser steps (default 1000)"},
           {"batch", "N", "windows per step (default 16)"},
           {"lr", "X", "peak learning rate (default 2e-3)"},
           {"warmup", "N", "linear warm-up steps, then cosine decay to lr/10 (default 50)"},
           {"weight-decay", "X", "AdamW weight decay on matrices (default 0.1)"},
           {"clip", "X", "gradient-norm clipping, 0 = off (default 1.0)"},
           {"seed", "S", "seed for weights and data order (default 1)"},
           {"held-out", "X", "fraction of every file held out (default 0.05)"},
           {"split-paragraphs", "", "a .txt file gives one document per blank-line-separated block"},
           {"document-bos", "", "BoS before every document in the stream (as LLaMa packs), not only per window"},
           {"repeat-fraction", "X", "share of windows holding one span twice (trains copying heads; default 0)"},
           {"checkpoint-every", "N", "save the training state every N steps (default 100)"},
           {"eval-every", "N", "held-out loss every N steps for the loss curve (default 50)"},
           {"log-every", "N", "print progress every N steps (default 10)"},
           {"resume", "", "continue the run saved in OUTDIR/train-state"},
           {"export-only", "", "with --resume: write the saved state as a model without training further"},
           {"dtype", "TYPE", "weights written as f16 (default) or f32"}},
          1, 1},
         train},
        {{"sink", "[MODEL]",
          "Print the BoS attention sink per layer as CSV: the mean attention that queries at\n"
          "positions >= 16 pay to position 0, averaged over heads. MODEL defaults to the demo model.",
          {{"text", "FILE", "text (.txt, cut into windows) or .jsonl (one sample per line)"},
           {"field", "NAME", "JSON field of a .jsonl file (default text)"},
           {"max-tokens", "N", "tokens per sample, BoS included (default min(256, context))"},
           {"max-samples", "N", "samples (default 32)"},
           {"min-query", "N", "first query position counted (default 16)"},
           {"per-head", "", "one row per layer and head instead of the head average"},
           tokenizerOption(), deviceOption(), gemmOption()},
          0, 1},
         sinkVerb},
    };
}

}  // namespace spectro::cli
