#include "engine/transformer.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/GradMode.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include "engine/causal_attention.h"
#include "engine/linear.h"
#include "engine/runtime.h"
#include "engine/weights.h"
#include "model/rope_frequencies.h"
#include "util/error.h"
#include "util/memory.h"

namespace spectro {

std::string siteName(Site site)
{
    switch (site) {
    case Site::AttnOut: return "attn";
    case Site::ResidMid: return "resid_mid";
    case Site::MlpOut: return "mlp";
    case Site::Resid: return "resid";
    }
    return "?";
}

Site parseSite(const std::string& name)
{
    if (name == "attn" || name == "attn_out") return Site::AttnOut;
    if (name == "resid_mid") return Site::ResidMid;
    if (name == "mlp" || name == "mlp_out") return Site::MlpOut;
    if (name == "resid") return Site::Resid;
    throw Error("unknown site '" + name + "' (expected resid, resid_mid, mlp or attn)");
}

TapSet TapSet::parse(const std::string& list)
{
    TapSet t;
    t.resid = t.residMid = t.attnOut = t.mlpOut = t.attention = t.logits = false;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto end = std::min(list.find(',', start), list.size());
        const std::string item = list.substr(start, end - start);
        if (item == "all") t.resid = t.residMid = t.attnOut = t.mlpOut = t.attention = t.logits = true;
        else if (item == "none" || item.empty()) {}
        else if (item == "resid") t.resid = true;
        else if (item == "resid_mid") t.residMid = true;
        else if (item == "attn_out") t.attnOut = true;
        else if (item == "mlp_out") t.mlpOut = true;
        else if (item == "attn") t.attention = true;
        else if (item == "logits") t.logits = true;
        else if (item == "nll") t.nll = true;
        else throw Error("unknown tap '" + item + "' (expected resid, resid_mid, attn_out, mlp_out, attn, logits, nll, all or none)");
        start = end + 1;
    }
    return t;
}

std::string TapSet::toString() const
{
    std::string s;
    auto add = [&](bool on, const char* name) {
        if (!on) return;
        if (!s.empty()) s.push_back(',');
        s.append(name);
    };
    add(resid, "resid");
    add(residMid, "resid_mid");
    add(attnOut, "attn_out");
    add(mlpOut, "mlp_out");
    add(attention, "attn");
    add(logits, "logits");
    add(nll, "nll");
    return s.empty() ? "none" : s;
}

std::string gemmModeName(GemmMode mode)
{
    switch (mode) {
    case GemmMode::Float32: return "f32";
    case GemmMode::SplitBf16: return "split-bf16";
    }
    return "?";
}

GemmMode parseGemmMode(const std::string& name)
{
    if (name == "f32") return GemmMode::Float32;
    if (name == "split-bf16") return GemmMode::SplitBf16;
    throw Error("unknown GEMM mode '" + name + "' (expected f32 or split-bf16)");
}

struct Transformer::Impl {
    std::shared_ptr<const Checkpoint> ckpt;
    EngineOptions options;
    Placement placement;
    std::vector<at::Device> stageDevices;  // one per block of layers (placement.stages)
    bool splitBf16 = false;
    std::unique_ptr<WeightStore> weights;
    at::Tensor ropeCos, ropeSin;  // on the CPU, [maxPositions, headDim/2], grown on demand
    mutable std::mutex ropeMutex;
    // Weights widened into a shared workspace (streamed CPU layers, 16-bit GPU matrices): such
    // forward passes take turns.
    mutable std::mutex streamMutex;

    at::Device deviceOf(int layer) const { return stageDevices[static_cast<std::size_t>(placement.stageOf(layer))]; }
    at::Device outputDevice() const { return stageDevices.back(); }

