// Hugging Face directories: export and re-import, the rotate-half layout of W_q/W_k checked
// against HF's own RoPE formula, shards, and every kind of broken config or safetensors file.
#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "io/mapped_file.h"
#include "model/checkpoint_loader.h"
#include "model/hf_writer.h"
#include "model/safetensors.h"
#include "test_support.h"

using namespace spectro;
using spectro::test::modelPath;

namespace {

std::vector<float> matVec(const std::vector<float>& w, int rows, int cols, const std::vector<float>& x)
{
    std::vector<float> y(static_cast<std::size_t>(rows), 0.0f);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) y[static_cast<std::size_t>(r)] += w[static_cast<std::size_t>(r * cols + c)] * x[static_cast<std::size_t>(c)];
    return y;
}

// HF LlamaRotaryEmbedding + apply_rotary_pos_emb for one head vector (rotate_half convention).
std::vector<double> ropeRotateHalf(const float* q, int hd, int pos, double theta)
{
    std::vector<double> out(static_cast<std::size_t>(hd));
    const int half = hd / 2;
    for (int i = 0; i < hd; ++i) {
        const double freq = std::pow(theta, -2.0 * (i % half) / hd);
        const double rotated = i < half ? -q[i + half] : q[i - half];
        out[static_cast<std::size_t>(i)] = q[i] * std::cos(pos * freq) + rotated * std::sin(pos * freq);
    }
    return out;
}

// llama2.c's RoPE: adjacent pairs.
std::vector<double> ropeInterleaved(const float* q, int hd, int pos, double theta)
{
    std::vector<double> out(static_cast<std::size_t>(hd));
    for (int i = 0; i < hd; i += 2) {
        const double freq = std::pow(theta, -static_cast<double>(i) / hd);
        const double c = std::cos(pos * freq), s = std::sin(pos * freq);
        out[static_cast<std::size_t>(i)] = q[i] * c - q[i + 1] * s;
        out[static_cast<std::size_t>(i + 1)] = q[i] * s + q[i + 1] * c;
    }
    return out;
}

double dot(const std::vector<double>& a, const std::vector<double>& b)
{
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

nlohmann::json readJson(const QString& path) { return nlohmann::json::parse(test::readAll(path.toStdString()).toStdString()); }

}  // namespace

class TestHfFormat : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    std::string exported;

