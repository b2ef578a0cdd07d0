// spectroscope-cli end to end: each verb on each shared model and on HF exports of them, and the
// contract for bad input (exit code 1, one line on stderr that names the culprit).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>
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

Result cli(const QStringList& args, int timeoutMs = 300000)
{
    QProcess p;
    p.start(QString::fromUtf8(SPECTRO_CLI_PATH), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString model(const char* relative) { return QString::fromStdString(modelPath(relative)); }

void expectFailure(const QStringList& args, const QString& needle)
{
    const Result r = cli(args);
    QVERIFY2(r.code == 1, qPrintable(args.join(' ') + " exited with " + QString::number(r.code)));
    const QString err = r.err.trimmed();
    QVERIFY2(!err.contains('\n'), qPrintable("not one line: " + err));
    QVERIFY2(err.contains(needle), qPrintable("'" + err + "' lacks '" + needle + "'"));
}

const char* kGreedy20 = "403 407 261 378 432 383 286 261 376 298 315 421 395 317 426 338 401 396 267 337";

// Cache tests: a run over the TinyStories text with the smallest shared model.
QStringList runArgs(const QString& out, int samples, const QStringList& extra = {})
{
    return QStringList{"run", model("stories260K/stories260K.bin"), "--text",
                       QString::fromStdString(spectro::test::sharedPath("corpora/tinystories_validation_first_stories.txt")),
                       "--max-tokens", "48", "--samples", QString::number(samples), "--batch", "2", "--out", out} +
           extra;
}

// Every sample's tokens and taps are bit-identical in both caches.
void expectSameSamples(const QString& a, const QString& b)
{
    const spectro::CacheReader x(a.toStdString()), y(b.toStdString());
    QCOMPARE(y.sampleIndices(), x.sampleIndices());
    for (int i : x.sampleIndices()) {
        QCOMPARE(y.tokens(i), x.tokens(i));
        QCOMPARE(y.text(i), x.text(i));
        for (const char* name : {"resid", "resid_mid", "attn_out", "mlp_out", "attn", "logits", "nll"}) {
            QCOMPARE(y.has(i, name), x.has(i, name));
            if (x.has(i, name)) QVERIFY2(y.read(i, name).data == x.read(i, name).data, qPrintable(QString("sample %1 %2").arg(i).arg(name)));
        }
    }
}

QJsonObject summaryOf(const Result& r) { return QJsonDocument::fromJson(r.out.toUtf8()).object(); }

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;

private Q_SLOTS:
    void init() { SPECTRO_REQUIRE_SHARED(); }

    void helpForEveryVerb()
    {
        for (const char* verb : {"info", "tokenize", "generate", "run", "convert", "synth"}) {
            const Result r = cli({verb, "--help"});
            QCOMPARE(r.code, 0);
            QVERIFY(r.out.startsWith(QString("usage: spectroscope-cli ") + verb));
        }
        QCOMPARE(cli({"--help"}).code, 0);
    }

    void infoOnEveryModel_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("dim");
        QTest::addColumn<int>("vocab");
        QTest::newRow("bin") << model("stories260K/stories260K.bin") << "llama2c-v0" << 64 << 512;
        QTest::newRow("gguf") << model("stories260K/stories260K.gguf") << "gguf" << 64 << 512;
        QTest::newRow("q80") << model("stories260K/stories260K_q80.bin") << "llama2c-v2-q80" << 64 << 512;
        QTest::newRow("baby") << model("babyllama-tok105/model5000.bin") << "llama2c-v0" << 128 << 105;
    }
    void infoOnEveryModel()
    {
        QFETCH(QString, path);
        QFETCH(QString, format);
        QFETCH(int, dim);
        QFETCH(int, vocab);
        const Result r = cli({"info", path});
        QCOMPARE(r.code, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["format"].toString(), format);
        QCOMPARE(j["dim"].toInt(), dim);
        QCOMPARE(j["vocab_size"].toInt(), vocab);
        for (const char* key : {"hidden_dim", "n_layers", "n_heads", "n_kv_heads", "max_seq_len", "rope_theta", "norm_eps",
                                "tied_embeddings", "dtype"}) {
            QVERIFY2(j.contains(key), key);
        }
        QCOMPARE(j["n_kv_heads"].toInt(), 4);

        // Its HF export says the same and generates the same tokens.
        const QString out = tmp.filePath(QString("hf-") + QTest::currentDataTag());
        QCOMPARE(cli({"convert", path, "--to", "hf", out}).code, 0);
        const QJsonObject k = QJsonDocument::fromJson(cli({"info", out}).out.toUtf8()).object();
        QCOMPARE(k["format"].toString(), QString("hf-safetensors"));
        QCOMPARE(k["dim"].toInt(), dim);
        QVERIFY(!k["tokenizer"].toString().isEmpty());
        const Result a = cli({"generate", path, "--steps", "12", "--ids"});
        const Result b = cli({"generate", out, "--steps", "12", "--ids"});
        QCOMPARE(a.code, 0);
        QCOMPARE(b.out, a.out);
        for (const QString& m : {path, out}) {
            const QString cache = out + "-" + QString::number(qHash(m)) + ".h5";
            const Result run = cli({"run", m, "--prompt", "Once upon a time, there was a dog", "--taps", "all", "--out", cache});
            QVERIFY2(run.code == 0, qPrintable(run.err));
            const spectro::CacheReader reader(cache.toStdString());
            QCOMPARE(reader.read(0, "mlp_out").shape.at(2), std::int64_t(dim));
            QCOMPARE(reader.read(0, "logits").shape.at(1), std::int64_t(vocab));
        }
    }

    void generateGreedy()
    {
        const Result ids = cli({"generate", model("stories260K/stories260K.bin"), "--steps", "20", "--ids"});
        QCOMPARE(ids.code, 0);
        QCOMPARE(ids.out.trimmed(), QString(kGreedy20));
        const Result text = cli({"generate", model("babyllama-tok105/model5000.bin"), "--steps", "30"});
        QCOMPARE(text.out, QString(" Once upon a time, there was a\n"));
        const Result prompt = cli({"generate", model("stories260K/stories260K.bin"), "--prompt", "One day, Lily met a Shoggoth", "--steps", "26"});
        QCOMPARE(prompt.out, QString(" named Sam. Sam was very excited to see what was inside.\n"));
        const Result sampled = cli({"generate", model("stories260K/stories260K.bin"), "--steps", "10", "--temperature", "1", "--seed", "3", "--ids"});
        QCOMPARE(sampled.out, cli({"generate", model("stories260K/stories260K.bin"), "--steps", "10", "--temperature", "1", "--seed", "3", "--ids"}).out);
    }

    void tokenize()
    {
        const Result r = cli({"tokenize", model("stories260K/stories260K.bin"), "Once upon a time"});
        QCOMPARE(r.code, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["ids"].toVariant().toList(), QVariantList({1, 403, 407, 261, 378}));
        QCOMPARE(j["pieces"].toArray().at(1).toString(), QString::fromUtf8("\xe2\x96\x81Once"));
    }

    void runWritesCache()
    {
        const QString cache = tmp.filePath("run.h5");
        const Result r = cli({"run", model("stories260K/stories260K.bin"), "--text",
                              QString::fromStdString(spectro::test::sharedPath("corpora/tinystories_validation_first_stories.txt")),
                              "--max-tokens", "48", "--samples", "3", "--taps", "resid,mlp_out,attn", "--out", cache});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["samples"].toInt(), 3);
        QVERIFY(j["mean_nll"].toDouble() > 0.5 && j["mean_nll"].toDouble() < 3.0);  // a trained model on its own domain
        const spectro::CacheReader reader(cache.toStdString());
        QCOMPARE(reader.sampleIndices().size(), std::size_t{3});
        QCOMPARE(reader.tokens(2).size(), std::size_t{48});
        QCOMPARE(reader.read(1, "resid").shape, (std::vector<std::int64_t>{6, 48, 64}));
        QCOMPARE(reader.read(1, "attn").shape, (std::vector<std::int64_t>{5, 8, 48, 48}));
        QCOMPARE(reader.read(0, "nll").shape, (std::vector<std::int64_t>{47}));
        QVERIFY(!reader.has(0, "logits"));

        expectFailure({"run", model("stories260K/stories260K.bin"), "--prompt", "x", "--out", cache}, "--force");
        QCOMPARE(cli({"run", model("stories260K/stories260K.bin"), "--prompt", "Hi", "--out", cache, "--force"}).code, 0);
        QCOMPARE(spectro::CacheReader(cache.toStdString()).sampleIndices().size(), std::size_t{1});

        const QString jsonl = tmp.filePath("code.h5");
        const Result code = cli({"run", model("stories260K/stories260K.bin"), "--jsonl",
                                 QString::fromStdString(spectro::test::sharedPath("corpora/HumanEval.jsonl")), "--field", "prompt",
                                 "--samples", "2", "--max-tokens", "64", "--out", jsonl});
        QCOMPARE(code.code, 0);
        QVERIFY(code.err.contains("truncated"));  // HumanEval prompts are longer than 64 tokens
    }

    void synthAndInfo()
    {
        const QString out = tmp.filePath("synth");
        const Result r = cli({"synth", "--shape", "llama2-7b", "--layers", "1", "--dtype", "bf16", "--quiet", "--tokenizer",
                              model("llama2-tokenizer/tokenizer.model"), out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(cli({"info", out}).out.toUtf8()).object();
        QCOMPARE(j["dim"].toInt(), 4096);
        QCOMPARE(j["n_layers"].toInt(), 1);
        QCOMPARE(j["dtype"].toString(), QString("bf16"));
        QVERIFY(j["tokenizer"].toString().endsWith("tokenizer.model"));
        const Result g = cli({"generate", out, "--prompt", "Hello", "--steps", "2", "--ids"});
        QCOMPARE(g.code, 0);
        QCOMPARE(g.out.trimmed().split(' ').size(), 2);
        QDir(out).removeRecursively();
    }

    void runResumesWithIdenticalResults()
    {
        const QString full = tmp.filePath("resume-full.h5"), part = tmp.filePath("resume-part.h5");
        const Result a = cli(runArgs(full, 6, {"--taps", "all"}));
        QVERIFY2(a.code == 0, qPrintable(a.err));
        QVERIFY(a.err.contains("cache grows by about"));  // the size is stated before the run
        const Result b = cli(runArgs(part, 3, {"--taps", "all"}));
        QVERIFY2(b.code == 0, qPrintable(b.err));
        const Result c = cli(runArgs(part, 6, {"--taps", "all"}));
        QVERIFY2(c.code == 0, qPrintable(c.err));
        QCOMPARE(summaryOf(c)["computed"].toInt(), 3);
        QCOMPARE(summaryOf(c)["reused"].toInt(), 3);
        QVERIFY(c.err.contains("3 already in"));
        QCOMPARE(summaryOf(c)["mean_nll"].toDouble(), summaryOf(a)["mean_nll"].toDouble());
        expectSameSamples(full, part);
        QVERIFY(QString::fromStdString(spectro::CacheReader(part.toStdString()).attribute("options")).contains("\"samples\":6"));
        // Nothing left to do: the cache is not touched.
        const QByteArray before = spectro::test::readAll(part.toStdString());
        const Result d = cli(runArgs(part, 5, {"--taps", "all"}));
        QCOMPARE(d.code, 0);
        QCOMPARE(summaryOf(d)["computed"].toInt(), 0);
        QCOMPARE(spectro::test::readAll(part.toStdString()), before);
        QCOMPARE(QDir(tmp.path()).entryList({"resume-*"}, QDir::Files), (QStringList{"resume-full.h5", "resume-part.h5"}));
    }

    void killedRunResumes()
    {
        // Checkpoints after every batch; the run is killed as soon as the first one appears.
        const QString full = tmp.filePath("kill-full.h5"), killed = tmp.filePath("kill.h5");
        QStringList extra = {"--taps", "resid,attn", "--max-tokens", "128", "--checkpoint-every", "0"};
        QCOMPARE(cli(runArgs(full, 16, extra)).code, 0);
        bool interrupted = false;
        for (int attempt = 0; attempt < 5 && !interrupted; ++attempt) {
            QFile::remove(killed);
            QProcess p;
            p.start(QString::fromUtf8(SPECTRO_CLI_PATH), runArgs(killed, 16, extra));
            QVERIFY(p.waitForStarted());
            while (!QFile::exists(killed) && p.state() == QProcess::Running) QThread::usleep(500);
            p.kill();  // SIGKILL
            p.waitForFinished();
            interrupted = p.exitStatus() == QProcess::CrashExit && QFile::exists(killed);
        }
        QVERIFY2(interrupted, "the run always finished before it could be killed");
        const auto present = spectro::CacheReader(killed.toStdString()).sampleIndices();  // a valid cache
        QVERIFY(!present.empty() && present.size() < 16);
        const Result r = cli(runArgs(killed, 16, extra));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(summaryOf(r)["reused"].toInt(), int(present.size()));
        expectSameSamples(full, killed);
        QCOMPARE(QDir(tmp.path()).entryList({"kill*"}, QDir::Files), (QStringList{"kill-full.h5", "kill.h5"}));  // temporaries removed
    }

    void runRefusesOtherModelsAndOptions()
    {
        const QString cache = tmp.filePath("refuse.h5");
        QCOMPARE(cli(runArgs(cache, 2)).code, 0);
        expectFailure({"run", model("babyllama-tok105/model5000.bin"), "--prompt", "Once upon a time", "--out", cache},
                      "made with other weights");
        expectFailure(runArgs(cache, 2, {"--taps", "resid,mlp_out"}), "option 'taps' is \"resid\" in the cache, \"resid,mlp_out\" now");
        expectFailure(runArgs(cache, 2, {"--dtype", "bf16"}), "option 'dtype'");
        expectFailure(runArgs(cache, 2, {"--dtype", "f8"}), "f8");
        expectFailure(runArgs(cache, 2, {"--compress", "12"}), "--compress");
        const Result forced = cli({"run", model("babyllama-tok105/model5000.bin"), "--prompt", "Once upon a time", "--out", cache, "--force"});
        QVERIFY2(forced.code == 0, qPrintable(forced.err));
        QCOMPARE(spectro::CacheReader(cache.toStdString()).config().dim, 128);

        const QString junk = tmp.filePath("junk.h5");
        spectro::test::writeAll(junk, "not a cache at all");
        expectFailure(runArgs(junk, 1), "junk.h5: not an HDF5 file; pass --force to replace it");
        QCOMPARE(cli(runArgs(junk, 1, {"--force"})).code, 0);
    }

    void runStoresSixteenBitCompressedTaps()
    {
        const QString exact = tmp.filePath("f32.h5"), small = tmp.filePath("bf16.h5");
        QCOMPARE(cli(runArgs(exact, 2, {"--taps", "resid,logits"})).code, 0);
        const Result r = cli(runArgs(small, 2, {"--taps", "resid,logits", "--dtype", "bf16", "--compress", "1", "--checksum"}));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const spectro::CacheReader a(exact.toStdString()), b(small.toStdString());
        QVERIFY(b.tapDType() == spectro::TapDType::BFloat16);
        const auto x = a.read(1, "resid").data, y = b.read(1, "resid").data;
        QCOMPARE(y.size(), x.size());
        for (std::size_t i = 0; i < x.size(); ++i) QVERIFY(std::abs(y[i] - x[i]) <= std::ldexp(1.0f, -8) * std::abs(x[i]));
        QCOMPARE(b.read(1, "nll").data, a.read(1, "nll").data);  // losses stay float32
        QVERIFY(QFileInfo(small).size() < QFileInfo(exact).size() / 2);
    }

    void badInput()
    {
        expectFailure({"info", tmp.filePath("absent.bin")}, "absent.bin");
        expectFailure({"convert"}, "expects MODEL OUTDIR");  // `info` alone opens the demo model
        expectFailure({"info", model("stories260K/stories260K.bin"), "--bogus"}, "--bogus");
        expectFailure({"frobnicate"}, "unknown verb");
        expectFailure({"generate", model("stories260K/stories260K.bin"), "--steps", "ten"}, "--steps");
        expectFailure({"tokenize", model("stories260K/stories260K.bin"), "x", "--tokenizer", model("llama2-tokenizer/tokenizer.model")},
                      "32000");
        const QString empty = tmp.filePath("empty.txt");
        spectro::test::writeAll(empty, "\n  \n");
        expectFailure({"run", model("stories260K/stories260K.bin"), "--text", empty, "--out", tmp.filePath("e.h5")}, "empty");
        expectFailure({"run", model("stories260K/stories260K.bin"), "--out", tmp.filePath("e.h5")}, "exactly one of");
        QString longPrompt;
        for (int i = 0; i < 300; ++i) longPrompt += "Once upon a time ";
        expectFailure({"generate", model("stories260K/stories260K.bin"), "--prompt", longPrompt}, "context window");
        const QString notModel = tmp.filePath("notes.gguf");
        spectro::test::writeAll(notModel, "GGUF");
        expectFailure({"info", notModel}, "notes.gguf");
        expectFailure({"synth", "--shape", "gpt2", tmp.filePath("s")}, "gpt2");
        expectFailure({"convert", model("stories260K/stories260K.bin"), "--to", "onnx", tmp.filePath("c")}, "onnx");
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
