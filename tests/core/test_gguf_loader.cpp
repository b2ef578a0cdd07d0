// GGUF: the shared F32 file, files re-encoded here as F16 / BF16 / Q8_0 by a small independent
// writer (so every supported tensor type is read), and corrupt copies.
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>

#include "model/checkpoint_loader.h"
#include "model/dtype.h"
#include "test_support.h"

using namespace spectro;
using spectro::test::modelPath;

namespace {

// Minimal GGUF v3 writer for the tests: llama metadata, tensors in a chosen ggml type.
class GgufBuilder {
public:
    QByteArray bytes;
    void u32(std::uint32_t v) { bytes.append(reinterpret_cast<const char*>(&v), 4); }
    void u64(std::uint64_t v) { bytes.append(reinterpret_cast<const char*>(&v), 8); }
    void str(const std::string& s) { u64(s.size()); bytes.append(s.data(), static_cast<int>(s.size())); }
    void kvU32(const std::string& k, std::uint32_t v) { str(k); u32(4); u32(v); }
    void kvF32(const std::string& k, float v) { str(k); u32(6); bytes.append(reinterpret_cast<const char*>(&v), 4); }
    void kvStr(const std::string& k, const std::string& v) { str(k); u32(8); str(v); }
};

QByteArray encode(const std::vector<float>& values, std::uint32_t type)
{
    QByteArray out;
    if (type == 0) return QByteArray(reinterpret_cast<const char*>(values.data()), static_cast<int>(values.size() * 4));
    if (type == 1 || type == 30) {
        for (float v : values) {
            const std::uint16_t h = type == 1 ? floatToHalf(v) : floatToBf16(v);
            out.append(reinterpret_cast<const char*>(&h), 2);
        }
        return out;
    }
    for (std::size_t b = 0; b < values.size() / 32; ++b) {  // Q8_0
        float amax = 0;
        for (int i = 0; i < 32; ++i) amax = std::max(amax, std::abs(values[b * 32 + i]));
        const float d = amax / 127.0f;
        const std::uint16_t dh = floatToHalf(d);
        out.append(reinterpret_cast<const char*>(&dh), 2);
        for (int i = 0; i < 32; ++i) {
            const auto q = static_cast<std::int8_t>(d == 0 ? 0 : std::lround(values[b * 32 + i] / d));
            out.append(static_cast<char>(q));
        }
    }
    return out;
}

std::string ggufName(const std::string& canonical)
{
    if (canonical == "token_embedding") return "token_embd.weight";
    if (canonical == "output_norm") return "output_norm.weight";
    if (canonical == "output") return "output.weight";
    static const std::map<std::string, std::string> leaves = {
        {"attention_norm", "attn_norm"}, {"wq", "attn_q"}, {"wk", "attn_k"}, {"wv", "attn_v"}, {"wo", "attn_output"},
        {"ffn_norm", "ffn_norm"}, {"w1", "ffn_gate"}, {"w2", "ffn_down"}, {"w3", "ffn_up"}};
    const auto dot = canonical.find('.', 7);
    return "blk." + canonical.substr(7, dot - 7) + "." + leaves.at(canonical.substr(dot + 1)) + ".weight";
}

// Matrices in `matrixType` (Q8_0 only where rows are a multiple of 32), norms in F32.
QByteArray buildGguf(const Checkpoint& c, std::uint32_t matrixType)
{
    GgufBuilder g;
    g.u32(0x46554747);
    g.u32(3);
    g.u64(c.tensors.size());
    g.u64(9);
    g.kvStr("general.architecture", "llama");
    g.kvU32("llama.embedding_length", static_cast<std::uint32_t>(c.config.dim));
    g.kvU32("llama.feed_forward_length", static_cast<std::uint32_t>(c.config.hiddenDim));
    g.kvU32("llama.block_count", static_cast<std::uint32_t>(c.config.nLayers));
    g.kvU32("llama.attention.head_count", static_cast<std::uint32_t>(c.config.nHeads));
    g.kvU32("llama.attention.head_count_kv", static_cast<std::uint32_t>(c.config.nKvHeads));
    g.kvU32("llama.context_length", static_cast<std::uint32_t>(c.config.maxSeqLen));
    g.kvU32("llama.vocab_size", static_cast<std::uint32_t>(c.config.vocabSize));
    g.kvF32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    QByteArray data;
    for (const auto& [name, t] : c.tensors) {
        std::uint32_t type = t.shape.size() == 1 ? 0 : matrixType;
        if (type == 8 && t.shape.back() % 32 != 0) type = 1;
        g.str(ggufName(name));
        g.u32(static_cast<std::uint32_t>(t.shape.size()));
        for (auto it = t.shape.rbegin(); it != t.shape.rend(); ++it) g.u64(static_cast<std::uint64_t>(*it));
        g.u32(type);
        g.u64(static_cast<std::uint64_t>(data.size()));
        data += encode(t.toFloat(), type);
        while (data.size() % 32) data.append('\0');
    }
    while (g.bytes.size() % 32) g.bytes.append('\0');
    return g.bytes + data;
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
