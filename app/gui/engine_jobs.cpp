#include "engine_jobs.h"

#include "engine/generate.h"
#include "engine/transformer.h"
#include "model/checkpoint.h"
#include "model/checkpoint_loader.h"
#include "model/fingerprint.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <QCoreApplication>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace spectro::gui {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Maps a sub-task's 0..1 onto [from, to] of the whole job.
ProgressFn subRange(const ProgressFn& progress, double from, double to)
{
    if (!progress) return {};
    return [progress, from, to](double fraction, std::string_view stage) {
        return progress(from + (to - from) * fraction, stage);
    };
}

std::vector<std::pair<QString, double>> topProbabilities(const Tokenizer& tokenizer, const float* logits, int vocab,
                                                         int k)
{
    // Softmax in double: with 32000 logits float accumulation loses the tail that decides
    // whether rank 10 shows as 0.1 % or 0.0 %.
    const float top = *std::max_element(logits, logits + vocab);
    std::vector<double> probs(static_cast<std::size_t>(vocab));
    double sum = 0.0;
    for (int i = 0; i < vocab; ++i) sum += probs[static_cast<std::size_t>(i)] = std::exp(double(logits[i]) - top);
    std::vector<int> order(static_cast<std::size_t>(vocab));
    std::iota(order.begin(), order.end(), 0);
    k = std::min(k, vocab);
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&probs](int a, int b) {
        return probs[static_cast<std::size_t>(a)] > probs[static_cast<std::size_t>(b)];
    });
    std::vector<std::pair<QString, double>> result;
    for (int r = 0; r < k; ++r) {
        const int id = order[static_cast<std::size_t>(r)];
        result.emplace_back(QString::fromStdString(tokenizer.piece(id)), probs[static_cast<std::size_t>(id)] / sum);
    }
    return result;
}

} // namespace

LoadedModel::LoadedModel() = default;
LoadedModel::~LoadedModel() = default;

std::unique_ptr<LoadedModel> loadModelJob(const QString& path, const ProgressFn& progress)
{
    const auto start = std::chrono::steady_clock::now();
    const std::string file = path.toStdString();
    auto model = std::make_unique<LoadedModel>();
    model->checkpoint = std::make_shared<const Checkpoint>(loadCheckpoint(file, subRange(progress, 0.0, 0.8)));
    reportProgress(progress, 0.8, "tokenizer");
    model->tokenizer = findTokenizer(*model->checkpoint);
    reportProgress(progress, 0.85, "engine");
    model->transformer = std::make_unique<Transformer>(model->checkpoint);
    reportProgress(progress, 1.0, "ready");

    auto snapshot = std::make_shared<ModelSnapshot>();
    snapshot->path = path;
    snapshot->format = QString::fromStdString(formatName(model->checkpoint->format));
    snapshot->storedDType = QString::fromStdString(model->checkpoint->storedDType);
    snapshot->config = model->checkpoint->config;
    snapshot->parameterCount = model->checkpoint->config.parameterCount();
    if (model->tokenizer) {
        snapshot->tokenizerSource = QString::fromStdString(model->tokenizer->source());
        snapshot->tokenizerVocabSize = model->tokenizer->vocabSize();
    }
    snapshot->fingerprint = QString::fromStdString(fingerprint(*model->checkpoint));
    snapshot->checkpoint = model->checkpoint;
    snapshot->tokenizer = model->tokenizer;
    snapshot->loadSeconds = secondsSince(start);
    model->snapshot = std::move(snapshot);
    return model;
}

PromptResultPtr runPromptJob(const LoadedModel& model, const QString& prompt, int steps, int topK,
                             const ProgressFn& progress)
{
    if (!model.tokenizer) {
        throw Error(model.checkpoint->path +
                    ": no tokenizer found (the file embeds none and none lies beside it); prompts need one");
    }
    const auto start = std::chrono::steady_clock::now();
    const Tokenizer& tokenizer = *model.tokenizer;
    auto result = std::make_shared<PromptResult>();
    result->prompt = prompt;
    result->steps = steps;
    result->tokens = tokenizer.encode(prompt.toStdString(), true);
    for (int id : result->tokens) result->pieces << QString::fromStdString(tokenizer.piece(id));
    const int context = model.transformer->config().maxSeqLen;
    if (static_cast<int>(result->tokens.size()) >= context) {
        throw Error(
            QCoreApplication::translate("EngineJobs", "the prompt has %1 tokens but the model's context holds %2")
                .arg(result->tokens.size())
                .arg(context)
                .toStdString());
    }

    reportProgress(progress, 0.0, "forward");
    ForwardRequest request;
    request.samples = {result->tokens};
    request.taps = TapSet::parse("logits");
    request.logitsLastOnly = true;
    const auto taps = model.transformer->forward(request, subRange(progress, 0.0, 0.1));
    const Array& logits = taps.at(0).logits;
    const int vocab = static_cast<int>(logits.shape.at(1));
    result->topNext = topProbabilities(tokenizer, logits.slice(logits.shape.at(0) - 1), vocab, topK);

    GenerateOptions options;
    options.steps = steps;
    const GenerateResult generated =
        generate(*model.transformer, result->tokens, options, subRange(progress, 0.1, 1.0));
    result->continuationTokens = generated.tokens;
    result->continuation = QString::fromStdString(tokenizer.decode(generated.tokens));
    result->hitContextLimit = generated.hitContextLimit;
    result->seconds = secondsSince(start);
    return result;
}

} // namespace spectro::gui
