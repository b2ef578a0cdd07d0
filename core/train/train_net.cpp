#include "train/train_net.h"

#include <cmath>

#include "util/error.h"

namespace spectro {

TrainNet::TrainNet(const ModelConfig& config, std::uint64_t seed) : config_(config)
{
    config_.validate("training model");
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    const double std = 0.02, residualStd = 0.02 / std::sqrt(2.0 * config_.nLayers);
    for (const auto& spec : expectedTensors(config_)) {
        torch::Tensor t;
        if (spec.shape.size() == 1) {
            t = torch::ones(spec.shape, torch::kFloat);
        } else {
            const bool residual = spec.name.ends_with(".wo") || spec.name.ends_with(".w2");
            t = torch::empty(spec.shape, torch::kFloat);
            t.normal_(0.0, residual ? residualStd : std, gen);
        }
        names_.push_back(spec.name);
        params_.push_back(t.set_requires_grad(true));
    }
    // The engine's RoPE tables: angles in double, then float32.
    const std::int64_t hd = config_.headDim(), half = hd / 2;
    auto freqs = torch::pow(config_.ropeTheta, -torch::arange(0, half, torch::kDouble) * 2.0 / static_cast<double>(hd));
    auto angles = torch::outer(torch::arange(0, config_.maxSeqLen, torch::kDouble), freqs);
    ropeCos_ = angles.cos().to(torch::kFloat);
    ropeSin_ = angles.sin().to(torch::kFloat);
}

const torch::Tensor& TrainNet::get(const std::string& name) const
{
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name) return params_[i];
    }
    throw Error("training model: no tensor '" + name + "'");
}

std::vector<torch::Tensor> TrainNet::decayed() const
{
    std::vector<torch::Tensor> out;
    for (const auto& p : params_) {
        if (p.dim() > 1) out.push_back(p);
    }
    return out;
}

std::vector<torch::Tensor> TrainNet::notDecayed() const
{
    std::vector<torch::Tensor> out;
    for (const auto& p : params_) {
        if (p.dim() == 1) out.push_back(p);
    }
    return out;
}

namespace {

torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& gain, double eps)
{
    return x * torch::rsqrt(x.pow(2).mean(-1, true) + eps) * gain;
}

// x: [B, T, heads, hd]; rotates adjacent pairs, as Transformer::Impl::applyRope.
torch::Tensor applyRope(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin)
{
    const auto shape = x.sizes().vec();
    auto pairs = x.reshape({shape[0], shape[1], shape[2], shape[3] / 2, 2});
    auto even = pairs.select(-1, 0), odd = pairs.select(-1, 1);
    auto c = cos.unsqueeze(1), s = sin.unsqueeze(1);
    return torch::stack({even * c - odd * s, even * s + odd * c}, -1).reshape(shape);
}

}  // namespace