    at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& gain) const
    {
        const double eps = ckpt->config.normEps;
        return x * at::rsqrt(x.pow(2).mean(-1, true) + eps) * gain;
    }

    // cos/sin tables for positions [0, T) on `device`, from the model's inverse frequencies
    // (default, linear or llama3 scaling, GGUF divisors); computed in double on the CPU for accuracy
    // at long contexts (and so that every device rotates by the same float32 values).
    std::pair<at::Tensor, at::Tensor> rope(std::int64_t tokens, at::Device device) const
    {
        std::lock_guard lock(ropeMutex);
        auto* self = const_cast<Impl*>(this);
        if (!ropeCos.defined() || ropeCos.size(0) < tokens) {
            const std::int64_t n = std::max<std::int64_t>(tokens, 64);
            std::vector<double> inverse = ropeInverseFrequencies(ckpt->config);
            const at::Tensor freqs =
                at::from_blob(inverse.data(), {static_cast<std::int64_t>(inverse.size())}, at::kDouble);
            auto angles = at::outer(at::arange(0, n, at::kDouble), freqs);
            self->ropeCos = angles.cos().to(at::kFloat);
            self->ropeSin = angles.sin().to(at::kFloat);
        }
        const at::Tensor cos = ropeCos.narrow(0, 0, tokens), sin = ropeSin.narrow(0, 0, tokens);
        if (device.is_cpu()) return {cos, sin};
        return {cos.to(device), sin.to(device)};
    }

    // x: [B, T, heads, hd]; rotates adjacent pairs (x[2i], x[2i+1]) by position * inv_freq[i].
    static at::Tensor applyRope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin)
    {
        const auto shape = x.sizes().vec();
        auto pairs = x.reshape({shape[0], shape[1], shape[2], shape[3] / 2, 2});
        auto even = pairs.select(-1, 0), odd = pairs.select(-1, 1);
        auto c = cos.unsqueeze(1), s = sin.unsqueeze(1);  // [T, 1, hd/2]
        auto rotated = at::stack({even * c - odd * s, even * s + odd * c}, -1);
        return rotated.reshape(shape);
    }
};

namespace {

// Weights are memory-mapped, so an oversized model would not fail at load time: it would page
// from disk on every pass, or be killed mid-run. Refuse it up front instead.
void checkMemory(const Checkpoint& ckpt)
{
    std::set<const std::byte*> seen;
    std::uint64_t weights = 0, largestLayer = 0;
    for (const auto& [name, t] : ckpt.tensors) {
        if (seen.insert(t.data).second) weights += t.byteSize();
    }
    const auto& c = ckpt.config;
    largestLayer = 4ull * static_cast<std::uint64_t>(c.dim) *
                   static_cast<std::uint64_t>(2 * c.queryDim() + 2 * c.kvDim() + 3 * c.hiddenDim);
    const std::uint64_t working = largestLayer + (256ull << 20);
    const std::uint64_t physical = physicalMemoryBytes();
    if (weights + working > physical) {
        throw Error(ckpt.path + ": the weights take " + formatBytes(weights) + " and a pass needs about " +
                    formatBytes(working) + " more, but this machine has " + formatBytes(physical) + " of memory");
    }
}

// Whether bf16 matrices on a GPU take the split-bf16 route (engine/linear.h).
bool resolveSplitBf16(GemmMode mode, const std::vector<at::Device>& devices)
{
    if (mode == GemmMode::Float32) return false;
    if (std::none_of(devices.begin(), devices.end(), [](const at::Device& d) { return d.is_cuda(); })) {
        throw Error("GEMM mode split-bf16 needs a GPU (--device cuda); the CPU computes in float32");
    }
    if (!splitBf16Supported()) throw Error("GEMM mode split-bf16 needs libtorch >= 2.8 (this is " + torchVersion() + ")");
    return true;
}

}  // namespace

