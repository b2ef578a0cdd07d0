// One `analyze`: the CLI's verb and the GUI's run job (corpus_jobs.cpp's analyzeCacheJob) both go
// through core's analyzeCache with the sink extension, so on copies of the same cache, with the
// same options, they store the same /analysis: every dataset (the spectral ones and the 16 of the
// attention-sink measurements) with the same shape and values within 1e-6, the same attributes.
#include "cli_support.h"
#include "corpus_jobs.h"
#include "engine_jobs.h"
#include "model/default_model.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace spectro;

namespace {

QString demo()
{
    return QString::fromStdString(defaultModelPath());
}

// The datasets `analyze` stores per sample and once (docs/cache-format.md).
const char* const kPerSample[] = {"udr",
                                  "edr",
                                  "spectrogram",
                                  "attn_received_mean",
                                  "attn_received_var",
                                  "massive_value",
                                  "massive_position",
                                  "massive_channel",
                                  "massive_median",
                                  "bos_cosine",
                                  "resid_norm",
                                  "resid_norm_ratio",
                                  "sink_alpha",
                                  "triad_attention",
                                  "value_norm",
                                  "value_norm_ratio"};
const char* const kPerSampleFlags[] = {"hmlv", "massive_flag"};
const char* const kOnce[] = {"sink_rate/overall", "sink_rate/layer", "sink_rate/head", "channel_udr"};

// Largest |a - b| / max(1, |a|); infinite when the shapes differ.
double difference(const Array& a, const Array& b)
{
    if (a.shape != b.shape || a.data.size() != b.data.size()) return INFINITY;
    double worst = 0;
    for (std::size_t i = 0; i < a.data.size(); ++i) {
        const double x = a.data[i], y = b.data[i];
        if (std::isnan(x) && std::isnan(y)) continue;
        worst = std::max(worst, std::abs(x - y) / std::max(1.0, std::abs(x)));
    }
    return worst;
}

} // namespace

class TestGuiAnalyze : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cliAndRunJobStoreTheSameAnalysis()
    {
        SPECTRO_REQUIRE_SHARED();
        QTemporaryDir dir;
        const QString cliCache = dir.filePath(QStringLiteral("cli.h5")),
                      guiCache = dir.filePath(QStringLiteral("gui.h5"));
        const auto made =
            test::cli({"run", demo(), "--text",
                       QString::fromStdString(test::sharedPath("corpora/tinystories_validation_first_stories.txt")),
                       "--samples", "3", "--max-tokens", "40", "--taps", "resid,attn", "--out", cliCache});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        QVERIFY(QFile::copy(cliCache, guiCache));

        const std::unique_ptr<gui::LoadedModel> model = gui::loadModelJob(demo(), {});
        gui::analyzeCacheJob(guiCache, model.get(), {});
        const CacheReader gui(guiCache.toStdString());
        // The run job's options, spelled out for the CLI.
        const int firstLayer = gui::workbenchHmlvFirstLayer(gui.config().nLayers);
        const auto analysed = test::cli({"analyze", cliCache, "--model", demo(), "--hmlv-first-layer",
                                         QString::number(firstLayer), "--summary", dir.filePath("summary.csv")});
        QVERIFY2(analysed.code == 0, qPrintable(analysed.err));
        const CacheReader cli(cliCache.toStdString());

        int compared = 0;
        auto compare = [&](const std::string& name) {
            QVERIFY2(cli.hasAnalysis(name) && gui.hasAnalysis(name), name.c_str());
            const double d = difference(cli.readAnalysis(name), gui.readAnalysis(name));
            QVERIFY2(d <= 1e-6, qPrintable(QString::fromStdString(name) + " differs by " + QString::number(d)));
            QCOMPARE(cli.analysisDescription(name), gui.analysisDescription(name));
            ++compared;
        };
        for (int sample : cli.sampleIndices()) {
            const std::string s = sampleName(sample);
            for (const char* measure : kPerSample) compare(std::string(measure) + "/" + s);
            for (const char* measure : kPerSampleFlags) {
                const std::string name = std::string(measure) + "/" + s;
                QVERIFY2(cli.hasAnalysis(name) && gui.hasAnalysis(name), name.c_str());
                QCOMPARE(cli.readAnalysisFlags(name).data, gui.readAnalysisFlags(name).data);
                ++compared;
            }
        }
        for (const char* name : kOnce) compare(name);
        QCOMPARE(compared, 3 * 18 + 4);
        QCOMPARE(cli.analysisAttributes(), gui.analysisAttributes());
        QCOMPARE(gui.analysisAttributes().at("value_norms"), std::string("1"));
    }
};

QTEST_GUILESS_MAIN(TestGuiAnalyze)
#include "test_gui_analyze.moc"
