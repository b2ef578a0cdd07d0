#pragma once
// A hand-built cache whose every figure has an answer computable on paper, for the figure
// builder tests: d = 4, 2 layers, 2 heads, 2 bands; W_u's right singular vectors are the rows of
// the 4 x 4 Hadamard matrix / 2, W_e's the unit vectors; each head of each layer attends either
// uniformly (1 / (q + 1) to every key) or only to BoS. The expected values here are computed in
// double from these definitions, independently of core's code.
#include "engine/forward.h"
#include "model/model_config.h"
#include "store/cache_writer.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace spectro::test::hand {

constexpr int kDim = 4, kLayers = 2, kHeads = 2, kBands = 2, kVocab = 16;
using Vec = std::array<double, kDim>;

inline ModelConfig config()
{
    ModelConfig c;
    c.dim = kDim, c.hiddenDim = 8, c.nLayers = kLayers, c.nHeads = kHeads, c.nKvHeads = 1, c.vocabSize = kVocab;
    c.maxSeqLen = 64;
    return c;
}

// Rows are W_u's right singular vectors v_0..v_3 (orthonormal), singular values 4, 3, 2, 1.
inline double unembedVector(int i, int r)
{
    static const int h[4][4] = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, 1}};
    return 0.5 * h[i][r];
}
inline std::vector<double> unembedVectors()
{
    std::vector<double> v;
    for (int i = 0; i < kDim; ++i)
        for (int r = 0; r < kDim; ++r) v.push_back(unembedVector(i, r));
    return v;
}
inline std::vector<double> embedVectors()
{
    std::vector<double> v(kDim * kDim, 0.0);
    for (int i = 0; i < kDim; ++i) v[static_cast<std::size_t>(i * kDim + i)] = 1.0;
    return v;
}
inline const std::vector<int>& bandEdges()
{
    static const std::vector<int> edges{0, 2, 4};
    return edges;
}

// Per band energies ||V_j^T h||^2 for W_u (unembed) or W_e (embed).
inline std::array<double, kBands> energies(const Vec& h, bool unembed = true)
{
    std::array<double, kBands> e{};
    for (int i = 0; i < kDim; ++i) {
        double c = 0;
        for (int r = 0; r < kDim; ++r)
            c += (unembed ? unembedVector(i, r) : (i == r ? 1.0 : 0.0)) * h[static_cast<std::size_t>(r)];
        e[static_cast<std::size_t>(i / 2)] += c * c;
    }
    return e;
}
inline double darkRatio(const Vec& h, bool unembed = true)
{
    const auto e = energies(h, unembed);
    return std::sqrt(e[1] / e[0]);
}
inline double norm(const Vec& h)
{
    double s = 0;
    for (double x : h) s += x * x;
    return std::sqrt(s);
}

// The taps, rounded to float32 as the cache stores them.
inline Vec rounded(Vec v)
{
    for (double& x : v) x = static_cast<float>(x);
    return v;
}
inline Vec embedding(int sample, int t)
{
    return rounded({1.0 + t, 0.5 * sample - t, 2.0 - 0.25 * t * t, 0.1 * (sample + 1)});
}
inline Vec attnOut(int sample, int layer, int t)
{
    return rounded({0.3 * (layer + 1), -0.2 * t, 0.1 * sample, 0.4});
}
inline Vec mlpOut(int sample, int layer, int t)
{
    return rounded({-0.1 * t, 0.5 * (layer + 1), 0.2, -0.3 * sample + (t == 0 ? 3.0 * (layer + 1) : 0.0)});
}
inline Vec add(const Vec& a, const Vec& b)
{
    Vec c{};
    for (int i = 0; i < kDim; ++i)
        c[static_cast<std::size_t>(i)] =
            static_cast<float>(a[static_cast<std::size_t>(i)] + b[static_cast<std::size_t>(i)]);
    return c;
}
// resid_mid[l] = resid[l] + attn_out[l]; resid[l+1] = resid_mid[l] + mlp_out[l] (float32 adds).
inline Vec residMid(int sample, int layer, int t);
inline Vec resid(int sample, int stream, int t)
{
    if (stream == 0) return embedding(sample, t);
    return add(residMid(sample, stream - 1, t), mlpOut(sample, stream - 1, t));
}
inline Vec residMid(int sample, int layer, int t)
{
    return add(resid(sample, layer, t), attnOut(sample, layer, t));
}

// Head h of layer l attends uniformly when l + h is even, only to BoS otherwise.
inline bool uniformHead(int layer, int head)
{
    return (layer + head) % 2 == 0;
}
inline double attention(int layer, int head, int q, int k)
{
    if (k > q) return 0.0;
    return uniformHead(layer, head) ? 1.0 / (q + 1) : (k == 0 ? 1.0 : 0.0);
}
// Mean and population variance over later queries q > t of the attention paid to t (head < 0:
// the head average).
inline std::pair<double, double> received(int layer, int head, int t, int T)
{
    std::vector<double> column;
    for (int q = t + 1; q < T; ++q) {
        double a = 0;
        if (head >= 0)
            a = attention(layer, head, q, t);
        else {
            for (int h = 0; h < kHeads; ++h) a += attention(layer, h, q, t);
            a /= kHeads;
        }
        column.push_back(a);
    }
    if (column.empty()) return {NAN, NAN};
    double mean = 0, var = 0;
    for (double a : column) mean += a;
    mean /= static_cast<double>(column.size());
    for (double a : column) var += (a - mean) * (a - mean);
    return {mean, var / static_cast<double>(column.size())};
}

