// spectroscope-plot: renders the CSV files of spectroscope-cli as publication figures with the
// workbench's own views (widgets/), headless (QT_QPA_PLATFORM=offscreen works), so that every
// figure in docs/ is reproducible from two commands.
//
//   spectroscope-plot spectrum CSV [CSV ...] --out FIG [--title T]   singular values, log scale
//   spectroscope-plot sweep CSV --out FIG [--title T]                 NLL heatmap, layer x k
//   spectroscope-plot sweep-lines CSV [CSV ...] --layer L --out FIG   NLL vs k for one layer
//   spectroscope-plot aptitude CSV --out FIG [--title T]              unit x band heatmap
//   spectroscope-plot bos CSV --out FIG [--title T]                   BoS stream per layer
//   spectroscope-plot hmlv CSV --out FIG [--title T]                  U-dark ratio, HMLV vs rest
//   spectroscope-plot lines CSV --x COL --y COL[,COL] --out FIG       any columns
#include <QApplication>
#include <QFileInfo>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "csv_table.h"
#include "heatmap_view.h"
#include "line_chart_view.h"

using namespace spectro::plot;
using namespace spectro::widgets;

namespace {

struct Options {
    QString verb, out, title, x, y, layer, label;
    QStringList inputs;
};

Options parse(const QStringList& args)
{
    Options o;
    if (args.size() < 2) throw std::runtime_error("usage: spectroscope-plot spectrum|sweep|sweep-lines|aptitude|bos|hmlv|lines CSV... --out FIG");
    o.verb = args[1];
    for (int i = 2; i < args.size(); ++i) {
        const QString& a = args[i];
        auto value = [&]() {
            if (i + 1 >= args.size()) throw std::runtime_error((a + " needs a value").toStdString());
            return args[++i];
        };
        if (a == "--out") o.out = value();
        else if (a == "--title") o.title = value();
        else if (a == "--x") o.x = value();
        else if (a == "--y") o.y = value();
        else if (a == "--layer") o.layer = value();
        else if (a == "--labels") o.label = value();
        else if (a.startsWith("--")) throw std::runtime_error(("unknown option " + a).toStdString());
        else o.inputs << a;
    }
    if (o.out.isEmpty()) throw std::runtime_error("--out FIG is required");
    if (o.inputs.isEmpty()) throw std::runtime_error("no input CSV");
    return o;
}

QString labelFor(const Options& o, int i)
{
    const QStringList labels = o.label.split(',', Qt::SkipEmptyParts);
    return i < labels.size() ? labels[i] : QFileInfo(o.inputs[i]).completeBaseName();
}

template <class View, class Data>
void render(const Options& o, const Data& data, QSize size = {900, 560})
{
    View view;
    // Lay the view out at the figure's size without showing a window (also under offscreen).
    view.setAttribute(Qt::WA_DontShowOnScreen);
    view.resize(size);
    view.show();
    QCoreApplication::processEvents();
    view.setData(data);
    QString error;
    if (!view.exportTo(o.out, &error)) throw std::runtime_error(error.toStdString());
}

void spectrum(const Options& o)
{
    LineChartData d{o.title.isEmpty() ? "Singular values" : o.title, "index (descending)", "singular value", true, {}, {}};
    for (int i = 0; i < o.inputs.size(); ++i) {
        const CsvTable t = readCsv(o.inputs[i]);
        LineSeries s{labelFor(o, i), {}, {}};
        const int iv = t.column("singular_value"), ib = t.column("band");
        double darkFrom = -1;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            s.x.push_back(static_cast<double>(r));
            s.y.push_back(t.number(r, iv));
            if (darkFrom < 0 && t.number(r, ib) == t.number(t.rows.size() - 1, ib)) darkFrom = static_cast<double>(r);
        }
        if (i == 0 && darkFrom >= 0) d.shaded.push_back({darkFrom - 0.5, static_cast<double>(t.rows.size()) - 0.5});
        d.series.push_back(std::move(s));
    }
    render<LineChartView>(o, d);
}

// Sweep rows of one filter: value[layer][k].
struct SweepGrid {
    std::vector<QString> layers;
    std::vector<int> ks;
    std::map<std::pair<QString, int>, double> nll;
    double baseline = std::nan("");
    QString filter, site;
};

SweepGrid readSweep(const QString& path)
{
    const CsvTable t = readCsv(path);
    SweepGrid g;
    const int cf = t.column("filter"), cl = t.column("layer"), ck = t.column("k"), cn = t.column("nll"), cs = t.column("site");
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const QString filter = t.rows[r].value(cf);
        if (filter == "none") {
            g.baseline = t.number(r, cn);
            continue;
        }
        g.filter = filter;
        g.site = t.rows[r].value(cs);
        const QString layer = t.rows[r].value(cl);
        const int k = static_cast<int>(t.number(r, ck));
        if (std::find(g.layers.begin(), g.layers.end(), layer) == g.layers.end()) g.layers.push_back(layer);
        if (std::find(g.ks.begin(), g.ks.end(), k) == g.ks.end()) g.ks.push_back(k);
        g.nll[{layer, k}] = t.number(r, cn);
    }
    std::sort(g.ks.begin(), g.ks.end());
    return g;
}

