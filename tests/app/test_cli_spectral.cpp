// spectroscope-cli's spectral verbs end to end: spectrum, aptitude, sweep (and against re-filtering
// from a cache and naive recomputation), bos, attention, analyze, generate --filter; CSV headers,
// at least 7 significant digits, and the bad-input contract (exit 1, one line naming the culprit).
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "store/cache_reader.h"
#include "test_support.h"

using spectro::test::modelPath;

namespace {

struct Result {
    int code = -1;
    QString out, err;
};

QString gCacheDir;

Result cli(const QStringList& args)
{
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("SPECTRO_CACHE_DIR", gCacheDir);  // spectra cached here, not in the user's home
    p.setProcessEnvironment(env);
    p.start(QString::fromUtf8(SPECTRO_CLI_PATH), args);
    if (!p.waitForFinished(600000)) {
        p.kill();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString model(const char* relative) { return QString::fromStdString(modelPath(relative)); }
QString stories() { return QString::fromStdString(spectro::test::sharedPath("corpora/tinystories_validation_first_stories.txt")); }

QStringList lines(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

void expectOk(const Result& r, const QStringList& args)
{
    QVERIFY2(r.code == 0, qPrintable(args.join(' ') + " -> " + QString::number(r.code) + ": " + r.err));
}

void expectFailure(const QStringList& args, const QString& needle)
{
    const Result r = cli(args);
    QVERIFY2(r.code == 1, qPrintable(args.join(' ') + " exited with " + QString::number(r.code)));
    const QString err = r.err.trimmed().split('\n').last();  // progress lines may precede it
    QVERIFY2(err.contains(needle), qPrintable("'" + err + "' lacks '" + needle + "'"));
}

// Significant digits of a printed number ("45.7164948" -> 9).
int significantDigits(QString s)
{
    s.remove('-');
    const int e = static_cast<int>(s.indexOf('e'));
    if (e >= 0) s = s.left(e);
    s.remove('.');
    while (s.startsWith('0')) s.remove(0, 1);
    return static_cast<int>(s.size());
}

}  // namespace

class TestCliSpectral : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    QString path(const QString& name) const { return tmp.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        SPECTRO_REQUIRE_SHARED();
        gCacheDir = tmp.filePath("spectra");
    }

    void spectrumCsv()
    {
        for (const char* m : {"stories260K/stories260K.bin", "stories260K/stories260K.gguf", "babyllama-tok105/model5000.bin"}) {
            for (const char* which : {"unembed", "embed"}) {
                const QStringList args{"spectrum", model(m), "--matrix", which, "--out", path("s.csv")};
                expectOk(cli(args), args);
                const auto rows = lines(path("s.csv"));
                QCOMPARE(rows.first(), QString("index,singular_value,band"));
                const int d = QString(m).contains("baby") ? 128 : 64;
                QCOMPARE(rows.size(), d + 1);
                QCOMPARE(rows[1].split(',')[0], QString("0"));
                QCOMPARE(rows[1].split(',')[2], QString("1"));
                QCOMPARE(rows.last().split(',')[2], QString("20"));
                QVERIFY(significantDigits(rows[1].split(',')[1]) >= 7);
                double previous = INFINITY;
                for (int i = 1; i < rows.size(); ++i) {
                    const double v = rows[i].split(',')[1].toDouble();
                    QVERIFY(v <= previous);
                    previous = v;
                }
            }
        }
        // Cached the second time, with the same numbers.
        const QStringList args{"spectrum", model("stories260K/stories260K.bin"), "--bands", "8", "--out", path("s8.csv")};
        const Result again = cli(args);
        expectOk(again, args);
        QVERIFY(again.err.contains("read from the cache"));
        QCOMPARE(lines(path("s8.csv")).last().split(',')[2], QString("8"));
        expectFailure({"spectrum", model("stories260K/stories260K.bin"), "--matrix", "sideways", "--out", path("x.csv")}, "--matrix");
        expectFailure({"spectrum", model("stories260K/stories260K.bin"), "--bands", "65", "--out", path("x.csv")}, "--bands");
    }

    void aptitudeCsv()
    {
        const QStringList args{"aptitude", model("stories260K/stories260K.bin"), "--matrix", "wo", "--layer", "1", "--out", path("a.csv")};
        expectOk(cli(args), args);
        const auto rows = lines(path("a.csv"));
        QCOMPARE(rows.first(), QString("matrix,layer,unit,band,aptitude"));
        QCOMPARE(rows.size(), 1 + 8 * 20);  // 8 heads x 20 bands
        double sum = 0;
        for (int i = 1; i <= 20; ++i) sum += std::pow(rows[i].split(',')[4].toDouble(), 2);
        QVERIFY(std::abs(sum - 1) < 1e-5);
        const QStringList byIndex{"aptitude", model("stories260K/stories260K.bin"), "--matrix", "w1", "--per", "matrix", "--by", "index", "--out", path("a2.csv")};
        expectOk(cli(byIndex), byIndex);
        QCOMPARE(lines(path("a2.csv")).size(), 1 + 64);
        expectFailure({"aptitude", model("stories260K/stories260K.bin"), "--matrix", "w2", "--per", "head", "--out", path("x.csv")}, "neuron");
        expectFailure({"aptitude", model("stories260K/stories260K.bin"), "--matrix", "wo", "--layer", "9", "--out", path("x.csv")}, "--layer");
    }

    void sweepCsvAndItsAlternatives()
    {
        const QString m = model("stories260K/stories260K.bin");
        const QStringList common{"--text", stories(), "--samples", "3", "--max-tokens", "40", "--filter", "phi-u", "--layers", "1,3", "--k", "2,19,20"};
        const QStringList args = QStringList{"sweep", m} + common + QStringList{"--out", path("sw.csv")};
        expectOk(cli(args), args);
        const auto rows = lines(path("sw.csv"));
        QCOMPARE(rows.first(), QString("filter,site,layer,k,positions,swap,nll,n_tokens"));
        QCOMPARE(rows.size(), 1 + 1 + 2 * 3);
        const auto none = rows[1].split(',');
        QCOMPARE(none[0], QString("none"));
        QCOMPARE(none[7], QString("117"));  // 3 x (40 - 1) predicted tokens
        QVERIFY(significantDigits(none[6]) >= 7);
        for (int i = 2; i < rows.size(); ++i) {
            const auto f = rows[i].split(',');
            if (f[3] == "20") QVERIFY(std::abs(f[6].toDouble() - none[6].toDouble()) < 1e-6);
            if (f[3] == "2") QVERIFY(f[6].toDouble() > none[6].toDouble() + 0.1);
        }
        // Naive recomputation gives the same numbers.
        const QStringList naive = QStringList{"sweep", m} + common + QStringList{"--naive", "--out", path("naive.csv")};
        expectOk(cli(naive), naive);
        const auto naiveRows = lines(path("naive.csv"));
        for (int i = 1; i < rows.size(); ++i) {
            QVERIFY(std::abs(rows[i].split(',')[6].toDouble() - naiveRows[i].split(',')[6].toDouble()) < 1e-5);
        }
        // From a cache of the same text: the same numbers again.
        const QStringList run{"run", m, "--text", stories(), "--samples", "3", "--max-tokens", "40", "--taps", "resid,mlp_out", "--out", path("c.h5")};
        expectOk(cli(run), run);
        const QStringList cached{"sweep", m, "--cache", path("c.h5"), "--filter", "phi-u", "--layers", "1,3", "--k", "2,19,20", "--out", path("cached.csv")};
        expectOk(cli(cached), cached);
        const auto cachedRows = lines(path("cached.csv"));
        QCOMPARE(cachedRows.size(), rows.size());
        for (int i = 1; i < rows.size(); ++i) {
            QVERIFY(std::abs(rows[i].split(',')[6].toDouble() - cachedRows[i].split(',')[6].toDouble()) < 1e-5);
        }
        // Every filter kind, site and the swap variant run.
        for (const char* f : {"phi-e", "psi", "omega-u", "omega-e", "random"}) {
            const QStringList a{"sweep", m, "--prompt", "Once upon a time there was a dog", "--filter", f, "--site", "mlp", "--k", "3", "--out", path("f.csv")};
            expectOk(cli(a), a);
            QCOMPARE(lines(path("f.csv")).size(), 1 + 1 + 5);
        }
        const QStringList swap = QStringList{"sweep", m} + common + QStringList{"--swap", "--site", "attn", "--positions", "non-bos", "--out", path("swap.csv")};
        expectOk(cli(swap), swap);
        QVERIFY(lines(path("swap.csv"))[2].contains(",attn,1,2,non-bos,1,"));
        const QStringList bands{"sweep", m, "--prompt", "Once upon a time", "--filter", "bands-u", "--keep-bands", "1-5,20", "--out", path("b.csv")};
        expectOk(cli(bands), bands);
        expectFailure({"sweep", m, "--prompt", "x", "--filter", "phi-x", "--out", path("x.csv")}, "phi-x");
        expectFailure({"sweep", m, "--prompt", "x", "--filter", "phi-u", "--layers", "7", "--out", path("x.csv")}, "--layers");
        expectFailure({"sweep", m, "--prompt", "x", "--filter", "phi-u", "--k", "21", "--out", path("x.csv")}, "--k");
        expectFailure({"sweep", m, "--prompt", "x", "--filter", "phi-u", "--site", "nowhere", "--out", path("x.csv")}, "--site");
        expectFailure({"sweep", m, "--prompt", "", "--filter", "phi-u", "--out", path("x.csv")}, "no token to predict");
        expectFailure({"sweep", m, "--cache", path("nope.h5"), "--filter", "phi-u", "--out", path("x.csv")}, "nope.h5");
        expectFailure({"sweep", model("babyllama-tok105/model5000.bin"), "--cache", path("c.h5"), "--filter", "phi-u", "--out", path("x.csv")}, "other weights");
    }

    void bosAndAttentionCsv()
    {
        for (const char* m : {"stories260K/stories260K.bin", "babyllama-tok105/model5000.bin"}) {
            const QStringList args{"bos", model(m), "--text", stories(), "--max-tokens", "32", "--out", path("bos.csv")};
            expectOk(cli(args), args);
            const auto rows = lines(path("bos.csv"));
            QCOMPARE(rows.size(), 1 + 6);  // resid[0..5]
            QVERIFY(rows.first().startsWith("stream,layer,norm,udark_norm,ulight_norm,udr"));
        }
        const QStringList att{"attention", model("stories260K/stories260K.bin"), "--prompt", "Once upon a time there was", "--per-head", "--layers", "2", "--out", path("att.csv")};
        expectOk(cli(att), att);
        const auto rows = lines(path("att.csv"));
        QCOMPARE(rows.first(), QString("sample,layer,head,position,token,mean,variance"));
        QCOMPARE(rows.size(), 1 + 8 * 6);  // 8 heads x (7 tokens - 1)
    }

    void analyzeAddsToTheCache()
    {
        const QString m = model("stories260K/stories260K.bin");
        const QStringList run{"run", m, "--text", stories(), "--samples", "2", "--max-tokens", "40", "--taps", "resid,attn", "--out", path("an.h5")};
        expectOk(cli(run), run);
        const QStringList args{"analyze", path("an.h5"), "--hmlv-first-layer", "1", "--summary", path("sum.csv"), "--scatter", path("sc.csv")};
        expectOk(cli(args), args);
        const spectro::CacheReader cache(path("an.h5").toStdString());
        for (const char* d : {"udr/000000", "edr/000001", "spectrogram/000000", "attn_received_mean/000000", "attn_received_var/000001"}) {
            QVERIFY2(cache.hasAnalysis(d), d);
        }
        QCOMPARE(cache.readAnalysis("udr/000000").shape, (std::vector<std::int64_t>{6, 40}));
        QCOMPARE(cache.readAnalysis("spectrogram/000000").shape, (std::vector<std::int64_t>{6, 40, 20}));
        QCOMPARE(cache.readAnalysisFlags("hmlv/000000").shape, (std::vector<std::int64_t>{5, 40}));
        // The spectrogram sums to ||resid||^2; the U-dark ratio is sqrt(e_N / rest).
        const auto spec = cache.readAnalysis("spectrogram/000000");
        const auto udr = cache.readAnalysis("udr/000000");
        const auto resid = cache.readSlice(0, "resid", 3);
        double energy = 0, norm2 = 0, rest = 0;
        for (int j = 0; j < 20; ++j) energy += spec.data[static_cast<std::size_t>((3 * 40 + 7) * 20 + j)];
        for (int j = 0; j < 19; ++j) rest += spec.data[static_cast<std::size_t>((3 * 40 + 7) * 20 + j)];
        for (int i = 0; i < 64; ++i) norm2 += std::pow(resid.data[static_cast<std::size_t>(7 * 64 + i)], 2);
        QVERIFY(std::abs(energy - norm2) < 1e-4 * norm2);
        QVERIFY(std::abs(udr.data[3 * 40 + 7] - std::sqrt(spec.data[static_cast<std::size_t>((3 * 40 + 7) * 20 + 19)] / rest)) < 1e-5);
        const auto summary = lines(path("sum.csv"));
        QCOMPARE(summary.first(), QString("layer,pairs,hmlv,udr_hmlv_mean,udr_rest_mean"));
        QCOMPARE(summary.size(), 1 + 5);
        QCOMPARE(summary[1].split(',')[1], QString("0"));  // layer 0 excluded
        QCOMPARE(summary[2].split(',')[1], QString("70"));  // 2 samples x (40 - 1 BoS - 4 last)
        expectFailure({"analyze", path("missing.h5")}, "missing.h5");
        // run stores both spectra, so analyze works from the cache alone: a model path that does
        // not exist is never opened.
        QVERIFY(cache.hasSpectrum("unembed") && cache.hasSpectrum("embed"));
        QCOMPARE(cache.readSpectrum("unembed").bandEdges.size(), std::size_t{21});
        const QStringList cacheOnly{"analyze", path("an.h5"), "--model", path("no-such-model.bin"), "--summary", path("sum2.csv")};
        expectOk(cli(cacheOnly), cacheOnly);
        QCOMPARE(lines(path("sum2.csv")).size(), 1 + 5);
        // Without stored spectra, the model is needed (and here it does not exist).
        const QStringList bare{"run", m, "--prompt", "Once upon a time there was", "--no-spectrum", "--out", path("bare.h5")};
        expectOk(cli(bare), bare);
        expectFailure({"analyze", path("bare.h5"), "--model", path("no-such-model.bin")}, "no-such-model.bin");
    }

    void generateWithAFilter()
    {
        const QString m = model("stories260K/stories260K.bin");
        const Result plain = cli({"generate", m, "--steps", "20", "--ids"});
        const Result same = cli({"generate", m, "--steps", "20", "--ids", "--filter", "phi-u", "--k", "20", "--layer", "2"});
        const Result changed = cli({"generate", m, "--steps", "20", "--ids", "--filter", "phi-u", "--k", "8", "--layer", "1"});
        QCOMPARE(plain.code, 0);
        QCOMPARE(same.out, plain.out);
        QCOMPARE(changed.code, 0);
        QVERIFY(changed.out != plain.out);
        expectFailure({"generate", m, "--filter", "psi", "--k", "30"}, "--k");
    }
};

QTEST_GUILESS_MAIN(TestCliSpectral)
#include "test_cli_spectral.moc"
