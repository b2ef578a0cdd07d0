// The trainer: weights it writes run identically in the engine, an interrupted run resumes to
// the same loss curve, bad input gets one-line errors, and the BoS-sink measure is right.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <fstream>
#include <sstream>

#include "analysis/sink.h"
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "model/default_model.h"
#include "tokenizer/tokenizer.h"
#include "train/corpus_documents.h"
#include "train/token_data.h"
#include "train/trainer.h"
#include "test_support.h"

using namespace spectro;

namespace {

// A small corpus with enough variety for a 400-piece tokenizer, and a non-ASCII line for byte fallback.
std::string writeCorpus(const QTemporaryDir& dir)
{
    const std::string path = dir.filePath("corpus.txt").toStdString();
    std::ofstream out(path);
    const char* names[] = {"Tim", "Lily", "Sam", "Mia", "Ben"};
    const char* things[] = {"ball", "cat", "tree", "boat", "cake", "kite"};
    for (int i = 0; i < 400; ++i) {
        out << "Once upon a time " << names[i % 5] << " saw a " << things[(i * 7) % 6] << ". It was " << (i % 13)
            << " days old.\n";
        if (i % 9 == 0) out << "def f(x):\n    return x + " << i << "\n\n";
    }
    out << "Café — naïve 日本\n";
    return path;
}

TrainOptions tinyOptions(const std::string& corpus, const std::string& outDir)
{
    TrainOptions o;
    o.corpus = {corpus};
    o.outDir = outDir;
    o.vocabSize = 400;
    o.dim = 32, o.layers = 2, o.heads = 4, o.kvHeads = 2, o.hidden = 64, o.context = 32;
    o.batch = 4, o.steps = 12, o.warmup = 3, o.lr = 1e-2;
    o.checkpointEvery = 4, o.evalEvery = 4, o.evalBatches = 1;
    o.heldOutFraction = 0.1;
    o.outputDType = DType::F32;
    return o;
}

std::vector<std::vector<double>> readLossCsv(const std::string& path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::vector<std::vector<double>> rows;
    while (std::getline(in, line)) {
        std::vector<double> row;
        std::stringstream s(line);
        std::string cell;
        while (std::getline(s, cell, ',')) row.push_back(cell.empty() ? NAN : std::stod(cell));
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

class TestTrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void writtenWeightsRunIdenticallyInTheEngine()
    {
        QTemporaryDir dir;
        const auto out = dir.filePath("model").toStdString();
        const TrainSummary s = trainModel(tinyOptions(writeCorpus(dir), out));
        QCOMPARE(s.steps, 12);
        QVERIFY(std::isfinite(s.heldOutNll));
        QVERIFY(s.heldOutNll < std::log(static_cast<double>(s.config.vocabSize)));  // it learned something

        const auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(out));
        QCOMPARE(ckpt->config.nKvHeads, 2);
        QCOMPARE(ckpt->config.maxSeqLen, 32);
        QVERIFY(!ckpt->config.tiedEmbeddings);
        const auto tok = findTokenizer(*ckpt);
        QVERIFY(tok != nullptr);
        const Transformer engine(ckpt);
        ForwardRequest r;
        r.samples = {tok->encode("Once upon a time Lily saw a kite. It was 5 days old.", true)};
        r.taps = TapSet::parse("logits");
        const Array engineLogits = engine.forward(r).front().logits;
        const Array trainLogits = trainStateLogits(out, r.samples.front());
        QCOMPARE(engineLogits.shape, trainLogits.shape);
        float worst = 0;
        for (std::size_t i = 0; i < engineLogits.data.size(); ++i) {
            worst = std::max(worst, std::abs(engineLogits.data[i] - trainLogits.data[i]));
        }
        QVERIFY2(worst < 1e-4f, qPrintable(QString("max |engine - training| = %1").arg(worst)));
    }

    void resumedRunMatchesUninterruptedRun()
    {
        QTemporaryDir dir;
        const std::string corpus = writeCorpus(dir);
        const auto whole = dir.filePath("whole").toStdString(), split = dir.filePath("split").toStdString();
        const TrainSummary a = trainModel(tinyOptions(corpus, whole));

        TrainOptions o = tinyOptions(corpus, split);
        // Stop after step 6 (between checkpoints): the state is saved at the stopping step.
        QVERIFY_THROWS_EXCEPTION(Cancelled, trainModel(o, [](const TrainProgress& p) { return p.message.size() || p.step < 6; }));
        QCOMPARE(readLossCsv(split + "/loss.csv").size(), std::size_t(6));
        SPECTRO_VERIFY_ERROR(trainModel(o), "--resume");
        o.resume = true;
        const TrainSummary b = trainModel(o);

        const auto rowsA = readLossCsv(whole + "/loss.csv"), rowsB = readLossCsv(split + "/loss.csv");
        QCOMPARE(rowsB.size(), rowsA.size());
        for (std::size_t i = 0; i < rowsA.size(); ++i) {
            QCOMPARE(rowsB[i][0], rowsA[i][0]);
            QVERIFY2(std::abs(rowsB[i][2] - rowsA[i][2]) < 1e-4, qPrintable(QString("step %1 loss differs").arg(i + 1)));
        }
        QVERIFY(std::abs(a.heldOutNll - b.heldOutNll) < 1e-4);

        // A resumed run refuses changed options.
        o.lr = 5e-3;
        SPECTRO_VERIFY_ERROR(trainModel(o), "lr");
    }

    void badInputGetsOneLineErrors()
    {
        QTemporaryDir dir;
        const std::string corpus = writeCorpus(dir);
        const auto out = dir.filePath("bad").toStdString();
        TrainOptions o = tinyOptions(corpus, out);
        o.heads = 5;
        SPECTRO_VERIFY_ERROR(trainModel(o), "--heads 5 does not divide --dim 32");
        o = tinyOptions(corpus, out);
        o.kvHeads = 3;
        SPECTRO_VERIFY_ERROR(trainModel(o), "--kv-heads 3 does not divide --heads 4");
        o = tinyOptions(corpus, out);
        o.heads = 32;  // head size 1
        SPECTRO_VERIFY_ERROR(trainModel(o), "odd head size");
        o = tinyOptions(corpus, out);
        o.vocabSize = 100;
        SPECTRO_VERIFY_ERROR(trainModel(o), "--vocab-size 100");
        o = tinyOptions(dir.filePath("missing.txt").toStdString(), out);
        SPECTRO_VERIFY_ERROR(trainModel(o), "missing.txt: corpus file not found");
        o.corpus = {};
        SPECTRO_VERIFY_ERROR(trainModel(o), "no corpus");

        const auto empty = dir.filePath("empty.txt");
        spectro::test::writeAll(empty, " \n\n");
        o.corpus = {empty.toStdString()};
        SPECTRO_VERIFY_ERROR(trainModel(o), "empty.txt: the corpus file is empty");

        const auto latin1 = dir.filePath("latin1.txt");
        spectro::test::writeAll(latin1, QByteArray("first line\ncaf\xe9 au lait\n"));
        o.corpus = {latin1.toStdString()};
        SPECTRO_VERIFY_ERROR(trainModel(o), "latin1.txt:2: not valid UTF-8 (byte offset 14)");

        const auto jsonl = dir.filePath("c.jsonl");
        spectro::test::writeAll(jsonl, "{\"a\": \"x\"}\n{\"a\": 3}\n");
        SPECTRO_VERIFY_ERROR(readCorpusFile(jsonl.toStdString(), {"text"}), "no line has text in the fields text");
        spectro::test::writeAll(jsonl, "{\"text\": \"x\"}\nnot json\n");
        SPECTRO_VERIFY_ERROR(readCorpusFile(jsonl.toStdString(), {}), "c.jsonl:2: invalid JSON");

        o = tinyOptions(corpus, out);
        o.tokenizerPath = corpus;  // not a .model
        SPECTRO_VERIFY_ERROR(trainModel(o), "SentencePiece .model");
        o = tinyOptions(corpus, out);
        o.context = 100000;  // longer than the whole corpus
        SPECTRO_VERIFY_ERROR(trainModel(o), "--context");
    }

    void documentsAndBosPacking()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath("p.txt");
        spectro::test::writeAll(path, "First block.\nStill first.\n\nSecond block.\n\n\nThird.\n");
        QCOMPARE(readCorpusFile(path.toStdString(), {}).documents.size(), std::size_t(1));
        const CorpusFile split = readCorpusFile(path.toStdString(), {}, true);
        QCOMPARE(split.documents.size(), std::size_t(3));
        QCOMPARE(split.documents[2], std::string("Third.\n"));

        // With document BoS every document starts with BoS and ends with EoS in the stream.
        TrainOptions o = tinyOptions(writeCorpus(dir), dir.filePath("m").toStdString());
        o.steps = 1;
        trainModel(o);
        const auto tok = openTokenizer(dir.filePath("m/tokenizer.model").toStdString());
        const TokenData plain = tokenizeCorpus({split}, *tok, 0.1, 4);
        const TokenData packed = tokenizeCorpus({split}, *tok, 0.1, 4, true);
        const auto all = [](const TokenData& d) {
            auto v = d.train;
            v.insert(v.end(), d.heldOut.begin(), d.heldOut.end());
            return v;
        };
        const auto q = all(plain);
        QCOMPARE(std::count(q.begin(), q.end(), tok->bosId()), 0L);
        const auto p = all(packed);
        QCOMPARE(std::count(p.begin(), p.end(), tok->bosId()), 3L);
        QCOMPARE(std::count(p.begin(), p.end(), tok->eosId()), 3L);
        QCOMPARE(p.front(), tok->bosId());
    }

