#include "view_registry.h"

#include "aptitude_view.h"
#include "attention_pattern_view.h"
#include "attention_received_view.h"
#include "bos_story_view.h"
#include "dark_ratio_view.h"
#include "figures/figure_builders.h"
#include "figures/sink_figures.h"
#include "hmlv_view.h"
#include "massive_activations_view.h"
#include "model/checkpoint.h"
#include "sink_grid_view.h"
#include "sink_rate_view.h"
#include "sinks/value_states.h"
#include "spectrogram_view.h"
#include "spectrum_view.h"
#include "store/cache_reader.h"
#include "token_strip_view.h"
#include "triad_view.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

namespace spectro::gui {
namespace {

using workbench::Selection;

QJsonObject settingsOf(const ViewRequest& r)
{
    return QJsonDocument::fromJson(r.settings.toUtf8()).object();
}

// The selection's parts made valid for the cache: a sample it holds, a layer in 0..L-1 (or a
// stream in 0..L), a head in -1..H-1, a token in 0..T-1 (BoS when none is selected). Views bound
// the selection themselves; a session from another cache may still name others.
int sampleOf(const CacheReader& cache, const Selection& s)
{
    const auto samples = cache.sampleIndices();
    if (samples.empty()) throw Error(cache.path() + ": the cache holds no complete sample yet");
    return std::binary_search(samples.begin(), samples.end(), s.sample) ? s.sample : samples.front();
}
int layerOf(const CacheReader& cache, const Selection& s)
{
    return std::clamp(s.layer, 0, cache.config().nLayers - 1);
}
int streamOf(const CacheReader& cache, const Selection& s)
{
    return std::clamp(s.layer, 0, cache.config().nLayers);
}
int headOf(const CacheReader& cache, const Selection& s)
{
    return std::clamp(s.head, -1, cache.config().nHeads - 1);
}
int tokenOf(const CacheReader& cache, int sample, const Selection& s)
{
    const int T = static_cast<int>(cache.tokens(sample).size());
    return std::clamp(s.token, 0, std::max(0, T - 1));
}
std::string matrixOf(const Selection& s)
{
    return s.matrix == "embed" ? "embed" : "unembed";
}

template <class View, class Figure, class BuildFigure>
ViewDescriptor figureView(QString id, QString title, unsigned dependsOn, Qt::DockWidgetArea area,
                          BuildFigure buildFigure)
{
    ViewDescriptor d;
    d.id = std::move(id);
    d.title = std::move(title);
    d.dependsOn = dependsOn;
    d.area = area;
    d.create = [](QWidget* parent) -> widgets::FigureView* { return new View(parent); };
    d.build = [buildFigure](const ViewRequest& request, QPointer<widgets::FigureView> view) -> FigureLoader::Deliver {
        auto figure = std::make_shared<const Figure>(buildFigure(request));
        return [figure, view] {
            if (auto* v = qobject_cast<View*>(view.data())) v->setFigure(figure);
        };
    };
    return d;
}

std::vector<ViewDescriptor> makeViews()
{
    using namespace figures;
    std::vector<ViewDescriptor> views;

    views.push_back(figureView<widgets::TokenStripView, TokenStripFigure>(
        QStringLiteral("token_strip"), QCoreApplication::translate("Views", "Token Strip"), kSample | kLayer,
        Qt::TopDockWidgetArea, [](const ViewRequest& r) {
            const CacheReader& cache = r.source->cache();
            const QString measure = settingsOf(r).value(QStringLiteral("measure")).toString(QStringLiteral("udr"));
            const int sample = sampleOf(cache, r.selection);
            const int stream = measure == QStringLiteral("attention_received") ? layerOf(cache, r.selection)
                                                                               : streamOf(cache, r.selection);
            return buildTokenStripFigure(cache, sample, measure.toStdString(), stream, r.source->modelInputs());
        }));

    ViewDescriptor spectrum = figureView<widgets::SpectrumView, SpectrumFigure>(
        QStringLiteral("spectrum"), QCoreApplication::translate("Views", "Spectrum"), kMatrix, Qt::LeftDockWidgetArea,
        [](const ViewRequest& r) {
            const std::string matrix = matrixOf(r.selection);
            if (r.source->hasCache()) return buildSpectrumFigure(r.source->cache(), matrix);
            return buildSpectrumFigure(*r.source->modelSpectrum(parseSpectralMatrix(matrix)), r.source->bands());
        });
    spectrum.needsCache = false; // the model alone has a spectrum
    views.push_back(std::move(spectrum));

    ViewDescriptor aptitude = figureView<widgets::AptitudeView, AptitudeFigure>(
        QStringLiteral("aptitude"), QCoreApplication::translate("Views", "Aptitude"), kLayer | kMatrix,
        Qt::LeftDockWidgetArea, [](const ViewRequest& r) {
            const QJsonObject o = settingsOf(r);
            const std::string matrix = o.value(QStringLiteral("matrix")).toString(QStringLiteral("wo")).toStdString();
            const bool byBand = o.value(QStringLiteral("byBand")).toBool(true);
            const Checkpoint& checkpoint = r.source->checkpoint();
            const int layer = std::clamp(r.selection.layer, 0, checkpoint.config.nLayers - 1);
            const auto basis = r.source->modelSpectrum(parseSpectralMatrix(matrixOf(r.selection)));
            return buildAptitudeFigure(checkpoint, *basis, r.source->bands(), matrix, layer, byBand);
        });
    aptitude.needsCache = false;
    aptitude.needsModel = true;
    views.push_back(std::move(aptitude));

    views.push_back(figureView<widgets::BosStoryView, BosStoryFigure>(
        QStringLiteral("bos_story"), QCoreApplication::translate("Views", "BoS Story"), kSample, Qt::LeftDockWidgetArea,
        [](const ViewRequest& r) {
            const CacheReader& cache = r.source->cache();
            return buildBosStoryFigure(cache, sampleOf(cache, r.selection), r.source->modelInputs());
        }));

    views.push_back(figureView<widgets::AttentionReceivedView, AttentionReceivedFigure>(
        QStringLiteral("attention_received"), QCoreApplication::translate("Views", "Attention Sinks"),
        kSample | kLayer | kHead, Qt::RightDockWidgetArea, [](const ViewRequest& r) {
            const CacheReader& cache = r.source->cache();
            return buildAttentionReceivedFigure(cache, sampleOf(cache, r.selection), layerOf(cache, r.selection),
                                                headOf(cache, r.selection), r.source->modelInputs());
        }));

    views.push_back(figureView<widgets::AttentionPatternView, AttentionPatternFigure>(
        QStringLiteral("attention_pattern"), QCoreApplication::translate("Views", "Attention Pattern"),
        kSample | kLayer | kHead, Qt::RightDockWidgetArea, [](const ViewRequest& r) {
            const CacheReader& cache = r.source->cache();
            return buildAttentionPatternFigure(cache, sampleOf(cache, r.selection), layerOf(cache, r.selection),
                                               headOf(cache, r.selection), r.source->modelInputs());
        }));

    views.push_back(figureView<widgets::SinkGridView, SinkGridFigure>(
        QStringLiteral("sink_grid"), QCoreApplication::translate("Views", "Sink Grid"), 0, Qt::RightDockWidgetArea,
        [](const ViewRequest& r) { return buildSinkGridFigure(r.source->cache()); }));

    views.push_back(figureView<widgets::DarkRatioView, DarkRatioFigure>(
        QStringLiteral("dark_ratio"), QCoreApplication::translate("Views", "Dark Ratio"), kSample | kMatrix,
        Qt::BottomDockWidgetArea, [](const ViewRequest& r) {
            const CacheReader& cache = r.source->cache();
            return buildDarkRatioFigure(cache, sampleOf(cache, r.selection), matrixOf(r.selection),
                                        r.source->modelInputs());
        }));

    views.push_back(figureView<widgets::SpectrogramView, SpectrogramFigure>(
        QStringLiteral("spectrogram"), QCoreApplication::translate("Views", "Spectrogram"), kSample | kToken | kLayer,
        Qt::BottomDockWidgetArea, [](const ViewRequest& r) {
            const CacheReader& cache = r.source->cache();
            const int sample = sampleOf(cache, r.selection);
            const bool byToken = settingsOf(r).value(QStringLiteral("axis")).toString() == QStringLiteral("token");
            const auto axis = byToken ? SpectrogramFigure::Axis::TokenByBand : SpectrogramFigure::Axis::StreamByBand;
            const int fixed = byToken ? streamOf(cache, r.selection) : tokenOf(cache, sample, r.selection);
            return buildSpectrogramFigure(cache, sample, axis, fixed, r.source->modelInputs());
        }));

    views.push_back(figureView<widgets::HmlvView, HmlvFigure>(
        QStringLiteral("hmlv"), QCoreApplication::translate("Views", "HMLV"), 0, Qt::BottomDockWidgetArea,
        [](const ViewRequest& r) { return buildHmlvFigure(r.source->cache(), {}, r.source->modelInputs()); }));

    // The attention-sink measurements of the follow-up literature, from the cache's /analysis.
    views.push_back(figureView<widgets::SinkRateView, SinkRateFigure>(
        QStringLiteral("sink_rate"), QCoreApplication::translate("Views", "Sink Rate"), 0, Qt::RightDockWidgetArea,
        [](const ViewRequest& r) { return sinkRateFigureFromAnalysis(r.source->cache()); }));

    views.push_back(figureView<widgets::MassiveActivationsView, MassiveActivationsFigure>(
        QStringLiteral("massive_activations"), QCoreApplication::translate("Views", "Massive Activations"), kSample, Qt::BottomDockWidgetArea,
        [](const ViewRequest& r) {
            const CacheReader& cache = r.source->cache();
            const QJsonObject o = settingsOf(r);
            const int sample = sampleOf(cache, r.selection);
            return massiveActivationsFigureFromAnalysis(
                cache, sample, cacheTokenLabels(cache, sample, r.source->modelInputs().tokenizer),
                o.value(QStringLiteral("above")).toDouble(std::nan("")),
                o.value(QStringLiteral("ratio")).toDouble(std::nan("")));
        }));

    views.push_back(figureView<widgets::TriadView, TriadFigure>(
        QStringLiteral("triad"), QCoreApplication::translate("Views", "Extreme-Token Triad"), kSample | kLayer, Qt::BottomDockWidgetArea,
        [](const ViewRequest& r) {
            const CacheReader& cache = r.source->cache();
            const int sample = sampleOf(cache, r.selection);
            TokenLabels labels = cacheTokenLabels(cache, sample, r.source->modelInputs().tokenizer);
            // The value-state norms need W_v: stored by an analysis that had the model, else
            // recomputed from the open model that made the cache.
            if (hasStoredTriad(cache, sample) || !r.source->modelMadeCache())
                return triadFigureFromAnalysis(cache, sample, layerOf(cache, r.selection), std::move(labels));
            const ValueStates values(r.source->checkpoint());
            return buildTriadFigure(cache, sample, layerOf(cache, r.selection), values, std::move(labels));
        }));
    return views;
}

} // namespace

unsigned changedParts(const Selection& a, const Selection& b)
{
    unsigned parts = 0;
    if (a.sample != b.sample) parts |= kSample;
    if (a.token != b.token) parts |= kToken;
    if (a.layer != b.layer) parts |= kLayer;
    if (a.head != b.head) parts |= kHead;
    if (a.matrix != b.matrix) parts |= kMatrix;
    if (a.band != b.band) parts |= kBand;
    return parts;
}

const std::vector<ViewDescriptor>& workbenchViews()
{
    static const std::vector<ViewDescriptor> views = makeViews();
    return views;
}

const ViewDescriptor* findView(const QString& id)
{
    for (const ViewDescriptor& d : workbenchViews()) {
        if (d.id == id) return &d;
    }
    return nullptr;
}

} // namespace spectro::gui
