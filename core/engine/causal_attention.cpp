#include "engine/causal_attention.h"

#include <cstring>
#include <limits>
#include <vector>

#include "util/error.h"

// Every function that takes or returns an 8-float vector is inlined into its AVX2 or baseline
// caller, so the two builds never pass one across a call (the ABI warning does not apply).
#pragma GCC diagnostic ignored "-Wpsabi"

namespace spectro {
namespace {

// Eight floats (GCC's vector extension: one AVX register in the AVX2 build, two SSE registers in
// the baseline one), loaded and stored unaligned and allowed to alias float, as immintrin.h's
// __m256_u is.
typedef float Floats8 __attribute__((vector_size(32), aligned(4), may_alias));
typedef std::int32_t Ints8 __attribute__((vector_size(32), aligned(4)));

constexpr float kInf = std::numeric_limits<float>::infinity();

inline __attribute__((always_inline)) Floats8 load8(const float* p)
{
    return *reinterpret_cast<const Floats8*>(p);
}

inline __attribute__((always_inline)) void store8(float* p, Floats8 x)
{
    *reinterpret_cast<Floats8*>(p) = x;
}

// e^x, Cephes' expf (S. Moshier): x = n ln 2 + r with |r| <= ln 2 / 2, e^r by a degree-5
// polynomial, 2^n put into the exponent bits. exp(-inf) and underflow give 0, NaN stays NaN.
inline __attribute__((always_inline)) Floats8 exp8(Floats8 x)
{
    const float limit = 88.3762626647949f;
    Floats8 c = x > limit ? Floats8{} + limit : x;
    c = c < -limit ? Floats8{} - limit : c;
    const Floats8 scaled = c * 1.44269504088896341f + 0.5f;
    Floats8 n = __builtin_convertvector(__builtin_convertvector(scaled, Ints8), Floats8);
    n = n > scaled ? n - 1.0f : n;  // floor (the conversion truncates towards 0)
    const Floats8 r = c - n * 0.693359375f - n * -2.12194440e-4f;
    Floats8 y = Floats8{} + 1.9875691500e-4f;
    y = y * r + 1.3981999507e-3f;
    y = y * r + 8.3334519073e-3f;
    y = y * r + 4.1665795894e-2f;
    y = y * r + 1.6666665459e-1f;
    y = y * r + 5.0000001201e-1f;
    y = y * (r * r) + r + 1.0f;
    const Ints8 bits = (__builtin_convertvector(n, Ints8) + 127) << 23;
    Floats8 twoToN;
    std::memcpy(&twoToN, &bits, sizeof twoToN);
    Floats8 e = y * twoToN;
    e = x < -limit ? Floats8{} : e;
    return x != x ? x : e;
}

// One head of one batch row. `kt` (HD x Tp) and `s` (Tp) are scratch; `probs`, when not null,
// receives the probabilities of the first `probLength` rows ([probLength, probLength]).
template <int HD>
inline __attribute__((always_inline)) void attendHead(const float* q, std::int64_t qStride, const float* k,
                                                      const float* v, std::int64_t kvStride, float* out,
                                                      std::int64_t T, float scale, float* kt, float* s,
                                                      float* probs, std::int64_t probLength)
{
    constexpr int kWords = HD / 8;
    const std::int64_t Tp = (T + 7) / 8 * 8;
    // K transposed, so that the scores of eight keys are one vector: s[j..j+8) += q_d k[j..j+8)_d.
    for (std::int64_t j = 0; j < T; ++j) {
        for (int d = 0; d < HD; ++d) kt[d * Tp + j] = k[j * kvStride + d];
    }
    for (int d = 0; d < HD; ++d) {
        for (std::int64_t j = T; j < Tp; ++j) kt[d * Tp + j] = 0;
    }
    for (std::int64_t i = 0; i < T; ++i) {
        const std::int64_t n = i + 1, blocks = (n + 7) / 8;  // keys 0..i
        float qs[HD];
        for (int d = 0; d < HD; ++d) qs[d] = q[i * qStride + d] * scale;
        for (std::int64_t b = 0; b < blocks; ++b) {
            Floats8 acc{};
            for (int d = 0; d < HD; ++d) acc += qs[d] * load8(kt + d * Tp + 8 * b);
            store8(s + 8 * b, acc);
        }
        for (std::int64_t j = n; j < 8 * blocks; ++j) s[j] = -kInf;  // the block's keys after i
        Floats8 max8 = Floats8{} - kInf;
        for (std::int64_t b = 0; b < blocks; ++b) {
            const Floats8 x = load8(s + 8 * b);
            max8 = x > max8 ? x : max8;
        }
        float max = max8[0];
        for (int l = 1; l < 8; ++l) max = max8[l] > max ? max8[l] : max;
        Floats8 sum8{};
        for (std::int64_t b = 0; b < blocks; ++b) {
            const Floats8 p = exp8(load8(s + 8 * b) - max);
            store8(s + 8 * b, p);
            sum8 += p;
        }
        float sum = 0;
        for (int l = 0; l < 8; ++l) sum += sum8[l];
        // Two accumulators, so that consecutive keys do not wait on each other's adds.
        Floats8 even[kWords] = {}, odd[kWords] = {};
        std::int64_t j = 0;
        for (; j + 1 < n; j += 2) {
            const float p0 = s[j], p1 = s[j + 1];
            const float* v0 = v + j * kvStride;
            const float* v1 = v0 + kvStride;
            for (int w = 0; w < kWords; ++w) {
                even[w] += p0 * load8(v0 + 8 * w);
                odd[w] += p1 * load8(v1 + 8 * w);
            }
        }
        if (j < n) {
            const float* v0 = v + j * kvStride;
            for (int w = 0; w < kWords; ++w) even[w] += s[j] * load8(v0 + 8 * w);
        }
        const float inverse = 1.0f / sum;
        for (int w = 0; w < kWords; ++w) store8(out + i * qStride + 8 * w, (even[w] + odd[w]) * inverse);
        if (probs && i < probLength) {
            float* row = probs + i * probLength;
            for (std::int64_t k = 0; k < n; ++k) row[k] = s[k] * inverse;
            for (std::int64_t k = n; k < probLength; ++k) row[k] = 0;
        }
    }
}

template <int HD> inline __attribute__((always_inline)) void attendRange(const CausalAttentionArgs& a, std::int64_t first, std::int64_t last)
{
    const std::int64_t T = a.tokens, Tp = (T + 7) / 8 * 8, group = a.heads / a.kvHeads;
    const std::int64_t qStride = a.heads * HD, kvStride = a.kvHeads * HD;
    std::vector<float> scratch(static_cast<std::size_t>((HD + 1) * Tp));
    for (std::int64_t bh = first; bh < last; ++bh) {
        const std::int64_t b = bh / a.heads, h = bh % a.heads, g = h / group;
        const std::int64_t probLength = a.probs && a.probs[b] ? a.lengths[b] : 0;
        float* probs = probLength ? a.probs[b] + h * probLength * probLength : nullptr;
        attendHead<HD>(a.q + b * T * qStride + h * HD, qStride, a.k + b * T * kvStride + g * HD,
                       a.v + b * T * kvStride + g * HD, kvStride, a.out + b * T * qStride + h * HD, T, a.scale,
                       scratch.data(), scratch.data() + HD * Tp, probs, probLength);
    }
}

template <int HD>
__attribute__((target("avx2,fma"))) void attendAvx2(const CausalAttentionArgs& a, std::int64_t first, std::int64_t last)
{
    attendRange<HD>(a, first, last);
}

template <int HD> void attendBaseline(const CausalAttentionArgs& a, std::int64_t first, std::int64_t last)
{
    attendRange<HD>(a, first, last);
}

template <int HD> void attend(const CausalAttentionArgs& a, std::int64_t first, std::int64_t last, bool avx2)
{
    if (avx2) attendAvx2<HD>(a, first, last);
    else attendBaseline<HD>(a, first, last);
}

}  // namespace

bool fusedAttentionSupports(std::int64_t headDim)
{
    return headDim == 8 || headDim == 16 || headDim == 32;
}

void causalAttention(const CausalAttentionArgs& a, std::int64_t first, std::int64_t last, AttentionIsa isa)
{
    if (!fusedAttentionSupports(a.headDim)) throw Error("attention: no fused kernel for head_dim " + std::to_string(a.headDim));
    if (a.kvHeads <= 0 || a.heads % a.kvHeads != 0) throw Error("attention: heads must be a multiple of kv heads");
    if (first < 0 || last > a.batch * a.heads || first > last) throw Error("attention: head range outside the batch");
    for (std::int64_t b = 0; a.probs && b < a.batch; ++b) {
        if (a.probs[b] && (!a.lengths || a.lengths[b] < 1 || a.lengths[b] > a.tokens))
            throw Error("attention: a probability tap's length outside 1..T");
    }
    static const bool hasAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    const bool avx2 = hasAvx2 && isa == AttentionIsa::Best;
    switch (a.headDim) {
    case 8: attend<8>(a, first, last, avx2); break;
    case 16: attend<16>(a, first, last, avx2); break;
    default: attend<32>(a, first, last, avx2); break;
    }
}

}  // namespace spectro