inline int tokenId(int sample, int t)
{
    return t == 0 ? 1 : 3 + (sample * 5 + t) % 12;
}
inline std::vector<std::string> vocabulary()
{
    return {"<unk>", "<s>",    "</s>",   "\u2581a", "b",   "<0x0A>", "\u2581", "c d",
            "\"q\"", "\u00e9", "<0x41>", "<0xE2>",  "x,y", "\xff",   "",       "z"};
}
// displayPiece() of vocabulary()[id], spelled out by hand.
inline std::string displayed(int id)
{
    static const char* shown[kVocab] = {"<unk>", "<s>",    "</s>", "\u00b7a", "b",   "\u21b5", "\u00b7", "c\u00b7d",
                                        "\"q\"", "\u00e9", "A",    "<0xE2>",  "x,y", "<0xFF>", "\u2205", "z"};
    return shown[id];
}
inline double nll(int sample, int t)
{
    return static_cast<float>(0.5 + 0.25 * sample + 0.125 * t);
} // t >= 1

struct SampleSpec {
    int T;
    bool attnOut, residMid, attn;
};
// Sample 0: resid, attn_out, mlp_out, attn. Sample 1: resid, resid_mid, attn. Sample 2: resid only.
inline const std::vector<SampleSpec>& samples()
{
    static const std::vector<SampleSpec> s{{5, true, false, true}, {6, false, true, true}, {4, false, false, false}};
    return s;
}

inline Array taps3(int slots, int T, Vec (*f)(int, int, int), int sample)
{
    Array a({slots, T, kDim});
    for (int s = 0; s < slots; ++s)
        for (int t = 0; t < T; ++t)
            for (int i = 0; i < kDim; ++i)
                a.data[static_cast<std::size_t>((s * T + t) * kDim + i)] =
                    static_cast<float>(f(sample, s, t)[static_cast<std::size_t>(i)]);
    return a;
}

// Writes the cache; `spectra` = false leaves /spectrum out, `vocabulary` = false /vocabulary.
inline void writeCache(const std::string& path, bool spectra = true, bool withVocabulary = true)
{
    CacheWriter w(path, config(), {"hand.bin", "llama2c-v0", "feedc0de", "hand:tokenizer", "{\"taps\":\"hand\"}"});
    for (std::size_t n = 0; n < samples().size(); ++n) {
        const int sample = static_cast<int>(n);
        const SampleSpec& spec = samples()[n];
        const int T = spec.T;
        SampleTaps taps;
        for (int t = 0; t < T; ++t) taps.tokens.push_back(tokenId(sample, t));
        taps.resid = taps3(kLayers + 1, T, resid, sample);
        if (spec.attnOut) {
            taps.attnOut = taps3(kLayers, T, attnOut, sample);
            taps.mlpOut = taps3(kLayers, T, mlpOut, sample);
        }
        if (spec.residMid) taps.residMid = taps3(kLayers, T, residMid, sample);
        if (spec.attn) {
            taps.attention = Array({kLayers, kHeads, T, T});
            for (int l = 0; l < kLayers; ++l)
                for (int h = 0; h < kHeads; ++h)
                    for (int q = 0; q < T; ++q)
                        for (int k = 0; k < T; ++k)
                            taps.attention.data[static_cast<std::size_t>(((l * kHeads + h) * T + q) * T + k)] =
                                static_cast<float>(attention(l, h, q, k));
        }
        std::vector<float> losses;
        for (int t = 1; t < T; ++t) losses.push_back(static_cast<float>(nll(sample, t)));
        w.addSample(sample, taps, "sample " + std::to_string(sample), losses);
    }
    if (spectra) {
        w.setSpectrum("unembed", {4, 3, 2, 1}, unembedVectors(), bandEdges(), false);
        w.setSpectrum("embed", {5, 4, 3, 2}, embedVectors(), bandEdges(), false);
    }
    if (withVocabulary) w.setVocabulary(vocabulary(), 1, 2);
    w.commit();
}

} // namespace spectro::test::hand

namespace spectro::test {

struct CliResult {
    int code = -1;
    QString out, err;
};

// Runs spectroscope-cli with its spectrum store in `cacheDir` (not the user's home).
inline CliResult runCli(const QStringList& args, const QString& cacheDir)
{
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("SPECTRO_CACHE_DIR", cacheDir);
    p.setProcessEnvironment(env);
    p.start(QString::fromUtf8(SPECTRO_CLI_PATH), args);
    if (!p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace spectro::test