Transformer::Transformer(std::shared_ptr<const Checkpoint> checkpoint, EngineOptions options)
    : impl_(std::make_unique<Impl>())
{
    initRuntime();
    impl_->ckpt = std::move(checkpoint);
    const ModelConfig& c = impl_->ckpt->config;
    impl_->placement = resolvePlacement(options.device, c.nLayers);
    adaptThreadsToModel(c);
    impl_->options = options;
    for (const auto& name : impl_->placement.stages) {
        at::Device device(name);
        if (device.is_cuda() && !device.has_index()) device = at::Device(at::kCUDA, 0);  // one name for one GPU
        impl_->stageDevices.push_back(device);
    }
    impl_->splitBf16 = resolveSplitBf16(options.gemm, impl_->stageDevices);
    // Memory-mapped weights on the CPU page in as they are used; on a GPU the upload fails
    // (with the tensor named) when the card is full.
    if (impl_->placement.cpuOnly()) checkMemory(*impl_->ckpt);
    std::vector<at::Device> layerDevices;
    for (int l = 0; l < c.nLayers; ++l) layerDevices.push_back(impl_->deviceOf(l));
    impl_->weights = std::make_unique<WeightStore>(impl_->ckpt, std::move(layerDevices), impl_->outputDevice(),
                                                   options.residentBudgetBytes, impl_->splitBf16);
}

Transformer::~Transformer() = default;

const ModelConfig& Transformer::config() const { return impl_->ckpt->config; }
const Checkpoint& Transformer::checkpoint() const { return *impl_->ckpt; }
const EngineOptions& Transformer::options() const { return impl_->options; }
const Placement& Transformer::placement() const { return impl_->placement; }
bool Transformer::splitBf16() const { return impl_->splitBf16; }
std::uint64_t Transformer::gpuWeightBytes() const { return impl_->weights->gpuBytes(); }

namespace {

// One thread, one sample, long context: attention runs one head at a time (see forward()). At
// T = 256 the heads' scores of the test models fit the 2 MiB L2 anyway (measured: no change);
// with several threads the batched GEMM already gives each thread its own heads, and the 2-layer
// 7B at T = 512 on two threads was slower head by head (2.5 / 3.0 s a pass, taps off / on,
// against 2.2 / 2.1 s; one ad-hoc spectro-bench-forward measurement).
constexpr std::int64_t kHeadByHeadMinTokens = 512;

// q [B, T, H, hd], k and v [B, T, KV, hd] (float32, CPU) -> [B, T, H, hd], the heads shared out
// over libtorch's intra-op threads.
// `probs`, empty or one tap slot ([H, T_b, T_b]) per sample, receives the probabilities.
at::Tensor fusedAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale,
                          const std::vector<float*>& probs, const std::vector<std::int64_t>& lengths)
{
    const at::Tensor qc = q.contiguous(), kc = k.contiguous(), vc = v.contiguous();
    at::Tensor out = at::empty_like(qc);
    CausalAttentionArgs a;
    a.q = qc.data_ptr<float>();
    a.k = kc.data_ptr<float>();
    a.v = vc.data_ptr<float>();
    a.out = out.data_ptr<float>();
    a.batch = qc.size(0);
    a.tokens = qc.size(1);
    a.heads = qc.size(2);
    a.kvHeads = kc.size(2);
    a.headDim = qc.size(3);
    a.scale = static_cast<float>(scale);
    if (!probs.empty()) {
        a.probs = probs.data();
        a.lengths = lengths.data();
    }
    at::parallel_for(0, a.batch * a.heads, 1, [&](std::int64_t first, std::int64_t last) { causalAttention(a, first, last); });
    return out;
}

// Copies rows [0, length) of x[b] ([B, T, ...]) into `dst` at slot `slot` of its outermost dimension.
void copyOut(const at::Tensor& x, std::int64_t b, std::int64_t length, Array& dst, std::int64_t slot)
{
    const at::Tensor src = x.select(0, b).narrow(0, 0, length);
    at::from_blob(dst.slice(slot), src.sizes(), at::kFloat).copy_(src);  // from a GPU: one copy to the host
}

