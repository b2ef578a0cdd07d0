// spectroscope-cli's attention-sink verbs end to end: sink-rate, massive, triad, secondary-sinks
// (CSV headers and values recomputed here from the cache's taps by their formulas, the --summary
// JSON, cache input equal to forward passes), the sink controls of sweep and generate, what
// analyze adds under /analysis, a 7B-shaped synthetic cache, and the bad-input contract.
#include "cli_support.h"
#include "model/default_model.h"
#include "store/cache_reader.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using spectro::test::modelPath;

namespace {

using spectro::test::cli;
using spectro::test::expectFailure;
using Result = spectro::test::CliResult;

QString model(const char* relative)
{
    return QString::fromStdString(modelPath(relative));
}
QString demo()
{
    return QString::fromStdString(spectro::defaultModelPath());
}
QString stories()
{
    return QString::fromStdString(spectro::test::sharedPath("corpora/tinystories_validation_first_stories.txt"));
}

QStringList lines(const QString& text)
{
    return text.split('\n', Qt::SkipEmptyParts);
}

QStringList fileLines(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return lines(QString::fromUtf8(f.readAll()));
}

Result expectOk(const QStringList& args)
{
    const Result r = cli(args, 600000);
    [&] { QVERIFY2(r.code == 0, qPrintable(args.join(' ') + " -> " + QString::number(r.code) + ": " + r.err)); }();
    return r;
}

QJsonObject json(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

class TestCliSinks : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    QString path(const QString& name) const { return tmp.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        SPECTRO_REQUIRE_SHARED();
        // Spectra cached in the test's folder, not the user's home (the CLI inherits the variable).
        qputenv("SPECTRO_CACHE_DIR", tmp.filePath("spectra").toUtf8());
        // The demo model with its BoS sink, 3 windows of 48 tokens, every tap the verbs read.
        expectOk({"run", demo(), "--text", stories(), "--samples", "3", "--max-tokens", "48", "--taps", "resid,attn",
                  "--out", path("demo.h5")});
        // 2 windows of 24 tokens with attention only.
        expectOk({"run", demo(), "--text", stories(), "--samples", "2", "--max-tokens", "24", "--taps", "attn", "--out",
                  path("t24.h5")});
    }

    void sinkRateAgainstTheCachesAttention()
    {
        const Result r = expectOk({"sink-rate", "--cache", path("demo.h5"), "--tokens", "32"});
        const auto rows = lines(r.out);
        QCOMPARE(rows.first(), QString("layer,head,position,alpha"));
        QCOMPARE(rows.size(), 1 + 4 * 4 * 32); // 4 layers x 4 heads x positions < 32
        // alpha recomputed from the stored probabilities: the mean over samples of
        // 1/(32-k) sum_{i=k}^{31} A[l][h][i][k].
        const spectro::CacheReader cache(path("demo.h5").toStdString());
        std::vector<spectro::Array> attn;
        for (int s : cache.sampleIndices()) attn.push_back(cache.read(s, "attn"));
        int bosAbove = 0;
        for (int row = 1; row < rows.size(); ++row) {
            const auto f = rows[row].split(',');
            const int l = f[0].toInt(), h = f[1].toInt(), k = f[2].toInt();
            double mean = 0;
            for (const auto& a : attn) {
                double alpha = 0;
                for (int i = k; i < 32; ++i) alpha += a.data[static_cast<std::size_t>(((l * 4 + h) * 48 + i) * 48 + k)];
                mean += alpha / (32 - k) / static_cast<double>(attn.size());
                if (k == 0) bosAbove += alpha / (32 - k) > 0.3;
            }
            QVERIFY2(std::abs(f[3].toDouble() - mean) < 1e-6, qPrintable(rows[row]));
        }
        const QJsonObject summary =
            json(expectOk({"sink-rate", "--cache", path("demo.h5"), "--tokens", "32", "--summary"}).out);
        QCOMPARE(summary["epsilon"].toDouble(), 0.3);
        QCOMPARE(summary["tokens"].toInt(), 32);
        QCOMPARE(summary["sink_rate"].toDouble(), bosAbove / (3.0 * 16));
        QVERIFY(summary["sink_rate"].toDouble() > 0.2); // the demo model's sink layers 1 and 2
        QCOMPARE(summary["per_layer"].toArray().size(), 4);
        // A higher epsilon counts fewer heads.
        const QJsonObject strict =
            json(expectOk({"sink-rate", "--cache", path("demo.h5"), "--epsilon", "0.9", "--summary"}).out);
        QVERIFY(strict["sink_rate"].toDouble() < summary["sink_rate"].toDouble());
    }

    void sinkRateFromTextEqualsTheCache()
    {
        // --text cuts windows of --tokens tokens: the same samples as a cache run with that length.
        const Result fromText = expectOk({"sink-rate", "--text", stories(), "--samples", "2", "--tokens", "24", "--out",
                                          path("a.csv"), "--rates", path("r.csv")});
        QVERIFY(fromText.out.isEmpty()); // the CSV went to --out
        const Result fromCache = expectOk({"sink-rate", "--cache", path("t24.h5"), "--tokens", "24"});
        const auto a = fileLines(path("a.csv")), b = lines(fromCache.out);
        QCOMPARE(a.size(), b.size());
        for (int i = 1; i < a.size(); ++i)
            QVERIFY(std::abs(a[i].split(',')[3].toDouble() - b[i].split(',')[3].toDouble()) < 1e-6);
        const auto rates = fileLines(path("r.csv"));
        QCOMPARE(rates.first(), QString("layer,head,position,sink_rate"));
        QCOMPARE(rates.size(), 1 + 24 * (1 + 4 * (1 + 4)));
        QVERIFY(rates[1].startsWith("all,all,0,"));
        // A prompt of fewer than T tokens is measured on its own length.
        const Result prompt = expectOk({"sink-rate", "--prompt", "Once upon a time", "--tokens", "64"});
        QVERIFY(lines(prompt.out).size() < 1 + 4 * 4 * 10);
    }

    void massiveActivationsOfTheDemoModel()
    {
        // The demo's BoS stream has entries ~37 x the median from layer 0's exit on (channel 18):
        // massive under --above 1 --ratio 10, not under the paper's 100 / 1000.
        const Result r =
            expectOk({"massive", "--cache", path("demo.h5"), "--top", "3", "--above", "1", "--ratio", "10"});
        const auto rows = lines(r.out);
        QCOMPARE(
            rows.first(),
            QString(
                "sample,stream,rank,position,token,piece,channel,value,magnitude,median,ratio,massive,channel_udr"));
        QCOMPARE(rows.size(), 1 + 3 * 5 * 3); // samples x streams x top
        const spectro::CacheReader cache(path("demo.h5").toStdString());
        const auto exit0 = cache.readSlice(0, "resid", 1);
        const auto top = rows[1 + 3].split(','); // sample 0, stream 1, rank 0
        QCOMPARE(top[1], QString("1"));
        QCOMPARE(top[3], QString("0")); // BoS
        QCOMPARE(top[5], QString("<s>"));
        const int channel = top[6].toInt();
        QVERIFY(std::abs(top[7].toDouble() - exit0.data[static_cast<std::size_t>(channel)]) < 1e-6);
        QCOMPARE(top[11], QString("1"));
        for (int i = 0; i < 64 * 48; ++i)
            QVERIFY(std::abs(exit0.data[static_cast<std::size_t>(i)]) <= std::abs(top[7].toDouble()) + 1e-6);
        const QJsonObject paper = json(expectOk({"massive", "--cache", path("demo.h5"), "--summary"}).out);
        QCOMPARE(paper["streams"].toArray()[1].toObject()["massive_entries"].toInt(), 0);
        const QJsonObject low =
            json(expectOk({"massive", "--cache", path("demo.h5"), "--above", "1", "--ratio", "10", "--summary"}).out);
        const QJsonObject s1 = low["streams"].toArray()[1].toObject();
        QVERIFY(s1["massive_entries"].toInt() >= 3);
        QVERIFY(s1["tokens"].toObject().contains("<s> (position 0)"));
        QVERIFY(s1["top_over_median"].toDouble() > 20);
    }

    void triadAndSecondarySinks()
    {
        const Result t = expectOk({"triad", "--cache", path("demo.h5"), "--model", demo()});
        const auto rows = lines(t.out);
        QCOMPARE(
            rows.first(),
            QString(
                "sample,layer,kv_head,position,token,piece,attention,value_norm,value_ratio,resid_norm,resid_ratio"));
        QCOMPARE(rows.size(), 1 + 3 * 4 * 2 * 48); // samples x layers x kv heads x tokens
        // The residual norm recomputed from the stored stream (layer 2 reads resid[2]).
        const spectro::CacheReader cache(path("demo.h5").toStdString());
        const auto stream = cache.readSlice(0, "resid", 2);
        double norm = 0;
        for (int j = 0; j < 64; ++j) norm += std::pow(stream.data[static_cast<std::size_t>(j)], 2);
        const auto bos = rows[1 + 2 * 2 * 48].split(','); // sample 0, layer 2, kv head 0, BoS
        QCOMPARE(bos[1], QString("2"));
        QCOMPARE(bos[3], QString("0"));
        QVERIFY(std::abs(bos[9].toDouble() - std::sqrt(norm)) < 1e-5 * std::sqrt(norm));
        // The demo's layer 2: BoS takes nearly all attention, offers a small value, carries a peak.
        const QJsonObject summary =
            json(expectOk({"triad", "--cache", path("demo.h5"), "--model", demo(), "--summary"}).out);
        const QJsonObject layer2 = summary["layers"].toArray()[2].toObject();
        QVERIFY(layer2["bos"].toObject()["attention"].toDouble() > 0.9);
        QVERIFY(layer2["bos"].toObject()["value_ratio"].toDouble() < 0.5);
        QVERIFY(layer2["bos"].toObject()["resid_ratio"].toDouble() > 2);

        const Result s = expectOk({"secondary-sinks", "--cache", path("demo.h5")});
        const auto srows = lines(s.out);
        QCOMPARE(srows.first(), QString("sample,layer,position,token,piece,bos_cosine,attention,udr,secondary"));
        QCOMPARE(srows.size(), 1 + 3 * 4 * 48);
        QVERIFY(std::abs(srows[1].split(',')[5].toDouble() - 1.0) < 1e-6); // BoS with itself
        QCOMPARE(srows[1].split(',')[8], QString("0"));                    // BoS is not secondary
        const QJsonObject loose =
            json(expectOk({"secondary-sinks", "--cache", path("demo.h5"), "--cosine", "0", "--summary"}).out);
        QCOMPARE(loose["layers"].toArray()[0].toObject()["secondary"].toInt(),
                 loose["layers"].toArray()[0].toObject()["tokens"].toInt());
    }

    void everyVerbOnTheTestModels()
    {
        for (const char* m : {"stories260K/stories260K.bin", "babyllama-tok105/model5000.bin"}) {
            for (const char* verb : {"sink-rate", "massive", "triad", "secondary-sinks"}) {
                const Result r = expectOk(
                    {verb, model(m), "--text", stories(), "--samples", "1", "--max-tokens", "16", "--summary"});
                QVERIFY2(!json(r.out).isEmpty(), verb);
            }
        }
    }

    void controlsInSweepAndGenerate()
    {
        const QStringList common{"sweep", demo(),         "--text", stories(),  "--samples",
                                 "3",     "--max-tokens", "48",     "--layers", "0,1"};
        expectOk(common + QStringList{"--control", "bos-zero", "--out", path("zero.csv")});
        expectOk(common + QStringList{"--control", "bos-mean", "--out", path("mean.csv")});
        const auto zero = fileLines(path("zero.csv")), mean = fileLines(path("mean.csv"));
        QCOMPARE(zero.first(), QString("filter,site,layer,k,positions,swap,nll,n_tokens"));
        QCOMPARE(zero.size(), 1 + 1 + 2);
        QVERIFY(zero[2].startsWith("bos-zero,resid,0,,all,0,"));
        const double baseline = zero[1].split(',')[6].toDouble();
        QVERIFY(zero[2].split(',')[6].toDouble() > baseline + 0.02);
        QVERIFY(std::abs(mean[2].split(',')[6].toDouble() - baseline) < 1e-5);
        const Result noMassive = expectOk(common + QStringList{"--control", "massive-zero", "--out", path("mz.csv")});
        QVERIFY(noMassive.err.contains("no massive activation")); // none at the paper's thresholds
        expectOk(common + QStringList{"--control", "massive-zero", "--massive-above", "1", "--massive-ratio", "10",
                                      "--out", path("mz.csv")});
        QVERIFY(fileLines(path("mz.csv"))[2].split(',')[6].toDouble() > baseline + 0.1);

        const Result plain = expectOk({"generate", "--prompt", "Once upon a time", "--steps", "30", "--ids"});
        QVERIFY(plain.err.contains("rep-4 = "));
        const Result same = expectOk({"generate", "--prompt", "Once upon a time", "--steps", "30", "--ids", "--control",
                                      "bos-mean", "--layer", "0"});
        QCOMPARE(same.out, plain.out);
        const Result changed = expectOk({"generate", "--prompt", "Once upon a time", "--steps", "30", "--ids",
                                         "--control", "bos-position-mean", "--layer", "0"});
        QVERIFY(changed.out != plain.out);
        expectFailure({"generate", "--prompt", "x", "--control", "bos-one"}, "bos-zero");
        expectFailure({"generate", "--prompt", "x", "--control", "bos-zero", "--filter", "phi-u"}, "not both");
        expectFailure({"sweep", demo(), "--prompt", "Once upon a time", "--control", "bos-zero", "--site", "mlp",
                       "--out", path("x.csv")},
                      "--site resid");
        expectFailure({"sweep", demo(), "--prompt", "Once upon a time", "--control", "bos-zero", "--k", "3", "--out",
                       path("x.csv")},
                      "--k");
        expectFailure({"generate", "--prompt", "x", "--control", "bos-zero", "--positions", "bos"}, "--positions");
    }

    void analyzeStoresTheSinkMeasurements()
    {
        QFile::copy(path("demo.h5"), path("an.h5"));
        const Result r =
            expectOk({"analyze", path("an.h5"), "--model", demo(), "--hmlv-first-layer", "1", "--sink-tokens", "32"});
        const spectro::CacheReader cache(path("an.h5").toStdString());
        const std::vector<std::pair<const char*, std::vector<std::int64_t>>> expected = {
            {"massive_value/000000", {5, 10}},
            {"massive_position/000001", {5, 10}},
            {"massive_channel/000002", {5, 10}},
            {"massive_median/000000", {5}},
            {"bos_cosine/000000", {5, 48}},
            {"resid_norm/000000", {5, 48}},
            {"resid_norm_ratio/000000", {5, 48}},
            {"sink_alpha/000000", {4, 4, 32}},
            {"triad_attention/000000", {4, 2, 48}},
            {"value_norm/000000", {4, 2, 48}},
            {"value_norm_ratio/000000", {4, 2, 48}},
            {"sink_rate/overall", {32}},
            {"sink_rate/layer", {4, 32}},
            {"sink_rate/head", {4, 4, 32}},
            {"channel_udr", {64}}};
        for (const auto& [name, shape] : expected) {
            QVERIFY2(cache.hasAnalysis(name), name);
            QCOMPARE(cache.readAnalysis(name).shape, shape);
            QVERIFY2(!cache.analysisDescription(name).empty(), name);
        }
        QCOMPARE(cache.readAnalysisFlags("massive_flag/000000").shape, (std::vector<std::int64_t>{5, 10}));
        // The stored overall rate of BoS is what sink-rate reports for the same cache and T.
        const QJsonObject summary =
            json(expectOk({"sink-rate", "--cache", path("demo.h5"), "--tokens", "32", "--summary"}).out);
        QVERIFY(std::abs(cache.readAnalysis("sink_rate/overall").data[0] - summary["sink_rate"].toDouble()) < 1e-6);
        QCOMPARE(cache.analysisAttributes().at("sink_tokens"), std::string("32"));
        // Without the model at hand the value norms are skipped with a warning, the rest stays.
        QFile::copy(path("demo.h5"), path("an2.h5"));
        const Result bare = expectOk({"analyze", path("an2.h5"), "--model", path("no-such-model")});
        QVERIFY(bare.err.contains("value-state norms skipped"));
        const spectro::CacheReader cache2(path("an2.h5").toStdString());
        QVERIFY(!cache2.hasAnalysis("value_norm/000000"));
        QVERIFY(cache2.hasAnalysis("sink_alpha/000000"));
        (void)r;
    }

    void sevenBShapedSyntheticCache()
    {
        // LLaMa-2-7B's shapes (d = 4096, 32 heads, V = 32000), one layer, random bf16 weights. The
        // verbs that need W_u's spectrum (massive, secondary-sinks) ran on such a cache too (docs/
        // science.md), but its 32000 x 4096 SVD takes 10-60 s here, too long for the suite.
        const QString synth = path("synth7b");
        expectOk({"synth", "--shape", "llama2-7b", "--layers", "1", "--dtype", "bf16", "--quiet", "--tokenizer",
                  model("llama2-tokenizer/tokenizer.model"), synth});
        expectOk({"run", synth, "--prompt", "Once upon a time there was a little girl", "--taps", "resid,attn",
                  "--no-spectrum", "--out", path("7b.h5")});
        const int T = static_cast<int>(spectro::CacheReader(path("7b.h5").toStdString()).tokens(0).size());
        const auto rate = lines(expectOk({"sink-rate", "--cache", path("7b.h5")}).out);
        QCOMPARE(rate.size(), 1 + 32 * T); // 1 layer x 32 heads x T tokens
        const auto triad = lines(expectOk({"triad", "--cache", path("7b.h5"), "--model", synth}).out);
        QCOMPARE(triad.size(), 1 + 32 * T); // 1 layer x 32 kv heads x T tokens
        QDir(synth).removeRecursively();
    }

    void badInput()
    {
        expectFailure({"sink-rate", "--cache", path("nope.h5")}, "nope.h5");
        expectFailure({"sink-rate", "--cache", path("demo.h5"), "--prompt", "x"}, "not both");
        expectFailure({"sink-rate", "--cache", path("demo.h5"), "--epsilon", "abc"}, "--epsilon");
        expectFailure({"sink-rate", "--cache", path("demo.h5"), "--tokens", "0"}, "--tokens");
        expectFailure({"sink-rate"}, "exactly one of");
        expectFailure({"massive", "--cache", path("t24.h5")}, "no resid tap"); // a cache of attn only
        expectFailure({"triad", "--cache", path("demo.h5"), "--model", model("stories260K/stories260K.bin")},
                      "other weights");
        expectFailure({"massive", "--cache", path("demo.h5"), "--top", "0"}, "--top");
    }
};

QTEST_GUILESS_MAIN(TestCliSinks)
#include "test_cli_sinks.moc"
