#include "train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/atomic_file.h"
#include "model/hf_writer.h"
#include "tokenizer/tokenizer.h"
#include "train/corpus_documents.h"
#include "train/token_data.h"
#include "train/tokenizer_training.h"
#include "train/train_net.h"
#include "util/error.h"

namespace spectro {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kStateDir = "train-state";
constexpr const char* kLossHeader = "step,lr,loss,held_out_loss,bos_sink_max,tokens,seconds";

// Linear warm-up over `warmup` steps, then cosine decay to minLrFraction * lr at the last step.
double learningRate(const TrainOptions& o, int step)
{
    if (step < o.warmup) return o.lr * static_cast<double>(step + 1) / static_cast<double>(o.warmup);
    const double span = std::max(1, o.steps - o.warmup);
    const double done = std::min(1.0, static_cast<double>(step - o.warmup) / span);
    return o.lr * (o.minLrFraction + (1.0 - o.minLrFraction) * 0.5 * (1.0 + std::cos(M_PI * done)));
}

ModelConfig modelConfig(const TrainOptions& o, const Tokenizer& tok)
{
    ModelConfig c;
    c.dim = o.dim;
    c.hiddenDim = o.hidden;
    c.nLayers = o.layers;
    c.nHeads = o.heads;
    c.nKvHeads = o.kvHeads;
    c.vocabSize = tok.vocabSize();
    c.maxSeqLen = o.context;
    c.ropeTheta = o.ropeTheta;
    c.normEps = o.normEps;
    c.tiedEmbeddings = false;  // LLaMa-2 keeps W_u separate from W_e; the paper studies both
    c.bosId = tok.bosId();
    c.eosId = tok.eosId();
    c.validate("training options");
    return c;
}

// Mean next-token NLL of `samples` (each BoS first) under `net`, samples of equal length batched.
double evaluate(const TrainNet& net, const std::vector<std::vector<int>>& samples, int batch, long long* tokens,
                std::vector<double>* bosSink = nullptr)
{
    torch::NoGradGuard noGrad;
    double sum = 0.0;
    long long count = 0;
    for (std::size_t i = 0; i < samples.size();) {
        std::size_t j = i;
        while (j < samples.size() && j - i < static_cast<std::size_t>(batch) && samples[j].size() == samples[i].size()) ++j;
        const auto T = static_cast<std::int64_t>(samples[i].size());
        if (T >= 2) {
            std::vector<std::int64_t> ids;
            for (std::size_t k = i; k < j; ++k) ids.insert(ids.end(), samples[k].begin(), samples[k].end());
            const auto all = torch::tensor(ids, torch::kLong).view({static_cast<std::int64_t>(j - i), T});
            // The sink of the first full batch only: it is a progress indicator.
            std::vector<double>* sink = bosSink && bosSink->empty() ? bosSink : nullptr;
            const auto logits = net.forward(all.narrow(1, 0, T - 1), sink);
            sum += torch::nn::functional::cross_entropy(logits.reshape({-1, net.config().vocabSize}),
                                                        all.narrow(1, 1, T - 1).reshape({-1}),
                                                        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                       .item<double>();
            count += static_cast<long long>(j - i) * (T - 1);
        }
        i = j;
    }
    if (tokens) *tokens = count;
    return count > 0 ? sum / static_cast<double>(count) : 0.0;
}

// Every k-th sample, so that the subset spans all corpus files.
std::vector<std::vector<int>> spread(const std::vector<std::vector<int>>& samples, std::size_t count)
{
    if (samples.size() <= count) return samples;
    std::vector<std::vector<int>> out;
    for (std::size_t i = 0; i < count; ++i) out.push_back(samples[i * samples.size() / count]);
    return out;
}

std::string firstDifference(const nlohmann::json& saved, const nlohmann::json& now)
{
    for (const auto& [key, value] : now.items()) {
        if (!saved.contains(key)) return key + " (not in the saved run)";
        if (saved[key] != value) return key + " (saved " + saved[key].dump() + ", now " + value.dump() + ")";
    }
    return {};
}

class LossLog {
public:
    LossLog(std::string path, bool resume, int keepUpTo) : path_(std::move(path))
    {
        std::string kept = std::string(kLossHeader) + "\n";
        if (resume) {
            std::ifstream in(path_);
            std::string line;
            std::getline(in, line);
            while (std::getline(in, line)) {
                if (!line.empty() && std::stoi(line) <= keepUpTo) kept += line + "\n";
            }
        }
        writeFileAtomically(path_, kept);
        out_.open(path_, std::ios::app);
        if (!out_) throw Error(path_ + ": cannot write the loss log");
    }
    void add(int step, double lr, double loss, double heldOut, double sink, long long tokens, double seconds)
    {
        char line[256];
        std::snprintf(line, sizeof line, "%d,%.6g,%.6f,", step, lr, loss);
        out_ << line;
        auto optional = [&](double v) {  // empty cell on steps without evaluation
            if (std::isnan(v)) return;
            std::snprintf(line, sizeof line, "%.6f", v);
            out_ << line;
        };
        optional(heldOut);
        out_ << ',';
        optional(sink);
        std::snprintf(line, sizeof line, ",%lld,%.1f\n", tokens, seconds);
        out_ << line << std::flush;
    }

private:
    std::string path_;
    std::ofstream out_;
};

struct RunState {
    int step = 0;
    double seconds = 0.0;
    long long tokens = 0;
};

void saveState(const fs::path& dir, const TrainNet& net, torch::optim::Optimizer& optimizer, const WindowSampler& sampler,
               const RunState& state, const std::string& recipe)
{
    fs::create_directories(dir);
    // Step-numbered files and state.json written last: a crash mid-save leaves the previous
    // checkpoint intact and referenced.
    const std::string tag = std::to_string(state.step);
    const auto model = dir / ("model-" + tag + ".pt"), optim = dir / ("optimizer-" + tag + ".pt");
    net.save(model.string());
    torch::save(optimizer, optim.string());
    const nlohmann::ordered_json j = {{"step", state.step},
                                      {"seconds", state.seconds},
                                      {"tokens", state.tokens},
                                      {"model", model.filename().string()},
                                      {"optimizer", optim.filename().string()},
                                      {"sampler", sampler.state()},
                                      {"recipe", nlohmann::json::parse(recipe)}};
    writeFileAtomically((dir / "state.json").string(), j.dump(2) + "\n");
    for (const auto& entry : fs::directory_iterator(dir)) {
        const auto name = entry.path().filename().string();
        if (name.ends_with(".pt") && name != model.filename().string() && name != optim.filename().string()) {
            fs::remove(entry.path());
        }
    }
}

nlohmann::json readState(const fs::path& dir)
{
    const auto path = dir / "state.json";
    std::ifstream in(path);
    if (!in) throw Error(path.string() + ": no saved training state to resume");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception&) {
        throw Error(path.string() + ": the saved training state is not valid JSON");
    }
}

TrainProgress note(std::string message)
{
    TrainProgress p;
    p.message = std::move(message);
    return p;
}

std::string prepareTokenizer(const TrainOptions& o, const std::vector<CorpusFile>& corpus, const TrainProgressFn& progress)
{
    const std::string target = (fs::path(o.outDir) / "tokenizer.model").string();
    if (o.resume) {
        if (!fs::exists(target)) throw Error(target + ": missing; cannot resume without the run's tokenizer");
        return target;
    }
    if (!o.tokenizerPath.empty()) {
        if (!o.tokenizerPath.ends_with(".model")) throw Error(o.tokenizerPath + ": the tokenizer must be a SentencePiece .model file");
        if (!fs::is_regular_file(o.tokenizerPath)) throw Error(o.tokenizerPath + ": tokenizer file not found");
        openTokenizer(o.tokenizerPath);  // fails with SentencePiece's message if it is not one
        fs::copy_file(o.tokenizerPath, target, fs::copy_options::overwrite_existing);
        fs::permissions(target, fs::perms::owner_write, fs::perm_options::add);
        return target;
    }
    if (progress) progress(note("training a SentencePiece tokenizer (" + std::to_string(o.vocabSize) + " pieces, byte fallback)"));
    trainSentencePiece(corpus, o.vocabSize, target);
    return target;
}

}  // namespace

