#include "engine/weights.h"

#include "engine/linear.h"
#include "util/error.h"

#include <algorithm>
#include <array>

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

at::Tensor rowOrderIndex(const RawTensor& raw)
{
    return at::from_blob(const_cast<std::int64_t*>(raw.rowOrder.data()),
                         {static_cast<std::int64_t>(raw.rowOrder.size())}, at::kLong);
}

// libtorch's messages run over several lines (and may carry a backtrace): keep the first.
std::string firstLine(const char* message)
{
    const std::string s(message);
    return s.substr(0, s.find('\n'));
}

constexpr const char* kLayerTensors[] = {"attention_norm", "wq", "wk", "wv", "wo", "ffn_norm", "w1", "w2", "w3"};

// The nine tensors of a layer in kLayerTensors' order.
std::array<at::Tensor*, 9> fields(LayerWeights& w)
{
    return {&w.attentionNorm, &w.wq, &w.wk, &w.wv, &w.wo, &w.ffnNorm, &w.w1, &w.w2, &w.w3};
}

}  // namespace

WeightStore::WeightStore(std::shared_ptr<const Checkpoint> checkpoint, std::vector<at::Device> layerDevices,
                         at::Device outputDevice, std::uint64_t budget, bool splitBf16)
    : ckpt_(std::move(checkpoint)), layerDevices_(std::move(layerDevices)), outputDevice_(outputDevice),
      splitBf16_(splitBf16)
{
    const auto& c = ckpt_->config;
    if (static_cast<int>(layerDevices_.size()) != c.nLayers) throw Error("engine: one device per layer expected");
    outputNorm_ = toFloat(ckpt_->tensor("output_norm"), outputDevice_);
    // The CPU's layers (all of them unless placed elsewhere) are widened once when they and a
    // CPU-side W_u fit the resident budget.
    const auto cpuLayers = static_cast<std::uint64_t>(
        std::count_if(layerDevices_.begin(), layerDevices_.end(), [](const at::Device& d) { return d.is_cpu(); }));
    const auto allLayerFloats =
        static_cast<std::uint64_t>(c.parameterCount() - static_cast<std::int64_t>(c.vocabSize) * c.dim * 2);
    const std::uint64_t layerFloats = allLayerFloats * cpuLayers / static_cast<std::uint64_t>(c.nLayers);
    const RawTensor& out = ckpt_->tensor("output");
    const bool outputOnCpu = outputDevice_.is_cpu();
    const bool outputIsFree = out.dtype == DType::F32 && out.rowOrder.empty() && outputOnCpu;
    const std::uint64_t outputBytes = outputOnCpu && !outputIsFree ? static_cast<std::uint64_t>(out.numel()) * 4 : 0;
    const bool cpuResident = layerFloats * 4 + outputBytes <= budget;

    cache_.resize(static_cast<std::size_t>(c.nLayers));
    stored_.resize(static_cast<std::size_t>(c.nLayers));
    for (int l = 0; l < c.nLayers; ++l) {
        const at::Device device = layerDevices_[static_cast<std::size_t>(l)];
        if (device.is_cpu() && !cpuResident) {
            sharedWorkspace_ = true;  // widened layer by layer into cpuWorkspace_
            continue;
        }
        LayerWeights& w = device.is_cpu() ? cache_[static_cast<std::size_t>(l)] : stored_[static_cast<std::size_t>(l)];
        const auto slots = fields(w);
        for (std::size_t i = 0; i < slots.size(); ++i) {
            const RawTensor& raw = ckpt_->tensor(layerTensorName(l, kLayerTensors[i]));
            if (device.is_cpu() || raw.shape.size() == 1) {
                *slots[i] = toFloat(raw, device);  // norm gains: float32 everywhere
            } else {
                *slots[i] = upload(raw, device);
                const bool usable = raw.dtype == DType::F32 || (splitBf16_ && raw.dtype == DType::BF16);
                if (!usable) sharedWorkspace_ = true;  // widened into gpuWorkspace_ before use
            }
        }
    }
    if (outputOnCpu) {
        if (cpuResident) {
            output_ = toFloat(out, outputDevice_);
        } else if (outputIsFree) {
            output_ = storedView(out);
        } else {
            sharedWorkspace_ = true;  // widened in chunks into outputChunk_
        }
    } else {
        output_ = upload(out, outputDevice_);
        if (!(out.dtype == DType::F32 || (splitBf16_ && out.dtype == DType::BF16))) sharedWorkspace_ = true;
    }
}

at::Tensor WeightStore::toFloat(const RawTensor& raw, at::Device device) const
{
    at::Tensor t = storedView(raw);
    if (!raw.rowOrder.empty()) t = t.index_select(0, rowOrderIndex(raw));
    if (raw.dtype != DType::F32) t = t.to(at::kFloat);
    return device.is_cpu() ? t : t.to(device);
}

