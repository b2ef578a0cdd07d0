// table() of every figure: what its view exports as CSV. Kept apart from the builders so that
// the views can link the figure data without HDF5, BLAS or the engine (spectro_figure_data).
#include "figures/figure_data.h"

namespace spectro::figures {

FigureTable SpectrumFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"index", "singular_value", "band"};
    std::size_t band = 1;
    for (std::size_t i = 0; i < singularValues.size(); ++i) {
        while (band + 1 < bandEdges.size() && static_cast<int>(i) >= bandEdges[band]) ++band;
        t.addRow({std::to_string(i), formatNumber(singularValues[i]), bandEdges.empty() ? "" : std::to_string(band)});
    }
    return t;
}

FigureTable AptitudeFigure::table() const
{
    // Long format, one series per part of the figure: the heatmap (unit x band or index), the
    // dark-band bars, and the uniform level they are drawn against.
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"series", unit.empty() ? "unit" : unit, byBand ? "band" : "index", "aptitude"};
    for (int u = 0; u < units; ++u) {
        for (int c = 0; c < columns; ++c) {
            const double v =
                values[static_cast<std::size_t>(u) * static_cast<std::size_t>(columns) + static_cast<std::size_t>(c)];
            // Bands are 1-based as in the paper, singular indices 0-based.
            t.addRow({"aptitude", std::to_string(u), std::to_string(byBand ? c + 1 : c), formatNumber(v)});
        }
    }
    // A_N per unit and its uniform level; the band / index column stays empty (the series says it).
    for (std::size_t u = 0; u < darkAptitude.size(); ++u) {
        t.addRow({"dark_band", std::to_string(u), "", formatNumber(darkAptitude[u])});
    }
    t.addRow({"uniform", "", "", formatNumber(uniformLevel)});
    return t;
}

FigureTable AttentionReceivedFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"token", "piece", "mean", "variance"};
    for (std::size_t i = 0; i < mean.size(); ++i) {
        t.addRow({std::to_string(i), i < tokens.pieces.size() ? tokens.pieces[i] : "", formatNumber(mean[i]),
                  formatNumber(i < variance.size() ? variance[i] : 0.0)});
    }
    return t;
}

FigureTable AttentionPatternFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"query", "key", "probability"};
    for (int q = 0; q < size; ++q) {
        for (int k = 0; k <= q; ++k) {
            const float p =
                probs[static_cast<std::size_t>(q) * static_cast<std::size_t>(size) + static_cast<std::size_t>(k)];
            if (p != 0.0f) t.addRow({std::to_string(q), std::to_string(k), formatNumber(p)});
        }
    }
    return t;
}

FigureTable SinkGridFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.provenance["uniform_level"] = formatNumber(uniformLevel);
    t.columns = {"layer", "head", "bos_attention"};
    for (int l = 0; l < layers; ++l) {
        for (int h = 0; h < heads; ++h) {
            t.addRow({std::to_string(l), std::to_string(h),
                      formatNumber(bosAttention[static_cast<std::size_t>(l) * static_cast<std::size_t>(heads) +
                                                static_cast<std::size_t>(h)])});
        }
    }
    return t;
}

FigureTable DarkRatioFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"stream", "token", "piece", "ratio"};
    const std::size_t T = tokens.size();
    for (int s = 0; s < streams; ++s) {
        for (std::size_t i = 0; i < T; ++i) {
            t.addRow({std::to_string(s), std::to_string(i), tokens.pieces[i],
                      formatNumber(ratio[static_cast<std::size_t>(s) * T + i])});
        }
    }
    return t;
}

FigureTable TokenStripFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"token", "piece", "value"};
    for (std::size_t i = 0; i < values.size(); ++i) {
        t.addRow({std::to_string(i), i < tokens.pieces.size() ? tokens.pieces[i] : "", formatNumber(values[i])});
    }
    return t;
}

FigureTable SpectrogramFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {axis == Axis::StreamByBand ? "stream" : "token", "band", "energy", "fraction"};
    for (int r = 0; r < rows; ++r) {
        const double* e = energy.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(bands);
        double total = 0;
        for (int j = 0; j < bands; ++j) total += e[j];
        for (int j = 0; j < bands; ++j) {
            t.addRow({std::to_string(r), std::to_string(j + 1), formatNumber(e[j]),
                      formatNumber(total > 0 ? e[j] / total : 0.0)});
        }
    }
    return t;
}

FigureTable BosStoryFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.provenance["blast_off_layer"] = std::to_string(blastOffLayer);
    t.columns = {"stream",    "layer",           "norm",     "udark_norm",    "ulight_norm", "udr",
                 "attn_norm", "attn_udark_norm", "mlp_norm", "mlp_udark_norm"};
    for (const Row& r : rows) {
        // resid[0] is the embedding; resid[s] the exit of layer s - 1 (bosCsv's convention).
        t.addRow({std::to_string(r.stream), r.stream == 0 ? "embed" : std::to_string(r.stream - 1),
                  formatNumber(r.norm), formatNumber(r.udarkNorm), formatNumber(r.ulightNorm), formatNumber(r.udr),
                  formatNumber(r.attnNorm), formatNumber(r.attnUdarkNorm), formatNumber(r.mlpNorm),
                  formatNumber(r.mlpUdarkNorm)});
    }
    return t;
}

FigureTable HmlvFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"sample", "layer", "token", "piece", "mean", "variance", "udr", "hmlv"};
    for (std::size_t i = 0; i < points.size(); ++i) {
        const Point& p = points[i];
        t.addRow({std::to_string(p.sample), std::to_string(p.layer), std::to_string(p.token),
                  i < pieces.size() ? pieces[i] : "", formatNumber(p.mean), formatNumber(p.variance),
                  formatNumber(p.udr), p.hmlv ? "1" : "0"});
    }
    return t;
}

FigureTable HmlvFigure::summaryTable() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"layer", "pairs", "hmlv", "udr_hmlv_mean", "udr_rest_mean"};
    for (std::size_t l = 0; l < static_cast<std::size_t>(layers); ++l) {
        t.addRow({std::to_string(l), std::to_string(pointsPerLayer.at(l)), std::to_string(hmlvPerLayer.at(l)),
                  formatNumber(udrHmlvMean.at(l)), formatNumber(udrRestMean.at(l))});
    }
    return t;
}

} // namespace spectro::figures
