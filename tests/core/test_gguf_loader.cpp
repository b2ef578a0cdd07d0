// GGUF: the shared F32 file, files re-encoded here as F16 / BF16 / Q8_0 by a small independent
// writer (so every supported tensor type is read), and corrupt copies.
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>

#include "model/checkpoint_loader.h"
#include "model/dtype.h"
#include "gguf_builder.h"
#include "test_support.h"

using namespace spectro;
using spectro::test::modelPath;

namespace {

// Matrices in `matrixType` (Q8_0 only where rows are a multiple of 32), norms in F32.
QByteArray buildGguf(const Checkpoint& c, std::uint32_t matrixType)
{
    return test::llamaGguf(c, {.matrixType = matrixType}).bytes();
}

qsizetype tensorInfoOffset(const QByteArray& file, const QByteArray& name)
{
    const qsizetype at = file.indexOf(name);
    return at < 0 ? -1 : at + name.size();
}

}  // namespace

class TestGgufLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { SPECTRO_REQUIRE_SHARED(); }

    void sharedFileMatchesLlama2c()
    {
        const Checkpoint g = loadCheckpoint(modelPath("stories260K/stories260K.gguf"));
        const Checkpoint b = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        QCOMPARE(g.format, CheckpointFormat::Gguf);
        QCOMPARE(g.config.maxSeqLen, 2048);  // the converter's default, as PROVENANCE.md says
        QCOMPARE(g.config.nKvHeads, 4);
        QVERIFY(g.config.tiedEmbeddings);    // output.weight is a byte-identical copy
        QVERIFY(g.vocabulary.has_value());
        QCOMPARE(g.vocabulary->pieces.size(), std::size_t{512});
        for (const auto& [name, t] : b.tensors) QCOMPARE(g.tensor(name).toFloat(), t.toFloat());
    }

    void everySupportedType_data()
    {
        QTest::addColumn<uint>("type");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("F32") << 0u << 0.0;
        QTest::newRow("F16") << 1u << 2e-3;
        QTest::newRow("BF16") << 30u << 1.6e-2;
        QTest::newRow("Q8_0") << 8u << 1.6e-2;
    }
    void everySupportedType()
    {
        QFETCH(uint, type);
        QFETCH(double, tolerance);
        const Checkpoint b = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        QTemporaryDir dir;
        const QString path = dir.filePath("model.gguf");
        test::writeAll(path, buildGguf(b, type));
        const Checkpoint g = loadCheckpoint(path.toStdString());
        for (const auto& [name, t] : b.tensors) {
            const auto want = t.toFloat(), got = g.tensor(name).toFloat();
            QCOMPARE(got.size(), want.size());
            double worst = 0;
            for (std::size_t i = 0; i < want.size(); ++i) worst = std::max(worst, double(std::abs(want[i] - got[i])));
            QVERIFY2(worst <= tolerance, qPrintable(QString("%1: %2").arg(name.c_str()).arg(worst)));
        }
    }

    void unsupportedTensorType()
    {
        QByteArray bytes = test::readAll(modelPath("stories260K/stories260K.gguf"));
        const qsizetype at = tensorInfoOffset(bytes, "blk.0.attn_q.weight");
        QVERIFY(at > 0);
        const std::uint32_t q4 = 2;
        std::memcpy(bytes.data() + at + 4 + 16, &q4, 4);  // n_dims, two dims, then the type
        QTemporaryDir dir;
        const QString path = dir.filePath("q4.gguf");
        test::writeAll(path, bytes);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "'blk.0.attn_q.weight' has type Q4_0");
    }

    void offsetOutsideFile()
    {
        QByteArray bytes = test::readAll(modelPath("stories260K/stories260K.gguf"));
        const qsizetype at = tensorInfoOffset(bytes, "blk.3.ffn_up.weight");
        const std::uint64_t far = 1ull << 40;
        std::memcpy(bytes.data() + at + 4 + 16 + 4, &far, 8);
        QTemporaryDir dir;
        const QString path = dir.filePath("offset.gguf");
        test::writeAll(path, bytes);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "blk.3.ffn_up.weight");
    }

    void wrongShape()
    {
        QByteArray bytes = test::readAll(modelPath("stories260K/stories260K.gguf"));
        const qsizetype at = tensorInfoOffset(bytes, "blk.1.attn_k.weight");
        const std::uint64_t rows = 16;  // expected 32 (kv_dim)
        std::memcpy(bytes.data() + at + 4 + 8, &rows, 8);
        QTemporaryDir dir;
        const QString path = dir.filePath("shape.gguf");
        test::writeAll(path, bytes);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "expected [32, 64]");
    }

    void truncatedAndBadHeaders()
    {
        const QByteArray bytes = test::readAll(modelPath("stories260K/stories260K.gguf"));
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.gguf");
        test::writeAll(path, bytes.left(bytes.size() - 1000));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "outside the file");
        test::writeAll(path, bytes.left(5000));  // cut inside the metadata
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "truncated");
        QByteArray v9 = bytes;
        v9[4] = 9;
        test::writeAll(path, v9);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "GGUF version 9");
        QByteArray arch = bytes;
        // key "general.architecture", value type (4 bytes), string length (8 bytes), "llama"
        const qsizetype at = arch.indexOf("general.architecture") + 20 + 4 + 8;
        QCOMPARE(arch.mid(at, 5), QByteArray("llama"));
        arch.replace(at, 5, "gpt2x");
        test::writeAll(path, arch);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(path.toStdString()), "general.architecture");
    }
};

QTEST_APPLESS_MAIN(TestGgufLoader)
#include "test_gguf_loader.moc"