private Q_SLOTS:
    void initTestCase()
    {
        SPECTRO_REQUIRE_SHARED();
        exported = tmp.filePath("stories-hf").toStdString();
        writeHuggingFace(loadCheckpoint(modelPath("stories260K/stories260K.bin")), exported,
                         {0, modelPath("stories260K/tok512.model")});
    }

    void roundTripKeepsEveryTensor()
    {
        const Checkpoint orig = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        const Checkpoint hf = loadCheckpoint(exported);
        QCOMPARE(hf.format, CheckpointFormat::HuggingFace);
        QVERIFY(hf.config.tiedEmbeddings);
        QCOMPARE(hf.config.nKvHeads, 4);
        for (const auto& [name, t] : orig.tensors) QCOMPARE(hf.tensor(name).toFloat(), t.toFloat());
        const auto config = readJson(QString::fromStdString(exported + "/config.json"));
        QCOMPARE(config["architectures"][0].get<std::string>(), std::string("LlamaForCausalLM"));
        QCOMPARE(config["num_key_value_heads"].get<int>(), 4);
        QVERIFY(QFile::exists(QString::fromStdString(exported + "/tokenizer.model")));
    }

    // The round trip above would pass with any permutation; this checks that the exported W_q/W_k
    // give, under HF's rotate-half RoPE, the same attention scores as the originals under llama2.c's.
    void exportedQueriesFollowHfRope()
    {
        const Checkpoint orig = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        const auto file = MappedFile::open(exported + "/model.safetensors");
        const auto stored = readSafetensors(file);
        const int d = 64, hd = 8, kvDim = 32;
        std::vector<float> x(d);
        for (int i = 0; i < d; ++i) x[static_cast<std::size_t>(i)] = std::sin(0.7f * static_cast<float>(i) + 0.3f);
        for (int layer : {0, 4}) {
            const std::string prefix = "model.layers." + std::to_string(layer) + ".self_attn.";
            const auto qHf = matVec(stored.at(prefix + "q_proj.weight").toFloat(), d, d, x);
            const auto kHf = matVec(stored.at(prefix + "k_proj.weight").toFloat(), kvDim, d, x);
            const auto qIl = matVec(orig.tensor(layerTensorName(layer, "wq")).toFloat(), d, d, x);
            const auto kIl = matVec(orig.tensor(layerTensorName(layer, "wk")).toFloat(), kvDim, d, x);
            QVERIFY(qHf != qIl);  // the layouts really differ
            for (int head = 0; head < 8; ++head) {
                const int kvHead = head / 2;
                for (auto [m, n] : {std::pair{5, 2}, std::pair{17, 0}, std::pair{300, 299}}) {
                    const double hf = dot(ropeRotateHalf(&qHf[static_cast<std::size_t>(head * hd)], hd, m, 10000.0),
                                          ropeRotateHalf(&kHf[static_cast<std::size_t>(kvHead * hd)], hd, n, 10000.0));
                    const double il = dot(ropeInterleaved(&qIl[static_cast<std::size_t>(head * hd)], hd, m, 10000.0),
                                          ropeInterleaved(&kIl[static_cast<std::size_t>(kvHead * hd)], hd, n, 10000.0));
                    QVERIFY2(std::abs(hf - il) < 1e-4 * (1 + std::abs(il)), qPrintable(QString("%1 vs %2").arg(hf).arg(il)));
                }
            }
        }
    }

    void shardedExport()
    {
        QTemporaryDir dir;
        const std::string out = dir.filePath("sharded").toStdString();
        const Checkpoint orig = loadCheckpoint(modelPath("babyllama-tok105/model5000.bin"));
        writeHuggingFace(orig, out, {1 << 20, ""});
        QVERIFY(QFile::exists(QString::fromStdString(out + "/model.safetensors.index.json")));
        QVERIFY(!QFile::exists(QString::fromStdString(out + "/model.safetensors")));
        QVERIFY(QDir(QString::fromStdString(out)).entryList({"model-*.safetensors"}).size() >= 3);
        const Checkpoint back = loadCheckpoint(out);
        for (const auto& [name, t] : orig.tensors) QCOMPARE(back.tensor(name).toFloat(), t.toFloat());
        // A shard the index names but that is gone.
        const QDir outDir(QString::fromStdString(out));
        QVERIFY(QFile::remove(outDir.filePath(outDir.entryList({"model-00002-of-*"}).value(0))));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(out), "missing");
    }

    void brokenConfig()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("m"));
        const QString model = dir.filePath("m");
        QFile::copy(QString::fromStdString(exported + "/model.safetensors"), model + "/model.safetensors");
        auto config = readJson(QString::fromStdString(exported + "/config.json"));

        test::writeAll(model + "/config.json", "{\"hidden_size\": 64,");
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "invalid JSON");

        auto missing = config;
        missing.erase("num_hidden_layers");
        test::writeAll(model + "/config.json", QByteArray::fromStdString(missing.dump()));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "'num_hidden_layers' is missing");

        auto wrongType = config;
        wrongType["model_type"] = "qwen2";
        test::writeAll(model + "/config.json", QByteArray::fromStdString(wrongType.dump()));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "model_type");

        auto moreLayers = config;
        moreLayers["num_hidden_layers"] = 6;
        test::writeAll(model + "/config.json", QByteArray::fromStdString(moreLayers.dump()));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "'layers.5.attention_norm' is missing");

        auto fewerLayers = config;
        fewerLayers["num_hidden_layers"] = 4;
        test::writeAll(model + "/config.json", QByteArray::fromStdString(fewerLayers.dump()));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "unexpected tensor");

        auto wider = config;
        wider["intermediate_size"] = 176;
        test::writeAll(model + "/config.json", QByteArray::fromStdString(wider.dump()));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "expected [176, 64]");

        auto untied = config;
        untied["tie_word_embeddings"] = false;
        test::writeAll(model + "/config.json", QByteArray::fromStdString(untied.dump()));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "lm_head.weight");
    }

    void brokenSafetensors()
    {
        const QByteArray good = test::readAll(exported + "/model.safetensors");
        std::uint64_t headerLength;
        std::memcpy(&headerLength, good.data(), 8);
        auto header = nlohmann::json::parse(good.mid(8, static_cast<qsizetype>(headerLength)).toStdString());
        QTemporaryDir dir;
        const QString model = dir.filePath("m");
        QDir().mkpath(model);
        QFile::copy(QString::fromStdString(exported + "/config.json"), model + "/config.json");
        auto writeWith = [&](const nlohmann::json& h, const QByteArray& data) {
            std::string text = h.dump();
            const std::uint64_t n = text.size();
            test::writeAll(model + "/model.safetensors",
                           QByteArray(reinterpret_cast<const char*>(&n), 8) + QByteArray::fromStdString(text) + data);
        };
        const QByteArray data = good.mid(8 + static_cast<qsizetype>(headerLength));

        test::writeAll(model + "/model.safetensors", good.left(good.size() - 4096));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "lies outside the file");

        auto i8 = header;
        i8["model.norm.weight"]["dtype"] = "I8";
        writeWith(i8, data);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "'model.norm.weight' has dtype I8");

        auto shape = header;
        shape["model.layers.2.mlp.up_proj.weight"]["shape"] = {172, 32};
        writeWith(shape, data);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "model.layers.2.mlp.up_proj.weight");

        // An extra tensor with bytes of its own after the rest (one sharing another's bytes is
        // refused as overlapping: test_hostile_files).
        auto extra = header;
        auto qNorm = header["model.norm.weight"];
        const auto normBytes = qNorm["data_offsets"][1].get<std::uint64_t>() - qNorm["data_offsets"][0].get<std::uint64_t>();
        qNorm["data_offsets"] = {static_cast<std::uint64_t>(data.size()), static_cast<std::uint64_t>(data.size()) + normBytes};
        extra["model.layers.0.self_attn.q_norm.weight"] = qNorm;
        writeWith(extra, data + QByteArray(static_cast<qsizetype>(normBytes), '\0'));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "unexpected tensor 'model.layers.0.self_attn.q_norm.weight'");

        // A tensor left out of the header leaves bytes that no tensor covers.
        auto dropped = header;
        dropped.erase("model.layers.3.self_attn.v_proj.weight");
        writeWith(dropped, data);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "tensors must be contiguous, without gaps");

        test::writeAll(model + "/model.safetensors", QByteArray("\xff\xff\xff\xff\xff\xff\xff\x0f garbage", 17));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "model.safetensors");

        std::string bad = "{not json";
        const std::uint64_t n = bad.size();
        test::writeAll(model + "/model.safetensors", QByteArray(reinterpret_cast<const char*>(&n), 8) + QByteArray::fromStdString(bad));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(model.toStdString()), "invalid JSON header");
    }

    void writerIsAtomic()
    {
        // A failing export leaves no half-written file behind under the real name.
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.safetensors").toStdString();
        SafetensorsEntry e{"t", DType::F32, {4}, [](const auto& write) {
                               const float v[2] = {1, 2};
                               write(v, sizeof v);  // half of what the shape needs
                           }};
        QVERIFY_THROWS_EXCEPTION(std::exception, writeSafetensors(path, {e}, {}));
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
    }
};

QTEST_APPLESS_MAIN(TestHfFormat)
#include "test_hf_format.moc"