// nll[t] = logsumexp(logits[t]) - logits[t][tokens[t + 1]] for t < T - 1, in float32 with ATen's
// vectorised reductions (analysis/nll.h computes the same in double, element by element).
Array nllFromLogits(const at::Tensor& logits, const std::vector<int>& tokens)
{
    const auto T = static_cast<std::int64_t>(tokens.size());
    Array out({T - 1});
    if (T < 2) return out;
    std::vector<std::int64_t> next(tokens.begin() + 1, tokens.end());
    const at::Tensor rows = logits.narrow(0, 0, T - 1);
    at::Tensor target = at::from_blob(next.data(), {T - 1, 1}, at::kLong);
    if (!rows.device().is_cpu()) target = target.to(rows.device());  // scored where the logits are: T - 1 floats come back
    at::from_blob(out.data.data(), {T - 1}, at::kFloat).copy_(at::logsumexp(rows, {1}) - rows.gather(1, target).squeeze(1));
    return out;
}

// A tap whose slots from `firstComputed` on are all written by the pass: only the slots of the
// layers a re-filter skips are zeroed (zeroing all of it cost as much as the attention itself).
Array tapArray(std::vector<std::int64_t> shape, std::int64_t firstComputed)
{
    Array a = Array::uninitialized(std::move(shape));
    std::fill(a.data.begin(), a.data.begin() + firstComputed * (a.numel() / a.shape.at(0)), 0.0f);
    return a;
}

void runHook(const Hook& hook, Site site, int layer, at::Tensor& x, const std::vector<int>& lengths)
{
    if (!hook) return;
    // Hooks see host memory; on a GPU the activations make a round trip.
    at::Tensor host = x.device().is_cpu() ? x.contiguous() : x.to(at::kCPU).contiguous();
    ActivationView view{host.data_ptr<float>(), host.size(0), host.size(1), host.size(2), &lengths};
    hook(site, layer, view);
    x = x.device().is_cpu() ? host : host.to(x.device());
}

}  // namespace

