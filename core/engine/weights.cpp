#include "engine/weights.h"

#include "util/error.h"

namespace spectro {
namespace {

at::ScalarType torchType(DType type)
{
    switch (type) {
    case DType::F32: return at::kFloat;
    case DType::F16: return at::kHalf;
    case DType::BF16: return at::kBFloat16;
    }
    return at::kFloat;
}

// A read-only view of the stored bytes. Never written to: every op on it allocates its output.
at::Tensor storedView(const RawTensor& raw)
{
    return at::from_blob(const_cast<std::byte*>(raw.data), raw.shape, at::TensorOptions().dtype(torchType(raw.dtype)));
}

}  // namespace

WeightStore::WeightStore(std::shared_ptr<const Checkpoint> checkpoint, at::Device device, std::uint64_t budget)
    : ckpt_(std::move(checkpoint)), device_(device)
{
    const auto& c = ckpt_->config;
    outputNorm_ = toFloat(ckpt_->tensor("output_norm"));
    const auto layerFloats = static_cast<std::uint64_t>(c.parameterCount() - static_cast<std::int64_t>(c.vocabSize) * c.dim * 2);
    const RawTensor& out = ckpt_->tensor("output");
    const bool outputIsFree = out.dtype == DType::F32 && out.rowOrder.empty() && device_.is_cpu();
    const std::uint64_t outputBytes = outputIsFree ? 0 : static_cast<std::uint64_t>(out.numel()) * 4;
    if (layerFloats * 4 + outputBytes <= budget) {
        for (int l = 0; l < c.nLayers; ++l) {
            LayerWeights w;
            w.attentionNorm = toFloat(ckpt_->tensor(layerTensorName(l, "attention_norm")));
            w.wq = toFloat(ckpt_->tensor(layerTensorName(l, "wq")));
            w.wk = toFloat(ckpt_->tensor(layerTensorName(l, "wk")));
            w.wv = toFloat(ckpt_->tensor(layerTensorName(l, "wv")));
            w.wo = toFloat(ckpt_->tensor(layerTensorName(l, "wo")));
            w.ffnNorm = toFloat(ckpt_->tensor(layerTensorName(l, "ffn_norm")));
            w.w1 = toFloat(ckpt_->tensor(layerTensorName(l, "w1")));
            w.w2 = toFloat(ckpt_->tensor(layerTensorName(l, "w2")));
            w.w3 = toFloat(ckpt_->tensor(layerTensorName(l, "w3")));
            cache_.push_back(std::move(w));
        }
        output_ = toFloat(out);
    } else if (outputIsFree) {
        output_ = storedView(out);
    }
}

at::Tensor WeightStore::toFloat(const RawTensor& raw) const
{
    at::Tensor t = storedView(raw);
    if (!raw.rowOrder.empty()) {
        t = t.index_select(0, at::from_blob(const_cast<std::int64_t*>(raw.rowOrder.data()),
                                            {static_cast<std::int64_t>(raw.rowOrder.size())}, at::kLong));
    }
    if (raw.dtype != DType::F32) t = t.to(at::kFloat);
    return device_.is_cpu() ? t : t.to(device_);
}

void WeightStore::widenInto(const RawTensor& raw, at::Tensor& dst) const
{
    if (raw.dtype == DType::F32 && raw.rowOrder.empty() && device_.is_cpu()) {
        dst = storedView(raw);  // zero copy
        return;
    }
    if (!dst.defined() || dst.data_ptr() == raw.data) {
        dst = at::empty(raw.shape, at::TensorOptions().dtype(at::kFloat).device(device_));
    }
    at::Tensor src = storedView(raw);
    if (!raw.rowOrder.empty()) {
        src = src.index_select(0, at::from_blob(const_cast<std::int64_t*>(raw.rowOrder.data()),
                                                {static_cast<std::int64_t>(raw.rowOrder.size())}, at::kLong));
    }
    dst.copy_(src);  // converts the dtype (and moves to the device) in parallel
}

LayerWeights WeightStore::layer(int l) const
{
    if (!cache_.empty()) return cache_[static_cast<std::size_t>(l)];
    LayerWeights& w = workspace_;
    widenInto(ckpt_->tensor(layerTensorName(l, "attention_norm")), w.attentionNorm);
    widenInto(ckpt_->tensor(layerTensorName(l, "wq")), w.wq);
    widenInto(ckpt_->tensor(layerTensorName(l, "wk")), w.wk);
    widenInto(ckpt_->tensor(layerTensorName(l, "wv")), w.wv);
    widenInto(ckpt_->tensor(layerTensorName(l, "wo")), w.wo);
    widenInto(ckpt_->tensor(layerTensorName(l, "ffn_norm")), w.ffnNorm);
    widenInto(ckpt_->tensor(layerTensorName(l, "w1")), w.w1);
    widenInto(ckpt_->tensor(layerTensorName(l, "w2")), w.w2);
    widenInto(ckpt_->tensor(layerTensorName(l, "w3")), w.w3);
    return w;
}

at::Tensor WeightStore::embed(const std::vector<int>& ids) const
{
    const RawTensor& emb = ckpt_->tensor("token_embedding");
    const std::int64_t d = emb.shape[1];
    at::Tensor out = at::empty({static_cast<std::int64_t>(ids.size()), d}, at::kFloat);
    float* dst = out.data_ptr<float>();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        toFloat32(emb.dtype, emb.row(ids[i]), static_cast<std::size_t>(d), dst + static_cast<std::int64_t>(i) * d);
    }
    return device_.is_cpu() ? out : out.to(device_);
}

at::Tensor WeightStore::unembed(const at::Tensor& x) const
{
    if (output_.defined()) return at::matmul(x, output_.t());
    const RawTensor& out = ckpt_->tensor("output");
    const std::int64_t vocab = out.shape[0], d = out.shape[1];
    at::Tensor logits = at::empty({x.size(0), vocab}, x.options());
    constexpr std::int64_t kRows = 4096;  // 4096 x 4096 float32 = 64 MiB widened at a time
    for (std::int64_t start = 0; start < vocab; start += kRows) {
        const std::int64_t rows = std::min(kRows, vocab - start);
        if (!outputChunk_.defined()) outputChunk_ = at::empty({kRows, d}, at::kFloat);
        at::Tensor chunk = outputChunk_.narrow(0, 0, rows);
        if (out.rowOrder.empty()) {
            chunk.copy_(storedView(out).narrow(0, start, rows));
        } else {
            float* dst = chunk.data_ptr<float>();
            for (std::int64_t r = 0; r < rows; ++r) toFloat32(out.dtype, out.row(start + r), static_cast<std::size_t>(d), dst + r * d);
        }
        if (!device_.is_cpu()) chunk = chunk.to(device_);
        logits.narrow(1, start, rows).copy_(at::matmul(x, chunk.t()));
    }
    return logits;
}

}  // namespace spectro