at::Tensor WeightStore::upload(const RawTensor& raw, at::Device device)
{
    try {
        at::Tensor t = storedView(raw).to(device);
        if (!raw.rowOrder.empty()) t = t.index_select(0, rowOrderIndex(raw).to(device));
        gpuBytes_ += raw.byteSize();
        return t;
    } catch (const c10::Error& e) {
        throw Error(ckpt_->path + ": cannot place tensor '" + raw.name + "' (" + shapeString(raw.shape) + ") on " +
                    device.str() + " after " + std::to_string(gpuBytes_ >> 20) +
                    " MiB of weights: " + firstLine(e.what_without_backtrace()));
    }
}

void WeightStore::widenInto(const RawTensor& raw, at::Tensor& dst) const
{
    if (raw.dtype == DType::F32 && raw.rowOrder.empty()) {
        dst = storedView(raw);  // zero copy
        return;
    }
    if (!dst.defined() || dst.data_ptr() == raw.data) dst = at::empty(raw.shape, at::kFloat);
    at::Tensor src = storedView(raw);
    if (!raw.rowOrder.empty()) src = src.index_select(0, rowOrderIndex(raw));
    dst.copy_(src);  // converts the dtype in parallel
}

const at::Tensor& WeightStore::gpuMatrix(const at::Tensor& stored, at::Tensor& dst) const
{
    if (stored.scalar_type() == at::kFloat || (splitBf16_ && stored.scalar_type() == at::kBFloat16)) return stored;
    if (!dst.defined()) dst = at::empty(stored.sizes(), stored.options().dtype(at::kFloat));
    dst.copy_(stored);  // on the GPU: a few hundred microseconds for a 7B layer
    return dst;
}

LayerWeights WeightStore::layer(int l) const
{
    const auto i = static_cast<std::size_t>(l);
    const at::Device device = layerDevices_[i];
    if (device.is_cpu()) {
        if (cache_[i].wq.defined()) return cache_[i];
        LayerWeights& w = cpuWorkspace_;
        const auto slots = fields(w);
        for (std::size_t k = 0; k < slots.size(); ++k)
            widenInto(ckpt_->tensor(layerTensorName(l, kLayerTensors[k])), *slots[k]);
        return w;
    }
    LayerWeights s = stored_[i];
    // The workspace is touched only for a matrix that needs widening, and then sharedWorkspace_
    // is set and the caller holds the lock.
    auto place = [&](at::Tensor& field, at::Tensor LayerWeights::*member) {
        if (field.scalar_type() == at::kFloat || (splitBf16_ && field.scalar_type() == at::kBFloat16)) return;
        field = gpuMatrix(field, gpuWorkspace_[device.index()].*member);
    };
    place(s.wq, &LayerWeights::wq);
    place(s.wk, &LayerWeights::wk);
    place(s.wv, &LayerWeights::wv);
    place(s.wo, &LayerWeights::wo);
    place(s.w1, &LayerWeights::w1);
    place(s.w2, &LayerWeights::w2);
    place(s.w3, &LayerWeights::w3);
    return s;
}

at::Tensor WeightStore::embed(const std::vector<int>& ids, at::Device device) const
{
    const RawTensor& emb = ckpt_->tensor("token_embedding");
    const std::int64_t d = emb.shape[1];
    at::Tensor out = at::empty({static_cast<std::int64_t>(ids.size()), d}, at::kFloat);
    float* dst = out.data_ptr<float>();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        toFloat32(emb.dtype, emb.row(ids[i]), static_cast<std::size_t>(d), dst + static_cast<std::int64_t>(i) * d);
    }
    return device.is_cpu() ? out : out.to(device);
}

at::Tensor WeightStore::unembed(const at::Tensor& x) const
{
    if (outputDevice_.is_cpu()) return unembedOnCpu(x);
    if (output_.scalar_type() == at::kFloat || (splitBf16_ && output_.scalar_type() == at::kBFloat16))
        return linearMap(x, output_);
    // A 16-bit W_u widened on the GPU, 4096 rows at a time (sharedWorkspace_ is set: serialised).
    const std::int64_t vocab = output_.size(0), d = output_.size(1);
    at::Tensor logits = at::empty({x.size(0), vocab}, x.options());
    constexpr std::int64_t kRows = 4096;
    if (!outputChunk_.defined()) outputChunk_ = at::empty({kRows, d}, x.options());
    for (std::int64_t start = 0; start < vocab; start += kRows) {
        const std::int64_t rows = std::min(kRows, vocab - start);
        at::Tensor chunk = outputChunk_.narrow(0, 0, rows);
        chunk.copy_(output_.narrow(0, start, rows));
        at::Tensor part = logits.narrow(1, start, rows);
        at::mm_out(part, x, chunk.t());
    }
    return logits;
}

at::Tensor WeightStore::unembedOnCpu(const at::Tensor& x) const
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
            for (std::int64_t r = 0; r < rows; ++r)
                toFloat32(out.dtype, out.row(start + r), static_cast<std::size_t>(d), dst + r * d);
        }
        logits.narrow(1, start, rows).copy_(at::matmul(x, chunk.t()));
    }
    return logits;
}

}  // namespace spectro