    void windowsStartWithBosAndCanRepeat()
    {
        TokenData data;
        data.bosId = 1;
        for (int i = 0; i < 100; ++i) data.train.push_back(10 + i);
        std::vector<std::int64_t> in, tg;
        WindowSampler plain(data, 9, 7);
        plain.next(3, in, tg);
        for (int b = 0; b < 3; ++b) {
            QCOMPARE(in[static_cast<std::size_t>(b * 9)], std::int64_t(1));
            for (int t = 0; t + 1 < 9; ++t) QCOMPARE(in[static_cast<std::size_t>(b * 9 + t + 1)], tg[static_cast<std::size_t>(b * 9 + t)]);
            QCOMPARE(tg[static_cast<std::size_t>(b * 9 + 8)], tg[static_cast<std::size_t>(b * 9 + 7)] + 1);  // consecutive text
        }
        // Same seed, same windows: what resuming relies on.
        const std::string state = plain.state();
        std::vector<std::int64_t> in2, tg2;
        plain.next(2, in, tg);
        WindowSampler again(data, 9, 0);
        again.restore(state);
        again.next(2, in2, tg2);
        QCOMPARE(in2, in);
        // Repetition: targets are a span of (9-1)/2 = 4 tokens, then the same span again.
        WindowSampler repeated(data, 9, 7, 1.0);
        repeated.next(1, in, tg);
        for (int t = 0; t < 4; ++t) QCOMPARE(tg[static_cast<std::size_t>(t + 4)], tg[static_cast<std::size_t>(t)]);
        QCOMPARE(in[0], std::int64_t(1));
    }

