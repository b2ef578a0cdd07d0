#pragma once
// Value states recomputed from the stored residual stream and the weights, for the extreme-token
// triad (extreme_token_triad.h): the value vector that key t offers to the heads of kv group g in
// layer l is
//   v_{l,g}(t) = W_v^{(g)} RMSNorm_l(resid[l][t]),   RMSNorm_l(x) = x / sqrt(mean(x^2) + eps) * gain_l,
// with W_v^{(g)} the rows g*hd .. (g+1)*hd-1 of layer l's W_v and gain_l its attention_norm: the
// engine's own definition (core/engine/transformer.cpp), so no value tap is needed.
#include <cstdint>
#include <vector>

namespace spectro {

struct Checkpoint;

class ValueStates {
public:
    // Copies every layer's W_v and attention_norm gain as float32 (for 7B in bf16: 32 x 32 MiB).
    explicit ValueStates(const Checkpoint& checkpoint);

    int layers() const { return layers_; }
    int kvHeads() const { return kvHeads_; }
    int headDim() const { return headDim_; }
    int dim() const { return dim_; }

    // ||v_{l,g}(t)|| for the `tokens` rows of h ([tokens, dim], resid[layer]): [kvHeads, tokens].
    std::vector<double> norms(int layer, const float* h, std::int64_t tokens) const;
    // The value vectors themselves: [tokens, kvHeads * headDim] (for tests and checks).
    std::vector<float> values(int layer, const float* h, std::int64_t tokens) const;

private:
    int layers_ = 0, kvHeads_ = 0, headDim_ = 0, dim_ = 0;
    double eps_ = 0;
    std::vector<std::vector<float>> wv_, gain_; // per layer: [kv * hd, dim], [dim]
};

} // namespace spectro
