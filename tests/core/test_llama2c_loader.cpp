// llama2.c checkpoints: v0 fp32 and v2 Q8_0, and what corrupt copies of them produce.
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>

#include "model/checkpoint_loader.h"
#include "test_support.h"

using namespace spectro;
using spectro::test::modelPath;

class TestLlama2cLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { SPECTRO_REQUIRE_SHARED(); }

    void legacyHeader()
    {
        const Checkpoint c = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        QCOMPARE(c.format, CheckpointFormat::Llama2cV0);
        QCOMPARE(c.config.dim, 64);
        QCOMPARE(c.config.hiddenDim, 172);
        QCOMPARE(c.config.nLayers, 5);
        QCOMPARE(c.config.nHeads, 8);
        QCOMPARE(c.config.nKvHeads, 4);
        QCOMPARE(c.config.vocabSize, 512);
        QCOMPARE(c.config.maxSeqLen, 512);
        QVERIFY(c.config.tiedEmbeddings);
        QCOMPARE(c.config.parameterCount(), std::int64_t{260032});  // PROVENANCE.md
        QCOMPARE(c.tensor("layers.4.wk").shape, (std::vector<std::int64_t>{32, 64}));
        QCOMPARE(c.tensor("output").data, c.tensor("token_embedding").data);
    }

    void quantisedMatchesFloat()
    {
        const Checkpoint f = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        const Checkpoint q = loadCheckpoint(modelPath("stories260K/stories260K_q80.bin"));
        QCOMPARE(q.format, CheckpointFormat::Llama2cV2);
        QCOMPARE(q.storedDType, std::string("q8_0"));
        double worst = 0;
        for (const auto& [name, t] : f.tensors) {
            const auto a = t.toFloat(), b = q.tensor(name).toFloat();
            QCOMPARE(a.size(), b.size());
            for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, double(std::abs(a[i] - b[i])));
            if (t.shape.size() == 1) QCOMPARE(a, b);  // norms are stored in fp32: bit-identical
        }
        // PROVENANCE.md: dequantised matrices differ from fp32 by at most 0.007.
        QVERIFY2(worst < 0.0075 && worst > 0, qPrintable(QString::number(worst)));
    }

    // A v1 file ("ak42", fp32, norms first) written here from the v0 weights loads identically.
    void version1()
    {
        const Checkpoint v0 = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        QByteArray bytes;
        auto i32 = [&](std::int32_t v) { bytes.append(reinterpret_cast<const char*>(&v), 4); };
        auto tensor = [&](const std::string& name) {
            const auto values = v0.tensor(name).toFloat();
            bytes.append(reinterpret_cast<const char*>(values.data()), static_cast<qsizetype>(values.size() * 4));
        };
        i32(0x616b3432);
        i32(1);
        for (int v : {64, 172, 5, 8, 4, 512, 512}) i32(v);
        bytes.append('\1');  // shared classifier
        bytes.append(QByteArray(256 - bytes.size(), '\0'));
        for (int l = 0; l < 5; ++l) tensor(layerTensorName(l, "attention_norm"));
        for (int l = 0; l < 5; ++l) tensor(layerTensorName(l, "ffn_norm"));
        tensor("output_norm");
        tensor("token_embedding");
        for (const char* m : {"wq", "wk", "wv", "wo", "w1", "w2", "w3"})
            for (int l = 0; l < 5; ++l) tensor(layerTensorName(l, m));
        QTemporaryDir dir;
        const QString path = dir.filePath("v1.bin");
        test::writeAll(path, bytes);
        const Checkpoint v1 = loadCheckpoint(path.toStdString());
        QCOMPARE(v1.format, CheckpointFormat::Llama2cV1);
        for (const auto& [name, t] : v0.tensors) QCOMPARE(v1.tensor(name).toFloat(), t.toFloat());
    }

    // A negative vocab_size marks a separate classifier stored after the RoPE tables.
    void separateClassifier()
    {
        QByteArray bytes = test::readAll(modelPath("stories260K/stories260K.bin"));
        const std::int32_t negative = -512;
        std::memcpy(bytes.data() + 20, &negative, 4);
        std::vector<float> classifier(512 * 64);
        for (std::size_t i = 0; i < classifier.size(); ++i) classifier[i] = static_cast<float>(i % 17) * 0.01f;
        bytes.append(reinterpret_cast<const char*>(classifier.data()), static_cast<qsizetype>(classifier.size() * 4));
        QTemporaryDir dir;
        const QString path = dir.filePath("wcls.bin");
        test::writeAll(path, bytes);
        const Checkpoint c = loadCheckpoint(path.toStdString());
        QVERIFY(!c.config.tiedEmbeddings);
        QCOMPARE(c.tensor("output").toFloat(), classifier);
        QVERIFY(c.tensor("output").data != c.tensor("token_embedding").data);
    }

    void truncatedFile()
    {
        QTemporaryDir dir;
        const QByteArray bytes = test::readAll(modelPath("stories260K/stories260K.bin"));
        const QString path = dir.filePath("cut.bin");
        test::writeAll(path, bytes.left(bytes.size() / 2));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "truncated");
        test::writeAll(path, bytes.left(20));  // inside the header
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "cut.bin");
    }

    void trailingBytes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("long.bin");
        test::writeAll(path, test::readAll(modelPath("stories260K/stories260K.bin")) + QByteArray(64, '\0'));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "trailing bytes");
    }

    void invalidHeaderField()
    {
        QTemporaryDir dir;
        QByteArray bytes = test::readAll(modelPath("stories260K/stories260K.bin"));
        const std::int32_t heads = 7;  // does not divide dim 64
        std::memcpy(bytes.data() + 12, &heads, 4);
        const QString path = dir.filePath("heads.bin");
        test::writeAll(path, bytes);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "n_heads");
    }

    void badQuantGroup()
    {
        QTemporaryDir dir;
        QByteArray bytes = test::readAll(modelPath("stories260K/stories260K_q80.bin"));
        const std::int32_t group = 0;
        std::memcpy(bytes.data() + 8 + 28 + 1, &group, 4);
        const QString path = dir.filePath("group.bin");
        test::writeAll(path, bytes);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "group_size");
    }

    void foreignAndMissingFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("notes.txt");
        test::writeAll(path, "this is not a model at all, only some text\n");
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "notes.txt");
        SPECTRO_VERIFY_ERROR(loadCheckpoint(dir.filePath("absent.bin").toStdString()), "absent.bin");
        const QString empty = dir.filePath("empty.bin");
        test::writeAll(empty, QByteArray());
        SPECTRO_VERIFY_ERROR(loadCheckpoint(empty.toStdString()), "empty.bin");
    }
};

QTEST_APPLESS_MAIN(TestLlama2cLoader)
#include "test_llama2c_loader.moc"