    void utf8Validation()
    {
        QCOMPARE(findInvalidUtf8("plain"), std::string::npos);
        QCOMPARE(findInvalidUtf8("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80"), std::string::npos);
        QCOMPARE(findInvalidUtf8("ab\xc0\xaf"), std::size_t(2));      // overlong '/'
        QCOMPARE(findInvalidUtf8("ab\xed\xa0\x80"), std::size_t(2));  // surrogate
        QCOMPARE(findInvalidUtf8("abc\xe2\x80"), std::size_t(3));     // truncated
    }

    void trainedTokenizerFallsBackToBytes()
    {
        QTemporaryDir dir;
        const auto out = dir.filePath("tok").toStdString();
        TrainOptions o = tinyOptions(writeCorpus(dir), out);
        o.steps = 1;
        trainModel(o);
        const auto tok = openTokenizer(out + "/tokenizer.model");
        QVERIFY(tok->vocabSize() <= 400);
        QCOMPARE(tok->bosId(), 1);
        QCOMPARE(tok->eosId(), 2);
        // Characters it never saw still round-trip, through byte pieces.
        const std::string text = "Once Zürich Ω\n    return x";
        QCOMPARE(tok->decode(tok->encode(text, false)), " " + text);
    }

    void bosSinkAveragesHeadsAndLaterQueries()
    {
        // 2 layers, 2 heads, 20 positions: layer 0 puts 0.5 (head 0) and 0.1 (head 1) on BoS at
        // every query; layer 1 puts 1.0 on BoS only at queries < 16, which do not count.
        SampleTaps taps;
        const std::int64_t L = 2, H = 2, T = 20;
        taps.attention = Array({L, H, T, T});
        auto at = [&](std::int64_t l, std::int64_t h, std::int64_t q, std::int64_t k) -> float& {
            return taps.attention.data[static_cast<std::size_t>(((l * H + h) * T + q) * T + k)];
        };
        for (std::int64_t q = 0; q < T; ++q) {
            at(0, 0, q, 0) = 0.5f;
            at(0, 1, q, 0) = 0.1f;
            if (q < 16) at(1, 0, q, 0) = at(1, 1, q, 0) = 1.0f;
        }
        const auto sink = bosSinkPerLayer({taps, taps});
        QCOMPARE(sink.size(), std::size_t(2));
        QVERIFY(std::abs(sink[0] - 0.3) < 1e-6);
        QVERIFY(std::abs(sink[1]) < 1e-12);
        BosSink perHead;
        perHead.add(taps);
        QVERIFY(std::abs(perHead.perHead()[0][0] - 0.5) < 1e-6);
        QVERIFY(std::abs(perHead.perHead()[0][1] - 0.1) < 1e-6);
        QCOMPARE(perHead.queries(), 4LL);
        SampleTaps none;
        SPECTRO_VERIFY_ERROR(bosSinkPerLayer({none}), "attn");
        SampleTaps shortSample;
        shortSample.attention = Array({L, H, 10, 10});
        QVERIFY(bosSinkPerLayer({shortSample}).empty());  // no query at position >= 16
    }

