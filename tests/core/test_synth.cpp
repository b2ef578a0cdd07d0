// Random weights in real LLaMa-2 shapes: a 2-layer LLaMa-2-7B-shaped bf16 checkpoint loads
// (memory-mapped, no float32 copy of the embeddings) and runs; bf16 and f32 writes agree.
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "model/synth.h"
#include "test_support.h"

using namespace spectro;

class TestSynth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void llama2SevenBShapeRuns()
    {
        QTemporaryDir dir;
        SynthOptions options;
        options.config = llama2Shape("llama2-7b");
        options.config.nLayers = 2;
        options.dtype = DType::BF16;
        options.seed = 7;
        const std::string path = dir.filePath("7b-2l").toStdString();
        writeSynthetic(options, path);
        const auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(path));
        QCOMPARE(ckpt->config.dim, 4096);
        QCOMPARE(ckpt->config.hiddenDim, 11008);
        QCOMPARE(ckpt->config.vocabSize, 32000);
        QCOMPARE(ckpt->storedDType, std::string("bf16"));
        QCOMPARE(ckpt->tensor("layers.1.w2").shape, (std::vector<std::int64_t>{4096, 11008}));
        // 2 x 32000 x 4096 + 2 layers x 202,383,360 + 4096 parameters, 2 bytes each.
        QCOMPARE(QFileInfo(QString::fromStdString(path + "/model.safetensors")).size() > 2 * (2LL * 32000 * 4096 + 2LL * 202383360), true);

        const Transformer model(ckpt);
        ForwardRequest r;
        r.samples = {{1, 450, 4996, 17354, 1701, 29916}, {1, 13}};
        r.taps = TapSet::parse("resid,logits");
        const auto out = model.forward(r);
        QCOMPARE(out[0].logits.shape, (std::vector<std::int64_t>{6, 32000}));
        QCOMPARE(out[0].resid.shape, (std::vector<std::int64_t>{3, 6, 4096}));
        for (const auto& s : out)
            for (float v : s.logits.data) QVERIFY(std::isfinite(v));
        // Random uniform weights of std 0.02: the embedding row has RMS 0.02.
        double ss = 0;
        for (int i = 0; i < 4096; ++i) ss += double(out[0].resid.data[static_cast<std::size_t>(i)]) * out[0].resid.data[static_cast<std::size_t>(i)];
        QVERIFY(std::abs(std::sqrt(ss / 4096) - 0.02) < 0.002);
    }

    void sameSeedSameWeights()
    {
        QTemporaryDir dir;
        SynthOptions options;
        options.config = llama2Shape("llama2-70b");  // GQA: 64 heads, 8 kv heads
        options.config.dim = 256, options.config.hiddenDim = 512, options.config.nLayers = 1, options.config.vocabSize = 300;
        options.config.nHeads = 8, options.config.nKvHeads = 2;
        options.dtype = DType::F32;
        writeSynthetic(options, dir.filePath("a").toStdString());
        options.dtype = DType::BF16;
        writeSynthetic(options, dir.filePath("b").toStdString());
        const Checkpoint a = loadCheckpoint(dir.filePath("a").toStdString());
        const Checkpoint b = loadCheckpoint(dir.filePath("b").toStdString());
        for (const auto& [name, t] : a.tensors) {
            const auto x = t.toFloat(), y = b.tensor(name).toFloat();
            for (std::size_t i = 0; i < x.size(); ++i) QVERIFY(std::abs(x[i] - y[i]) <= std::abs(x[i]) / 256 + 1e-12);
        }
        const Transformer ta(std::make_shared<const Checkpoint>(a)), tb(std::make_shared<const Checkpoint>(b));
        ForwardRequest r;
        r.samples = {{1, 2, 3, 4, 5, 6, 7, 8}};
        const auto la = ta.forward(r)[0].logits, lb = tb.forward(r)[0].logits;
        double worst = 0;
        for (std::size_t i = 0; i < la.data.size(); ++i) worst = std::max(worst, double(std::abs(la.data[i] - lb.data[i])));
        QVERIFY2(worst < 0.05, qPrintable(QString::number(worst)));
    }

    void refusesUnknownShapeAndFullDisk()
    {
        SPECTRO_VERIFY_ERROR(llama2Shape("llama3-8b"), "llama3-8b");
        SynthOptions options;
        options.config = llama2Shape("llama2-70b");
        options.dtype = DType::F32;
        QTemporaryDir dir;
        // 276 GB: more than the test machines' whole disk.
        SPECTRO_VERIFY_ERROR(writeSynthetic(options, dir.filePath("70b").toStdString()), "MiB are free");
    }
};

QTEST_APPLESS_MAIN(TestSynth)
#include "test_synth.moc"