std::vector<SampleTaps> Transformer::forward(const ForwardRequest& request, const ProgressFn& progress) const
{
    c10::NoGradGuard noGrad;
    const Impl& m = *impl_;
    std::unique_lock streamLock(m.streamMutex, std::defer_lock);
    if (m.weights->sharedWorkspace()) streamLock.lock();
    const ModelConfig& c = m.ckpt->config;
    const auto batch = static_cast<std::int64_t>(request.samples.size());
    if (batch == 0) throw Error("forward: no samples");
    if (request.startLayer < 0 || request.startLayer > c.nLayers) {
        throw Error("forward: start layer " + std::to_string(request.startLayer) + " outside 0.." + std::to_string(c.nLayers));
    }
    std::vector<int> lengths;
    std::int64_t tokens = 0;
    for (const auto& s : request.samples) {
        if (s.empty()) throw Error("forward: a sample has no tokens");
        for (int id : s) {
            if (id < 0 || id >= c.vocabSize) {
                throw Error("forward: token id " + std::to_string(id) + " is outside the vocabulary (size " +
                            std::to_string(c.vocabSize) + ")");
            }
        }
        lengths.push_back(static_cast<int>(s.size()));
        tokens = std::max<std::int64_t>(tokens, static_cast<std::int64_t>(s.size()));
    }
    const std::int64_t d = c.dim, nHeads = c.nHeads, nKv = c.nKvHeads, hd = c.headDim(), L = c.nLayers;
    const std::int64_t qd = nHeads * hd;  // = d unless the model has an explicit head_dim
    if (c.slidingWindow > 0 && tokens > c.slidingWindow) {
        throw Error(m.ckpt->path + ": the model's sliding_window of " + std::to_string(c.slidingWindow) +
                    " tokens is shorter than the " + std::to_string(tokens) +
                    " tokens requested; sliding-window attention is not supported");
    }

    // Embeddings (or the given stream), right-padded with zeros, where the first layer to run is.
    const at::Device startDevice = request.startLayer < c.nLayers ? m.deviceOf(request.startLayer) : m.outputDevice();
    at::Tensor x = at::zeros({batch, tokens, d}, at::TensorOptions().dtype(at::kFloat).device(startDevice));
    for (std::int64_t b = 0; b < batch; ++b) {
        if (request.startLayer == 0) {
            x[b].narrow(0, 0, lengths[static_cast<std::size_t>(b)])
                .copy_(m.weights->embed(request.samples[static_cast<std::size_t>(b)], startDevice));
        } else {
            if (request.startResid.size() != static_cast<std::size_t>(batch)) {
                throw Error("forward: starting at layer " + std::to_string(request.startLayer) + " needs one resid per sample");
            }
            const Array& start = request.startResid[static_cast<std::size_t>(b)];
            if (start.shape != std::vector<std::int64_t>{lengths[static_cast<std::size_t>(b)], d}) {
                throw Error("forward: start resid of sample " + std::to_string(b) + " has the wrong shape");
            }
            x[b].narrow(0, 0, lengths[static_cast<std::size_t>(b)])
                .copy_(at::from_blob(const_cast<float*>(start.data.data()), start.shape, at::kFloat));
        }
    }

    std::vector<SampleTaps> out(static_cast<std::size_t>(batch));
    const auto& taps = request.taps;
    for (std::int64_t b = 0; b < batch; ++b) {
        auto& o = out[static_cast<std::size_t>(b)];
        const std::int64_t T = lengths[static_cast<std::size_t>(b)];
        o.tokens = request.samples[static_cast<std::size_t>(b)];
        if (taps.resid) o.resid = tapArray({L + 1, T, d}, request.startLayer);
        if (taps.residMid) o.residMid = tapArray({L, T, d}, request.startLayer);
        if (taps.attnOut) o.attnOut = tapArray({L, T, d}, request.startLayer);
        if (taps.mlpOut) o.mlpOut = tapArray({L, T, d}, request.startLayer);
        if (taps.attention) o.attention = tapArray({L, nHeads, T, T}, request.startLayer);
        if (taps.resid) copyOut(x, b, T, o.resid, request.startLayer);
    }
    // A batch of one on the CPU has no padding, so each tap slot has exactly the layout of the
    // activation: the operation that computes it writes it there, instead of a copy afterwards
    // (stories260K at T = 512 keeps 42 MB of attention probabilities per pass). A batch of
    // several samples, or a layer on a GPU, is computed apart and each sample's rows are copied
    // out (from a GPU: only the taps asked for leave it). Set per layer (placement).
    bool inPlace = false;
    auto tapSlot = [&](bool on, Array SampleTaps::*field, std::int64_t slot, at::IntArrayRef shape) -> at::Tensor {
        if (!on || !inPlace) return {};
        return at::from_blob((out.front().*field).slice(slot), shape, at::kFloat);
    };
    auto copyTaps = [&](bool on, const at::Tensor& t, Array SampleTaps::*field, std::int64_t slot) {
        if (!on || inPlace) return;
        for (std::int64_t b = 0; b < batch; ++b) {
            copyOut(t, b, lengths[static_cast<std::size_t>(b)], out[static_cast<std::size_t>(b)].*field, slot);
        }
    };
    // x [1, T, in] @ weight^T into `slot` ([1, T, out]) when it is a tap kept in place.
    auto project = [](const at::Tensor& in, const at::Tensor& weight, at::Tensor slot) {
        if (!slot.defined()) return linearMap(in, weight);
        at::Tensor rows = slot.view({-1, weight.size(0)});
        at::mm_out(rows, in.reshape({-1, weight.size(1)}), weight.t());
        return slot;
    };
    auto addInto = [](const at::Tensor& stream, const at::Tensor& delta, at::Tensor slot) {
        if (!slot.defined()) return stream + delta;
        at::add_out(slot, stream, delta);
        return slot;
    };

    // RoPE tables and the causal mask, made on each device as the stream reaches it. The mask is
    // added by the score GEMM itself (baddbmm with beta = 1), which also applies the 1/sqrt(hd)
    // scale: one pass over the [H, T, T] scores instead of three, same values.
    at::Tensor cos, sin, causal;
    int stage = -1;  // the block of layers the stream is in
    const double scale = 1.0 / std::sqrt(static_cast<double>(hd));
    const int layersToRun = c.nLayers - request.startLayer;

    for (int l = request.startLayer; l < c.nLayers; ++l) {
        reportProgress(progress, static_cast<double>(l - request.startLayer) / std::max(1, layersToRun), "forward");
        const at::Device device = m.deviceOf(l);
        if (m.placement.stageOf(l) != stage) {  // a block of layers begins: the stream moves to its device
            stage = m.placement.stageOf(l);
            x = x.to(device);
            std::tie(cos, sin) = m.rope(tokens, device);
            causal = at::full({tokens, tokens}, -std::numeric_limits<float>::infinity(),
                              at::TensorOptions().dtype(at::kFloat).device(device))
                         .triu(1);
        }
        inPlace = batch == 1 && device.is_cpu();
        const LayerWeights w = m.weights->layer(l);

        // Attention.
        at::Tensor h = m.rmsNorm(x, w.attentionNorm);
        at::Tensor q = linearMap(h, w.wq).view({batch, tokens, nHeads, hd});
        at::Tensor k = linearMap(h, w.wk).view({batch, tokens, nKv, hd});
        at::Tensor v = linearMap(h, w.wv).view({batch, tokens, nKv, hd});
        q = Impl::applyRope(q, cos, sin);  // [B, T, H, hd]
        k = Impl::applyRope(k, cos, sin);
        at::Tensor attn;
        if (device.is_cpu() && fusedAttentionSupports(hd) && fusedAttentionEnabled()) {
            // Narrow heads: the fused kernel (engine/causal_attention.h), which writes a tapped
            // layer's probabilities straight into each sample's tap array.
            std::vector<float*> probRows;
            std::vector<std::int64_t> probLengths;
            if (taps.attention) {
                for (std::int64_t b = 0; b < batch; ++b) {
                    probRows.push_back(out[static_cast<std::size_t>(b)].attention.slice(l));
                    probLengths.push_back(lengths[static_cast<std::size_t>(b)]);
                }
            }
            attn = fusedAttention(q, k, v, scale, probRows, probLengths).view({batch, tokens, qd});
        } else {
            at::Tensor probs = tapSlot(taps.attention, &SampleTaps::attention, l, {1, nHeads, tokens, tokens});
            q = q.transpose(1, 2);  // [B, H, T, hd]
            k = k.transpose(1, 2);
            v = v.transpose(1, 2);
            if (nKv != nHeads) {  // grouped-query attention: query head j reads kv head j / (H / KV)
                k = k.repeat_interleave(nHeads / nKv, 1);
                v = v.repeat_interleave(nHeads / nKv, 1);
            }
            if (inPlace && tokens >= kHeadByHeadMinTokens && at::get_num_threads() == 1) {
                // One head at a time, so that a head's scores and probabilities (2 x T^2 floats) are
                // still in cache when softmax and P V read them; all heads' are 8 MB for stories260K
                // at T = 512 (42 MB over its 5 layers when tapped). Taps on: 48 -> 44 ms, off: 42 -> 41
                // (spectro-bench-forward, median of 20 passes, ad hoc).
                const at::Tensor heads = at::empty({nHeads, tokens, hd}, x.options());
                for (std::int64_t head = 0; head < nHeads; ++head) {
                    const at::Tensor s = at::addmm(causal, q[0][head], k[0][head].t(), 1.0, scale);
                    at::Tensor p = probs.defined() ? probs[0][head] : at::empty_like(s);
                    at::_softmax_out(p, s, -1, false);
                    at::Tensor o = heads[head];
                    at::mm_out(o, p, v[0][head]);
                }
                attn = heads.transpose(0, 1).reshape({batch, tokens, qd});
            } else {
                const at::Tensor scores = at::baddbmm(causal, q.reshape({batch * nHeads, tokens, hd}),
                                                      k.reshape({batch * nHeads, tokens, hd}).transpose(1, 2), 1.0, scale)
                                              .view({batch, nHeads, tokens, tokens});
                if (probs.defined()) at::_softmax_out(probs, scores, -1, false);
                else probs = at::softmax(scores, -1);
                if (taps.attention && !inPlace) {
                    for (std::int64_t b = 0; b < batch; ++b) {
                        const std::int64_t T = lengths[static_cast<std::size_t>(b)];
                        at::from_blob(out[static_cast<std::size_t>(b)].attention.slice(l), {nHeads, T, T}, at::kFloat)
                            .copy_(probs.select(0, b).narrow(1, 0, T).narrow(2, 0, T));
                    }
                }
                attn = at::matmul(probs, v).transpose(1, 2).reshape({batch, tokens, qd});
            }
        }
        at::Tensor attnOut = project(attn, w.wo, tapSlot(taps.attnOut, &SampleTaps::attnOut, l, {1, tokens, d}));
        runHook(request.hook, Site::AttnOut, l, attnOut, lengths);
        copyTaps(taps.attnOut, attnOut, &SampleTaps::attnOut, l);
        x = addInto(x, attnOut, tapSlot(taps.residMid, &SampleTaps::residMid, l, {1, tokens, d}));
        runHook(request.hook, Site::ResidMid, l, x, lengths);
        copyTaps(taps.residMid, x, &SampleTaps::residMid, l);

        // SwiGLU MLP.
        h = m.rmsNorm(x, w.ffnNorm);
        const at::Tensor gated = at::silu(linearMap(h, w.w1)) * linearMap(h, w.w3);
        at::Tensor mlpOut = project(gated, w.w2, tapSlot(taps.mlpOut, &SampleTaps::mlpOut, l, {1, tokens, d}));
        runHook(request.hook, Site::MlpOut, l, mlpOut, lengths);
        copyTaps(taps.mlpOut, mlpOut, &SampleTaps::mlpOut, l);
        x = addInto(x, mlpOut, tapSlot(taps.resid, &SampleTaps::resid, l + 1, {1, tokens, d}));
        runHook(request.hook, Site::Resid, l, x, lengths);
        copyTaps(taps.resid, x, &SampleTaps::resid, l + 1);
    }

    if (taps.logits || taps.nll || request.logitsLastOnly) {
        if (x.device() != m.outputDevice()) x = x.to(m.outputDevice());
        const at::Tensor normed = m.rmsNorm(x, m.weights->outputNorm());
        for (std::int64_t b = 0; b < batch; ++b) {
            auto& o = out[static_cast<std::size_t>(b)];
            const std::int64_t T = lengths[static_cast<std::size_t>(b)];
            at::Tensor rows = request.logitsLastOnly ? normed[b].narrow(0, T - 1, 1) : normed[b].narrow(0, 0, T);
            const at::Tensor logits = m.weights->unembed(rows);  // on the output device
            if (taps.nll && !request.logitsLastOnly) o.nll = nllFromLogits(logits, o.tokens);
            if (taps.logits || request.logitsLastOnly) {
                o.logits = Array::uninitialized({logits.size(0), logits.size(1)});
                at::from_blob(o.logits.data.data(), logits.sizes(), at::kFloat).copy_(logits);
            }
        }
    }
    reportProgress(progress, 1.0, "forward");
    return out;
}

}  // namespace spectro