torch::Tensor TrainNet::forward(const torch::Tensor& tokens, std::vector<double>* bosSink) const
{
    const ModelConfig& c = config_;
    const std::int64_t B = tokens.size(0), T = tokens.size(1);
    if (T > c.maxSeqLen) throw Error("training model: " + std::to_string(T) + " tokens exceed the context " + std::to_string(c.maxSeqLen));
    const std::int64_t d = c.dim, H = c.nHeads, KV = c.nKvHeads, hd = c.headDim();
    const double eps = c.normEps, scale = 1.0 / std::sqrt(static_cast<double>(hd));
    const auto cos = ropeCos_.narrow(0, 0, T), sin = ropeSin_.narrow(0, 0, T);
    const auto causal = torch::ones({T, T}, torch::kBool).triu(1);

    torch::Tensor x = get("token_embedding").index_select(0, tokens.reshape({-1})).view({B, T, d});
    for (int l = 0; l < c.nLayers; ++l) {
        auto w = [&](const char* leaf) -> const torch::Tensor& { return get(layerTensorName(l, leaf)); };
        torch::Tensor h = rmsNorm(x, w("attention_norm"), eps);
        torch::Tensor q = torch::matmul(h, w("wq").t()).view({B, T, H, hd});
        torch::Tensor k = torch::matmul(h, w("wk").t()).view({B, T, KV, hd});
        torch::Tensor v = torch::matmul(h, w("wv").t()).view({B, T, KV, hd});
        q = applyRope(q, cos, sin).transpose(1, 2);
        k = applyRope(k, cos, sin).transpose(1, 2);
        v = v.transpose(1, 2);
        if (KV != H) {
            k = k.repeat_interleave(H / KV, 1);
            v = v.repeat_interleave(H / KV, 1);
        }
        torch::Tensor scores = (torch::matmul(q, k.transpose(-2, -1)) * scale)
                                   .masked_fill(causal, -std::numeric_limits<float>::infinity());
        const torch::Tensor probs = torch::softmax(scores, -1);
        if (bosSink && T > 16) bosSink->push_back(probs.select(-1, 0).narrow(2, 16, T - 16).mean().item<double>());
        torch::Tensor attn = torch::matmul(probs, v).transpose(1, 2).reshape({B, T, d});
        x = x + torch::matmul(attn, w("wo").t());
        h = rmsNorm(x, w("ffn_norm"), eps);
        x = x + torch::matmul(torch::silu(torch::matmul(h, w("w1").t())) * torch::matmul(h, w("w3").t()), w("w2").t());
    }
    return torch::matmul(rmsNorm(x, get("output_norm"), eps), get("output").t());
}

torch::Tensor TrainNet::loss(const torch::Tensor& inputs, const torch::Tensor& targets) const
{
    const torch::Tensor logits = forward(inputs);
    return torch::nn::functional::cross_entropy(logits.reshape({-1, config_.vocabSize}), targets.reshape({-1}));
}

Checkpoint TrainNet::toCheckpoint(DType dtype) const
{
    if (dtype == DType::BF16) throw Error("training output: bf16 is not offered (use f16 or f32)");
    Checkpoint ckpt;
    ckpt.path = "(training)";
    ckpt.format = CheckpointFormat::HuggingFace;
    ckpt.config = config_;
    ckpt.storedDType = dtype == DType::F16 ? "f16" : "f32";
    for (std::size_t i = 0; i < names_.size(); ++i) {
        const torch::Tensor t = params_[i].detach().contiguous();
        std::vector<float> values(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        RawTensor raw = makeOwnedFloatTensor(names_[i], t.sizes().vec(), std::move(values));
        if (dtype == DType::F16) {
            const auto* src = reinterpret_cast<const float*>(raw.data);
            auto halves = std::make_shared<std::vector<std::uint16_t>>(static_cast<std::size_t>(raw.numel()));
            for (std::size_t k = 0; k < halves->size(); ++k) (*halves)[k] = floatToHalf(src[k]);
            raw.dtype = DType::F16;
            raw.data = reinterpret_cast<const std::byte*>(halves->data());
            raw.keepAlive = halves;
        }
        ckpt.tensors.emplace(names_[i], std::move(raw));
    }
    checkTensors(ckpt);
    return ckpt;
}

void TrainNet::save(const std::string& path) const
{
    std::vector<torch::Tensor> detached;
    for (const auto& p : params_) detached.push_back(p.detach());
    torch::save(detached, path);
}

void TrainNet::load(const std::string& path)
{
    std::vector<torch::Tensor> loaded;
    try {
        torch::load(loaded, path);
    } catch (const std::exception& e) {
        throw Error(path + ": cannot read the saved weights");
    }
    if (loaded.size() != params_.size()) throw Error(path + ": holds " + std::to_string(loaded.size()) + " tensors, expected " + std::to_string(params_.size()));
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < params_.size(); ++i) {
        if (!loaded[i].sizes().equals(params_[i].sizes())) throw Error(path + ": tensor '" + names_[i] + "' has the wrong shape");
        params_[i].copy_(loaded[i]);
    }
}

}  // namespace spectro
