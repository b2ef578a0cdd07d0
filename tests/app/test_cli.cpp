// spectroscope-cli end to end: each verb on each shared model and on HF exports of them, and the
// contract for bad input (exit code 1, one line on stderr that names the culprit).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

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

    void badInput()
    {
        expectFailure({"info", tmp.filePath("absent.bin")}, "absent.bin");
        expectFailure({"info"}, "expects MODEL");
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