TrainSummary trainModel(const TrainOptions& o, const TrainProgressFn& progress)
{
    o.validate();
    std::error_code ec;
    fs::create_directories(o.outDir, ec);
    if (ec) throw Error(o.outDir + ": cannot create directory: " + ec.message());
    const fs::path stateDir = fs::path(o.outDir) / kStateDir;
    if (!o.resume && fs::exists(stateDir / "state.json")) {
        throw Error(o.outDir + ": already holds a training run; pass --resume to continue it or choose another directory");
    }
    auto say = [&](const std::string& message) {
        if (progress) progress(note(message));
    };

    std::vector<CorpusFile> corpus;
    for (const auto& path : o.corpus) corpus.push_back(readCorpusFile(path, o.jsonlFields, o.splitParagraphs));
    const std::string tokenizerPath = prepareTokenizer(o, corpus, progress);
    const auto tokenizer = openTokenizer(tokenizerPath);
    const TokenData data = tokenizeCorpus(corpus, *tokenizer, o.heldOutFraction, o.context, o.documentBos);
    corpus.clear();
    const ModelConfig config = modelConfig(o, *tokenizer);
    say("corpus: " + std::to_string(data.train.size()) + " training tokens, " + std::to_string(data.heldOut.size()) +
        " held-out tokens; model: " + std::to_string(config.parameterCount()) + " parameters, vocabulary " +
        std::to_string(config.vocabSize));

    TrainNet net(config, o.seed);
    using torch::optim::AdamWOptions;
    const auto adam = AdamWOptions(o.lr).betas({o.beta1, o.beta2}).eps(1e-8);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(net.decayed(), std::make_unique<AdamWOptions>(AdamWOptions(adam).weight_decay(o.weightDecay)));
    groups.emplace_back(net.notDecayed(), std::make_unique<AdamWOptions>(AdamWOptions(adam).weight_decay(0.0)));
    torch::optim::AdamW optimizer(std::move(groups), adam);
    // Its own stream, so that the data order does not depend on how the weights were drawn.
    WindowSampler sampler(data, o.context, o.seed * 0x9e3779b97f4a7c15ull + 1, o.repeatFraction);

    const std::string recipe = o.recipeJson();
    RunState run;
    if (o.resume) {
        const auto saved = readState(stateDir);
        const std::string diff = firstDifference(saved.value("recipe", nlohmann::json::object()), nlohmann::json::parse(recipe));
        if (!diff.empty()) throw Error((stateDir / "state.json").string() + ": the run was started with other options: " + diff);
        net.load((stateDir / saved.at("model").get<std::string>()).string());
        try {
            torch::load(optimizer, (stateDir / saved.at("optimizer").get<std::string>()).string());
        } catch (const c10::Error&) {
            throw Error((stateDir / saved.at("optimizer").get<std::string>()).string() + ": cannot read the optimizer state");
        }
        sampler.restore(saved.at("sampler").get<std::string>());
        run.step = saved.at("step").get<int>();
        run.seconds = saved.at("seconds").get<double>();
        run.tokens = saved.at("tokens").get<long long>();
        say("resuming at step " + std::to_string(run.step) + " of " + std::to_string(o.steps));
    }
    LossLog log((fs::path(o.outDir) / "loss.csv").string(), o.resume, run.step);

    const auto heldOut = heldOutSamples(data, o.context, 1 << 30);
    const auto evalSubset = spread(heldOut, static_cast<std::size_t>(o.evalBatches * o.batch));
    std::vector<std::int64_t> inputs, targets;
    const auto sessionStart = Clock::now();
    const int firstStep = run.step;
    const double secondsBefore = run.seconds;
    long long sessionTokens = 0;
    while (run.step < o.steps && !o.exportOnly) {
        const double lr = learningRate(o, run.step);
        for (auto& group : optimizer.param_groups()) static_cast<AdamWOptions&>(group.options()).lr(lr);
        sampler.next(o.batch, inputs, targets);
        const auto in = torch::from_blob(inputs.data(), {o.batch, o.context}, torch::kLong);
        const auto tg = torch::from_blob(targets.data(), {o.batch, o.context}, torch::kLong);
        optimizer.zero_grad();
        const torch::Tensor loss = net.loss(in, tg);
        loss.backward();
        if (o.clip > 0) torch::nn::utils::clip_grad_norm_(net.parameters(), o.clip);
        optimizer.step();
        const double lossValue = loss.item<double>();
        if (!std::isfinite(lossValue)) {
            throw Error("training diverged at step " + std::to_string(run.step + 1) + " (loss " + std::to_string(lossValue) +
                        "); lower --lr or raise --warmup");
        }

        ++run.step;
        sessionTokens += static_cast<long long>(o.batch) * o.context;
        run.tokens += static_cast<long long>(o.batch) * o.context;
        const double sessionSeconds = std::chrono::duration<double>(Clock::now() - sessionStart).count();
        run.seconds = secondsBefore + sessionSeconds;
        TrainProgress p;
        p.step = run.step;
        p.steps = o.steps;
        p.loss = lossValue;
        p.lr = lr;
        if ((o.evalEvery > 0 && run.step % o.evalEvery == 0) || run.step == o.steps) {
            p.heldOutLoss = evaluate(net, evalSubset, o.batch, nullptr, &p.bosSink);
        }
        p.tokensPerSecond = static_cast<double>(sessionTokens) / std::max(1e-9, sessionSeconds);
        p.etaSeconds = sessionSeconds / (run.step - firstStep) * (o.steps - run.step);
        log.add(run.step, lr, lossValue, p.heldOutLoss, p.bosSink.empty() ? std::numeric_limits<double>::quiet_NaN()
                                                                           : *std::max_element(p.bosSink.begin(), p.bosSink.end()),
                run.tokens, run.seconds);

        const bool stop = progress && !progress(p);
        if (stop || (o.checkpointEvery > 0 && run.step % o.checkpointEvery == 0) || run.step == o.steps) {
            saveState(stateDir, net, optimizer, sampler, run, recipe);
        }
        if (stop) throw Cancelled();
    }

    say("writing the model to " + o.outDir);
    HfWriteOptions write;
    write.tokenizerPath = tokenizerPath;
    writeHuggingFace(net.toCheckpoint(o.outputDType), o.outDir, write);

    TrainSummary s;
    s.modelDir = o.outDir;
    s.config = config;
    s.trainTokens = static_cast<long long>(data.train.size());
    s.steps = run.step;
    s.seconds = run.seconds;
    const double sessionSeconds = std::chrono::duration<double>(Clock::now() - sessionStart).count();
    s.tokensPerSecond = sessionTokens > 0 ? static_cast<double>(sessionTokens) / sessionSeconds : 0.0;
    say("evaluating " + std::to_string(heldOut.size()) + " held-out windows");
    s.heldOutNll = evaluate(net, heldOut, o.batch, &s.heldOutTokens);
    s.heldOutSamples = heldOut;

    nlohmann::ordered_json summary = {{"recipe", nlohmann::json::parse(recipe)},
                                      {"parameters", config.parameterCount()},
                                      {"vocab_size", config.vocabSize},
                                      {"train_tokens", s.trainTokens},
                                      {"held_out_tokens", s.heldOutTokens},
                                      {"steps", s.steps},
                                      {"tokens_seen", run.tokens},
                                      {"training_seconds", s.seconds},
                                      {"threads", at::get_num_threads()},
                                      {"held_out_nll", s.heldOutNll},
                                      {"libtorch", TORCH_VERSION}};
    writeFileAtomically((fs::path(o.outDir) / "training.json").string(), summary.dump(2) + "\n");
    return s;
}

