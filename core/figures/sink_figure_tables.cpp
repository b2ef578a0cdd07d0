// table() of the sink figures (sink_figures.h): what their views export as CSV. Apart from the
// builders so that the views link the figure data without HDF5, BLAS or the engine.
#include "figures/sink_figures.h"

#include <cmath>

namespace spectro::figures {

double SinkRateFigure::grid(int layer, int head) const
{
    return headRate[(static_cast<std::size_t>(layer) * static_cast<std::size_t>(heads) +
                     static_cast<std::size_t>(head)) *
                        static_cast<std::size_t>(positions) +
                    static_cast<std::size_t>(position)];
}

FigureTable SinkRateFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"layer", "head", "position", "alpha", "sink_rate"};
    const auto P = static_cast<std::size_t>(positions);
    for (int l = 0; l < layers; ++l) {
        for (int h = 0; h < heads; ++h) {
            for (int k = 0; k < positions; ++k) {
                const std::size_t at =
                    (static_cast<std::size_t>(l) * static_cast<std::size_t>(heads) + static_cast<std::size_t>(h)) * P +
                    static_cast<std::size_t>(k);
                t.addRow({std::to_string(l), std::to_string(h), std::to_string(k), formatNumber(alpha[at]),
                          formatNumber(headRate[at])});
            }
        }
    }
    for (int l = 0; l < layers; ++l) {
        for (int k = 0; k < positions; ++k) {
            t.addRow({std::to_string(l), "all", std::to_string(k), "",
                      formatNumber(layerRate[static_cast<std::size_t>(l) * P + static_cast<std::size_t>(k)])});
        }
    }
    for (int k = 0; k < positions; ++k)
        t.addRow({"all", "all", std::to_string(k), "", formatNumber(rate[static_cast<std::size_t>(k)])});
    return t;
}

FigureTable MassiveActivationsFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"stream", "rank",      "position", "token", "piece",   "channel",
                 "value",  "magnitude", "median",   "ratio", "massive", "channel_udr"};
    for (int s = 0; s < streams; ++s) {
        const double m = median[static_cast<std::size_t>(s)];
        for (int r = 0; r < top; ++r) {
            const std::size_t at =
                static_cast<std::size_t>(s) * static_cast<std::size_t>(top) + static_cast<std::size_t>(r);
            const auto p = static_cast<std::size_t>(position[at]);
            const double magnitude = std::fabs(value[at]);
            t.addRow({std::to_string(s), std::to_string(r), std::to_string(position[at]),
                      p < tokens.ids.size() ? std::to_string(tokens.ids[p]) : "",
                      p < tokens.pieces.size() ? tokens.pieces[p] : "", std::to_string(channel[at]),
                      formatNumber(value[at]), formatNumber(magnitude), formatNumber(m),
                      formatNumber(m > 0 ? magnitude / m : INFINITY), std::to_string(massive[at]),
                      channelUdr.empty() ? "" : formatNumber(channelUdr[at])});
        }
    }
    return t;
}

FigureTable TriadFigure::table() const
{
    FigureTable t;
    t.provenance = provenance;
    t.columns = {"kv_head", "token", "piece", "attention", "value_norm", "value_ratio", "resid_norm", "resid_ratio"};
    const std::size_t T = residNorm.size();
    for (int g = 0; g < kvHeads; ++g) {
        for (std::size_t i = 0; i < T; ++i) {
            const std::size_t at = static_cast<std::size_t>(g) * T + i;
            t.addRow({std::to_string(g), std::to_string(i), i < tokens.pieces.size() ? tokens.pieces[i] : "",
                      formatNumber(attention[at]), formatNumber(valueNorm[at]), formatNumber(valueRatio[at]),
                      formatNumber(residNorm[i]), formatNumber(residRatio[i])});
        }
    }
    return t;
}

} // namespace spectro::figures