    void demoModelIsTheDefaultAndRuns()
    {
        qunsetenv("SPECTRO_DEFAULT_MODEL");
        const std::string path = defaultModelPath();  // the source tree's resources/models/demo
        QVERIFY2(path.ends_with("resources/models/demo"), path.c_str());
        const auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(path));
        QCOMPARE(ckpt->storedDType, std::string("f16"));
        QVERIFY(ckpt->config.parameterCount() < 5'000'000);
        QVERIFY(ckpt->config.nKvHeads < ckpt->config.nHeads);  // grouped-query attention
        const auto tok = findTokenizer(*ckpt);
        QVERIFY(tok != nullptr);
        const Transformer engine(ckpt);
        ForwardRequest r;
        r.samples = {tok->encode("Once upon a time, there was a little girl named Lily.", true)};
        r.taps = TapSet::parse("logits");
        const auto out = engine.forward(r);
        double nll = 0;
        const Array& logits = out[0].logits;
        const auto V = logits.shape[1];
        for (std::size_t t = 0; t + 1 < r.samples[0].size(); ++t) {
            const float* row = logits.data.data() + static_cast<std::int64_t>(t) * V;
            double m = row[0], z = 0;
            for (std::int64_t v = 0; v < V; ++v) m = std::max<double>(m, row[v]);
            for (std::int64_t v = 0; v < V; ++v) z += std::exp(row[v] - m);
            nll += m + std::log(z) - row[r.samples[0][t + 1]];
        }
        nll /= static_cast<double>(r.samples[0].size() - 1);
        QVERIFY2(nll < 4.0, qPrintable(QString("demo model NLL on a TinyStories sentence: %1").arg(nll)));  // trained, not random (7.6)

        qputenv("SPECTRO_DEFAULT_MODEL", "/nonexistent/model");
        SPECTRO_VERIFY_ERROR(defaultModelPath(), "SPECTRO_DEFAULT_MODEL");
        qunsetenv("SPECTRO_DEFAULT_MODEL");
    }

    void cliRejectsBadOptions()
    {
        QTemporaryDir dir;
        QProcess p;
        p.start(SPECTRO_CLI_PATH, {"train", "--corpus", QString::fromStdString(writeCorpus(dir)), "--dim", "30", "--heads", "4",
                                   dir.filePath("x")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
        QVERIFY2(err.startsWith("error: --heads 4 does not divide --dim 30"), qPrintable(err));
        QVERIFY(!err.contains('\n'));
    }
};

QTEST_GUILESS_MAIN(TestTrain)
#include "test_train.moc"