Array trainStateLogits(const std::string& outDir, const std::vector<int>& tokens)
{
    const fs::path stateDir = fs::path(outDir) / kStateDir;
    const auto saved = readState(stateDir);
    const auto& r = saved.at("recipe");
    const auto tokenizer = openTokenizer((fs::path(outDir) / "tokenizer.model").string());
    ModelConfig c;
    c.dim = r.at("dim");
    c.hiddenDim = r.at("hidden");
    c.nLayers = r.at("layers");
    c.nHeads = r.at("heads");
    c.nKvHeads = r.at("kv_heads");
    c.vocabSize = tokenizer->vocabSize();
    c.maxSeqLen = r.at("context");
    c.ropeTheta = r.at("rope_theta");
    c.normEps = r.at("norm_eps");
    TrainNet net(c, 0);
    net.load((stateDir / saved.at("model").get<std::string>()).string());
    torch::NoGradGuard noGrad;
    std::vector<std::int64_t> ids(tokens.begin(), tokens.end());
    const auto logits = net.forward(torch::tensor(ids, torch::kLong).view({1, -1}))[0].contiguous();
    Array out({logits.size(0), logits.size(1)});
    std::memcpy(out.data.data(), logits.data_ptr<float>(), out.data.size() * sizeof(float));
    return out;
}

}  // namespace spectro
