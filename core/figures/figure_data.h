#pragma once
// The data of every figure of the workbench, as plain Qt-free values. Core builds them
// (figure_builders.h) from a cache and, where needed, the model's weights; the GUI's views and
// the CLI's `figure` verb only draw them, so a figure on screen, in a PDF and in its CSV are the
// same numbers. Each figure can write the table it shows (`table()`), which is what every view
// exports as CSV.
//
// Conventions: indices are 0-based; `stream` s is resid[s] (0 = embeddings, l+1 = exit of layer
// l); `band` is 1-based as in the paper (band N is the dark band); matrices are row-major with
// the first axis named first ([layers, tokens] = layer-major).
#include "figures/figure_table.h"
#include "figures/token_labels.h"

#include <memory>
#include <string>
#include <vector>

namespace spectro::figures {

// 1. Singular values of W_u ("unembed") or W_e ("embed") with the band layout.
struct SpectrumFigure {
    std::string matrix;                 // "unembed" or "embed"
    std::vector<double> singularValues; // [d], descending
    std::vector<int> bandEdges;         // [N+1], band j (1-based) = [edges[j-1], edges[j])
    bool foldedNorm = false;
    std::vector<bool> bandsKept;        // [N] or empty: the filter lab's bands kept, drawn shaded
    int rank = 0;                       // indices >= rank complete W's null space: singular value 0
    Provenance provenance;
    FigureTable table() const;          // index,singular_value,band
};

// 2. Read/write aptitude of one matrix of one layer (spectral/aptitude.h): units x columns,
// columns = bands (byBand) or singular indices.
struct AptitudeFigure {
    std::string matrix;          // wq, wk, wv, wo, w1, w2, w3
    int layer = 0;
    bool writer = false;         // wo, w2
    std::string unit;            // "head" or "neuron"
    bool byBand = true;
    int units = 0, columns = 0;
    std::vector<double> values;  // [units, columns]: A_j (byBand) or a_i / ||W||_F
    std::vector<int> bandEdges;  // [N+1]
    std::vector<double> darkAptitude; // [units]: A_N, the dark band's aptitude
    double uniformLevel = 0;     // A_N of a matrix spread evenly over the spectrum: sqrt(|band N| / d)
    std::string spectrum = "unembed"; // whose singular vectors: "unembed" (W_u, the paper's) or "embed"
    Provenance provenance;
    FigureTable table() const;   // series,head|neuron,band|index,aptitude (series: aptitude, dark_band, uniform)
};

// 3a. Attention received per key token: mean (and variance) over later queries q > t.
struct AttentionReceivedFigure {
    int sample = 0, layer = 0;
    int head = -1;                    // -1 = head average
    TokenLabels tokens;
    std::vector<double> mean, variance; // [T]; NaN for the last token (no later query)
    Provenance provenance;
    FigureTable table() const;          // token,piece,mean,variance
};

// 3b. One layer's attention pattern, for a head or the head average.
struct AttentionPatternFigure {
    int sample = 0, layer = 0, head = -1;
    TokenLabels tokens;
    int size = 0;                // T
    std::vector<float> probs;    // [T, T]: probs[q * T + k]
    Provenance provenance;
    FigureTable table() const;   // query,key,probability (non-zero lower triangle)
};

// 3c. The BoS sink per layer x head: mean attention paid to position 0 by queries >= firstQuery,
// averaged over the samples used.
struct SinkGridFigure {
    int layers = 0, heads = 0;
    int firstQuery = 1;
    int samples = 0;
    std::vector<double> bosAttention; // [layers, heads]
    double uniformLevel = 0;          // the same under uniform causal attention
    Provenance provenance;
    FigureTable table() const;        // layer,head,bos_attention
};

// 4a. U-dark (or E-dark) ratio per stream and token of one sample.
struct DarkRatioFigure {
    int sample = 0;
    std::string matrix;          // "unembed" (U-dark) or "embed" (E-dark)
    TokenLabels tokens;
    int streams = 0;             // L+1
    std::vector<double> ratio;   // [streams, T]
    Provenance provenance;
    FigureTable table() const;   // stream,token,piece,ratio
};

// 4b. HMLV scatter: mean vs variance of attention received per (layer, token).
struct HmlvFigure {
    struct Point {
        int sample = 0, layer = 0, token = 0;
        double mean = 0, variance = 0, udr = 0;
        bool hmlv = false;
    };
    std::vector<Point> points;
    std::vector<std::string> pieces; // piece of each point's token, parallel to points
    double meanAbove = 0, varianceBelow = 0;
    // Which (layer, token) pairs are eligible for HMLV (the per-layer tallies count only these).
    int firstLayer = 0, excludeLast = 0;
    bool excludeBos = true;
    int layers = 0;
    std::vector<int> hmlvPerLayer, pointsPerLayer; // [layers]
    // [layers]: mean U-dark ratio of the eligible HMLV pairs and of the other eligible pairs
    // (NaN where there are none): the paper's "HMLV vs the rest" per layer.
    std::vector<double> udrHmlvMean, udrRestMean;
    Provenance provenance;
    FigureTable table() const;  // sample,layer,token,piece,mean,variance,udr,hmlv
    FigureTable summaryTable() const; // layer,pairs,hmlv,udr_hmlv_mean,udr_rest_mean (as analyze --summary)
};

// 5. Spectrogram: band energy of resid vectors, either streams x bands for one token or tokens x
// bands for one stream.
struct SpectrogramFigure {
    enum class Axis { StreamByBand, TokenByBand };
    int sample = 0;
    Axis axis = Axis::StreamByBand;
    int fixed = 0;                // the token (StreamByBand) or the stream (TokenByBand)
    TokenLabels tokens;
    int rows = 0, bands = 0;
    std::vector<double> energy;   // [rows, bands]: ||V_j^T h||^2
    bool fraction = false;        // draw energy / row sum (the table has both)
    Provenance provenance;
    FigureTable table() const;    // stream|token,band,energy,fraction
};

// 6. The BoS story: the BoS stream per stream index, U-dark / U-light, attention and MLP parts.
struct BosStoryFigure {
    struct Row {
        int stream = 0;
        double norm = 0, udarkNorm = 0, ulightNorm = 0, udr = 0;
        double attnNorm = 0, attnUdarkNorm = 0, mlpNorm = 0, mlpUdarkNorm = 0;
    };
    int sample = 0;
    std::vector<Row> rows;
    int blastOffLayer = -1;       // the layer whose MLP writes the largest U-dark vector into BoS
    Provenance provenance;
    FigureTable table() const;    // stream,layer,norm,udark_norm,...
};

// 7. The token strip: a sample's tokens coloured by one measure.
struct TokenStripFigure {
    int sample = 0;
    std::string measure;          // "udr", "attention_received", "nll", "nll_change", ...
    int stream = -1;              // the stream / layer the measure is taken at, -1 when none
    TokenLabels tokens;
    std::vector<double> values;   // [T] (NaN where undefined, e.g. NLL of token 0)
    Provenance provenance;
    FigureTable table() const;    // token,piece,value
};

template <class T> using FigurePtr = std::shared_ptr<const T>;

}  // namespace spectro::figures