void sweep(const Options& o)
{
    const SweepGrid g = readSweep(o.inputs[0]);
    HeatmapData d;
    d.title = o.title.isEmpty() ? QString("NLL under %1 at the %2 (unfiltered %3)").arg(g.filter, g.site).arg(g.baseline, 0, 'f', 3) : o.title;
    d.xLabel = "k (bands kept)";
    d.yLabel = "filtered layer";
    d.valueLabel = "NLL";
    d.columns = static_cast<int>(g.ks.size());
    d.rows = static_cast<int>(g.layers.size());
    for (int k : g.ks) d.xTicks << QString::number(k);
    for (const auto& l : g.layers) d.yTicks << l;
    for (const auto& l : g.layers) {
        for (int k : g.ks) {
            const auto it = g.nll.find({l, k});
            d.values.push_back(it == g.nll.end() ? std::nan("") : it->second);
        }
    }
    render<HeatmapView>(o, d);
}

void sweepLines(const Options& o)
{
    LineChartData d{o.title.isEmpty() ? QString("NLL vs bands kept, layer %1").arg(o.layer) : o.title, "k (bands kept)", "NLL", false, {}, {}};
    for (int i = 0; i < o.inputs.size(); ++i) {
        const SweepGrid g = readSweep(o.inputs[i]);
        const QString layer = o.layer.isEmpty() ? g.layers.front() : o.layer;
        LineSeries s{labelFor(o, i), {}, {}, false, true};
        for (int k : g.ks) {
            const auto it = g.nll.find({layer, k});
            if (it == g.nll.end()) continue;
            s.x.push_back(k);
            s.y.push_back(it->second);
        }
        d.series.push_back(std::move(s));
        if (i == 0 && !g.ks.empty()) {
            d.series.push_back({"unfiltered", {double(g.ks.front()), double(g.ks.back())}, {g.baseline, g.baseline}, true});
        }
    }
    render<LineChartView>(o, d);
}

void aptitude(const Options& o)
{
    const CsvTable t = readCsv(o.inputs[0]);
    const int cu = t.column("unit"), cb = t.column("band"), ca = t.column("aptitude"), cm = t.column("matrix"), cl = t.column("layer");
    int units = 0, bands = 0;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        units = std::max(units, static_cast<int>(t.number(r, cu)) + 1);
        bands = std::max(bands, static_cast<int>(t.number(r, cb)));
    }
    HeatmapData d;
    const QString matrix = t.rows.empty() ? QString() : t.rows[0].value(cm), layer = t.rows.empty() ? QString() : t.rows[0].value(cl);
    d.title = o.title.isEmpty() ? QString("Aptitude of %1, layer %2, per band of W_u").arg(matrix, layer) : o.title;
    d.xLabel = "band of W_u (1 = largest singular values)";
    d.yLabel = units > 64 ? "neuron" : "head";
    d.valueLabel = "A_j";
    d.columns = bands;
    d.rows = units;
    d.values.assign(static_cast<std::size_t>(units * bands), std::nan(""));
    for (int j = 1; j <= bands; ++j) d.xTicks << QString::number(j);
    for (int u = 0; u < units; ++u) d.yTicks << QString::number(u);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const int u = static_cast<int>(t.number(r, cu)), j = static_cast<int>(t.number(r, cb));
        d.values[static_cast<std::size_t>(u * bands + j - 1)] = t.number(r, ca);
    }
    render<HeatmapView>(o, d);
}

LineSeries column(const CsvTable& t, const QString& x, const QString& y, const QString& name, bool dashed = false)
{
    LineSeries s{name, {}, {}, dashed, true};
    const int cx = t.column(x), cy = t.column(y);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        s.x.push_back(t.number(r, cx));
        s.y.push_back(t.number(r, cy));
    }
    return s;
}

void bos(const Options& o)
{
    const CsvTable t = readCsv(o.inputs[0]);
    LineChartData d{o.title.isEmpty() ? "BoS stream per layer" : o.title, "residual stream index (0 = embeddings, l+1 = exit of layer l)",
                    "norm", false, {}, {}};
    d.series = {column(t, "stream", "norm", "||resid||"), column(t, "stream", "udark_norm", "U-dark part"),
                column(t, "stream", "ulight_norm", "U-light part"), column(t, "stream", "mlp_norm", "MLP output", true),
                column(t, "stream", "attn_norm", "attention output", true)};
    render<LineChartView>(o, d);
}

void hmlv(const Options& o)
{
    const CsvTable t = readCsv(o.inputs[0]);
    LineChartData d{o.title.isEmpty() ? "U-dark ratio of HMLV tokens vs the rest" : o.title, "layer", "mean U-dark ratio of resid[l]", false, {}, {}};
    d.series = {column(t, "layer", "udr_hmlv_mean", "HMLV tokens"), column(t, "layer", "udr_rest_mean", "other tokens")};
    render<LineChartView>(o, d);
}

void lines(const Options& o)
{
    LineChartData d{o.title, o.x, o.y, false, {}, {}};
    for (int i = 0; i < o.inputs.size(); ++i) {
        const CsvTable t = readCsv(o.inputs[i]);
        for (const QString& y : o.y.split(',')) d.series.push_back(column(t, o.x, y, o.inputs.size() > 1 ? labelFor(o, i) + " " + y : y));
    }
    render<LineChartView>(o, d);
}

}  // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    try {
        const Options o = parse(app.arguments());
        if (o.verb == "spectrum") spectrum(o);
        else if (o.verb == "sweep") sweep(o);
        else if (o.verb == "sweep-lines") sweepLines(o);
        else if (o.verb == "aptitude") aptitude(o);
        else if (o.verb == "bos") bos(o);
        else if (o.verb == "hmlv") hmlv(o);
        else if (o.verb == "lines") lines(o);
        else throw std::runtime_error(("unknown figure '" + o.verb + "'").toStdString());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "spectroscope-plot: %s\n", e.what());
        return 1;
    }
    return 0;
}
