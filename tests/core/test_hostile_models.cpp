// Hostile checkpoints, one test per class of docs/reliability.md: each hand-built file
// (tests/hostile_files.h) must be refused with one line naming the file and the field, or, for
// NaN weights, load with a warning naming the tensor. Nothing may crash, hang or be accepted
// silently. The untouched builders' files load, so every refusal is the damage's doing.
#include "hostile_files.h"
#include "io/mapped_file.h"
#include "model/checkpoint_loader.h"
#include "model/gguf_loader.h"
#include "model/hf_loader.h"
#include "model/weight_checks.h"
#include "test_support.h"
#include "util/log.h"

#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace spectro;
namespace h = spectro::hostile;

namespace {

// Loads `bytes` as a file named `name` in `dir`.
Checkpoint loadBytes(const QTemporaryDir& dir, const std::string& name, const std::string& bytes)
{
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    h::writeFile(path, bytes);
    return loadCheckpoint(path);
}

// Collects warnings while alive.
struct Warnings {
    std::vector<std::string> lines;
    Warnings()
    {
        setWarningSink([this](const std::string& m) { lines.push_back(m); });
    }
    ~Warnings() { setWarningSink({}); }
};

} // namespace

class TestHostileModels : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

private Q_SLOTS:
    void buildersMakeLoadableModels()
    {
        const Checkpoint g = loadBytes(dir, "good.gguf", h::gguf());
        QCOMPARE(g.config.dim, h::kDim);
        QCOMPARE(g.vocabulary->pieces.size(), h::tinyPieces().size());
        const Checkpoint b = loadBytes(dir, "good.bin", h::llama2c());
        QCOMPARE(b.config.vocabSize, h::kVocab);
        const std::string hf = dir.filePath("hf-good").toStdString();
        h::writeHfModel(hf);
        const Checkpoint s = loadCheckpoint(hf);
        QCOMPARE(s.config.hiddenDim, h::kHidden);
        // All three hold the same weights, written independently of the loaders.
        QCOMPARE(g.tensor("layers.0.w2").toFloat(), b.tensor("layers.0.w2").toFloat());
        QCOMPARE(s.tensor("layers.0.w2").toFloat(), b.tensor("layers.0.w2").toFloat());
        const std::string sharded = dir.filePath("hf-sharded").toStdString();
        h::writeHfModel(sharded, h::tinyConfigJson(), {}, "model-00001-of-00001.safetensors");
        QCOMPARE(loadCheckpoint(sharded).tensors.size(), s.tensors.size());
    }

    // ------------------------------------------------------------------ crashes
    void deeplyNestedConfigJson()
    {
        const std::string hf = dir.filePath("deep").toStdString();
        h::writeHfModel(hf, h::tinyConfigJson({{"nested", h::deepJson(100000)}}));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "config.json: invalid JSON: nested deeper than 64 levels at byte");
        // 64 levels are fine (the cap counts the config object itself).
        h::writeHfModel(hf, h::tinyConfigJson({{"nested", h::deepJson(63)}}));
        QCOMPARE(loadCheckpoint(hf).config.dim, h::kDim);
    }

    void longTensorNames()
    {
        // GGUF caps names at 64 bytes (its specification); safetensors at 64 KiB, and shorter
        // unknown names are refused by name, parsed without std::regex.
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "long.gguf", h::gguf([](auto& o) { o.renameQ = std::string(30000, 'q'); })),
                             "name of tensor 4 is 30000 bytes long, more than the 64 allowed");
        const std::string hf = dir.filePath("long-st").toStdString();
        h::writeHfModel(hf, h::tinyConfigJson(), h::safetensorsOptions([](auto& o) {
                            o.extraName = "model.layers.0." + std::string(30000, 'x') + ".weight";
                        }));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "unexpected tensor 'model.layers.0.xxxx");
        h::writeHfModel(hf, h::tinyConfigJson(),
                        h::safetensorsOptions([](auto& o) { o.extraName = std::string(70000, 'y'); }));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "tensor name of 70000 bytes (at most 65536)");
    }

    // ------------------------------------------------------------------ hangs
    void fifosAreRefused()
    {
        const std::string fifoModel = dir.filePath("fifo.gguf").toStdString();
        QCOMPARE(::mkfifo(fifoModel.c_str(), 0600), 0);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(fifoModel), "fifo.gguf: is a FIFO, not a regular file");
        const std::string hf = dir.filePath("fifo-config").toStdString();
        h::writeHfModel(hf);
        QFile::remove(QString::fromStdString(hf + "/config.json"));
        QCOMPARE(::mkfifo((hf + "/config.json").c_str(), 0600), 0);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "config.json: is a FIFO, not a regular file");
        QFile::remove(QString::fromStdString(hf + "/config.json"));
        h::writeFile(hf + "/config.json", h::tinyConfigJson());
        QFile::remove(QString::fromStdString(hf + "/model.safetensors"));
        QCOMPARE(::mkfifo((hf + "/model.safetensors").c_str(), 0600), 0);
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "model.safetensors: is a FIFO, not a regular file");
    }

    // ------------------------------------------------------------------ silent acceptances
    void integersThatWrap()
    {
        const std::string hf = dir.filePath("wrap").toStdString();
        h::writeHfModel(hf, h::tinyConfigJson({{"hidden_size", "4294967304"}})); // 2^32 + 8
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "field 'hidden_size' = 4294967304 does not fit a 32-bit integer");
        h::writeHfModel(hf, h::tinyConfigJson({{"vocab_size", "-4294967288"}}));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "field 'vocab_size' = -4294967288 does not fit");
        h::writeHfModel(hf, h::tinyConfigJson({{"bos_token_id", "4294967297"}}));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "field 'bos_token_id' = 4294967297 does not fit");
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "wrap.gguf", h::gguf([](auto& o) {
                                           o.embeddingLength = (1ull << 32) + 8;
                                           o.embeddingLengthU64 = true;
                                       })),
                             "metadata 'llama.embedding_length' = 4294967304 does not fit a 32-bit integer");
        h::Llama2cOptions minVocab;
        minVocab.header[5] = INT32_MIN; // -INT_MIN overflowed
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "wrap.bin", h::llama2c(minVocab)), "field 'vocab_size' = 0 is invalid");
    }

    void duplicateKeysAndNames()
    {
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "dupkey.gguf", h::gguf([](auto& o) { o.duplicateKey = true; })),
                             "metadata key 'llama.block_count' appears twice");
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "duptensor.gguf", h::gguf([](auto& o) { o.duplicateTensor = true; })),
                             "tensor 'blk.0.attn_q.weight' appears twice");
        // Two spellings of one layer would alias one canonical tensor.
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "alias.gguf", h::gguf([](auto& o) { o.renameQ = "blk.00.attn_q.weight"; })),
                             "unexpected tensor 'blk.00.attn_q.weight'");
        const std::string hf = dir.filePath("dup").toStdString();
        h::writeHfModel(hf, h::tinyConfigJson(), h::safetensorsOptions([](auto& o) { o.duplicateName = true; }));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf),
                             "model.safetensors: invalid JSON header: duplicate key 'model.norm.weight'");
        h::writeFile(hf + "/config.json", "{\"hidden_size\": 8, " + h::tinyConfigJson().substr(1));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "config.json: invalid JSON: duplicate key 'hidden_size'");
    }

    void overlappingTensors()
    {
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "overlap.gguf", h::gguf([](auto& o) { o.overlap = true; })),
                             "tensors 'blk.0.attn_q.weight' and 'blk.0.attn_k.weight' overlap");
        const std::string hf = dir.filePath("overlap").toStdString();
        h::writeHfModel(hf, h::tinyConfigJson(), h::safetensorsOptions([](auto& o) { o.overlap = true; }));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "tensors must be contiguous, without overlap");
    }

    void specialIdsOutsideTheVocabulary()
    {
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "bos.gguf", h::gguf([](auto& o) { o.bosId = 8; })),
                             "bos_token_id = 8 lies outside the vocabulary of 8 pieces");
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "eos.gguf", h::gguf([](auto& o) { o.eosId = 1000; })),
                             "eos_token_id = 1000 lies outside");
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "unk.gguf", h::gguf([](auto& o) { o.unkId = 9; })),
                             "unknown_token_id = 9 lies outside");
        const std::string hf = dir.filePath("ids").toStdString();
        h::writeHfModel(hf, h::tinyConfigJson({{"eos_token_id", "99999"}}));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "eos_token_id = 99999 lies outside the vocabulary of 8 pieces");
    }

    void shardsOutsideTheModelFolder()
    {
        for (const std::string shard :
             {"../outside.safetensors", "/etc/passwd", "sub/../../x.safetensors", "./a/./b"}) {
            const std::string hf = dir.filePath("shard").toStdString();
            QDir(QString::fromStdString(hf)).removeRecursively();
            h::writeHfModel(hf, h::tinyConfigJson(), {}, shard);
            SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "is not a file inside the model folder");
        }
        // Index and shards must agree.
        const std::string hf = dir.filePath("disagree").toStdString();
        h::writeHfModel(hf, h::tinyConfigJson(),
                        h::safetensorsOptions([](auto& o) { o.extraName = "model.layers.0.extra.weight"; }),
                        "m.safetensors");
        SPECTRO_VERIFY_ERROR(loadCheckpoint(hf), "holds tensor 'model.layers.0.extra.weight', which "
                                                 "model.safetensors.index.json does not list");
    }

    void nanWeightsWarnNamingTheTensor()
    {
        Warnings w;
        // Only the NaN warnings: the hand-built GGUF also draws the missing-freq_base warning.
        const auto nanLines = [&] {
            std::vector<std::string> out;
            for (const auto& line : w.lines) {
                if (line.find("NaN") != std::string::npos) out.push_back(line);
            }
            return out;
        };
        const Checkpoint g = loadBytes(dir, "nan.gguf", h::gguf([](auto& o) { o.nanInQ = true; }));
        QCOMPARE(nanLines().size(), std::size_t{1});
        QVERIFY2(nanLines()[0].find("tensor 'blk.0.attn_q.weight' holds 1 NaN or infinite value (the first at element 3)") !=
                     std::string::npos,
                 nanLines()[0].c_str());
        const std::string hf = dir.filePath("nan").toStdString();
        h::writeHfModel(hf, h::tinyConfigJson(), h::safetensorsOptions([](auto& o) { o.nanWeight = true; }));
        loadCheckpoint(hf);
        QCOMPARE(nanLines().size(), std::size_t{2});
        QVERIFY2(nanLines()[1].find("'model.layers.0.self_attn.q_proj.weight' holds 1 NaN") != std::string::npos,
                 nanLines()[1].c_str());
        loadBytes(dir, "clean.gguf", h::gguf());
        QCOMPARE(nanLines().size(), std::size_t{2});
    }

    void nonFiniteCountsEveryType()
    {
        // Independent reference: std::isfinite on the widened value, for every 16-bit pattern.
        for (DType type : {DType::F16, DType::BF16}) {
            std::vector<std::uint16_t> all(65536);
            for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint16_t>(i);
            std::uint64_t expected = 0;
            for (auto bits : all) {
                const float f = type == DType::F16 ? halfToFloat(bits) : bf16ToFloat(bits);
                expected += !std::isfinite(f);
            }
            const NonFinite found = countNonFinite(type, reinterpret_cast<const std::byte*>(all.data()), all.size());
            QCOMPARE(found.count, expected);
            QCOMPARE(found.count, std::uint64_t(type == DType::F16 ? 2048 : 256));
        }
        const float values[] = {1.0f, -0.0f, INFINITY, 3.0f, -INFINITY, std::nanf("")};
        const NonFinite f = countNonFinite(DType::F32, reinterpret_cast<const std::byte*>(values), 6);
        QCOMPARE(f.count, std::uint64_t{3});
        QCOMPARE(f.first, std::uint64_t{2});
    }

    // ------------------------------------------------------------------ GGUF CVE classes
    void ggufCveClasses_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("message");
        const auto row = [](const char* name, const std::string& bytes, const char* message) {
            QTest::newRow(name) << QByteArray::fromStdString(bytes) << QString(message);
        };
        // CVE-2024-21802: a key length near 2^64 (length + 1 wrapped in the allocation).
        row("key length wraps", h::gguf([](auto& o) { o.firstKeyLength = ~0ull; }),
            "metadata key 0 is 18446744073709551615 bytes long");
        row("key length past the end", h::gguf([](auto& o) { o.firstKeyLength = 60000; }),
            "truncated while reading 'metadata key 0'");
        // CVE-2024-21825: an array of strings whose count or element length exceeds the file.
        row("string array count", h::gguf([](auto& o) { o.tokenCount = 1ull << 40; }), "claims 1099511627776 elements");
        row("string array count fits the cap", h::gguf([](auto& o) { o.tokenCount = 1u << 21; }),
            "claims 2097152 strings, more than the file holds");
        row("array count over the cap", h::gguf([](auto& o) { o.tokenCount = 1u << 23; }),
            "claims 8388608 elements (at most 4194304");
        row("string length", h::gguf([](auto& o) { o.firstTokenLength = (1ull << 63) + 5; }),
            "element 0 of tokenizer.ggml.tokens");
        row("nested array", h::gguf([](auto& o) { o.tokenArrayType = 9; }), "is an array of array");
        // CVE-2024-21836 / CVE-2026-33298: n_dims and dims whose product (times the stride) wraps.
        row("n_dims", h::gguf([](auto& o) { o.nDimsOfQ = 1u << 31; }), "has 2147483648 dimensions (expected 1..4)");
        row("negative dim", h::gguf([](auto& o) { o.firstDimOfQ = ~0ull; }),
            "has an invalid dimension 18446744073709551615");
        row("dim product wraps", h::gguf([](auto& o) {
                o.firstDimOfQ = 1ull << 40;
                o.secondDimOfQ = 1ull << 40;
            }),
            "elements, too many");
        row("zero dim", h::gguf([](auto& o) { o.firstDimOfQ = 0; }), "has an invalid dimension 0");
        // CVE-2024-23496 / -23605: counts of entries the file cannot hold.
        row("kv count", h::gguf([](auto& o) { o.kvCount = ~0ull; }), "metadata entries, more than the file can hold");
        row("tensor count", h::gguf([](auto& o) { o.tensorCount = 1ull << 62; }), "tensors and");
        // CVE-2025-53630 / CVE-2026-27940: offset + size arithmetic that wraps past the file end.
        row("offset wraps", h::gguf([](auto& o) { o.offsetOfQ = ~0ull - 31; }),
            "tensor 'blk.0.attn_q.weight' data (offset 18446744073709551584");
        row("offset past the end", h::gguf([](auto& o) { o.offsetOfQ = 1u << 30; }), "lies outside the file");
        row("alignment", h::gguf([](auto& o) { o.alignment = 1u << 31; }),
            "'general.alignment' = 2147483648 does not fit");
        row("alignment huge", h::gguf([](auto& o) { o.alignment = 1u << 30; }),
            "'general.alignment' = 1073741824 is not a power of two up to");
        row("alignment zero", h::gguf([](auto& o) { o.alignment = 0; }), "'general.alignment' = 0");
        row("version", h::gguf([](auto& o) { o.version = 4; }), "GGUF version 4 is not supported");
        row("scores short", h::gguf([](auto& o) { o.shortScores = true; }),
            "metadata 'tokenizer.ggml.scores' has 7 entries, 'tokenizer.ggml.tokens' 8");
    }
    void ggufCveClasses()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, message);
        SPECTRO_VERIFY_ERROR(loadBytes(dir, "cve.gguf", file.toStdString()), message.toStdString().c_str());
    }

    void everyTruncationIsRefused()
    {
        // Every prefix of a good file (header, metadata, tensor table, data) fails cleanly.
        const std::string good = h::gguf();
        int refused = 0;
        for (std::size_t cut = 0; cut < good.size(); cut += 7) {
            try {
                loadGguf(MappedFile::fromBytes("cut.gguf", good.substr(0, cut)));
            } catch (const Error& e) {
                ++refused;
                QVERIFY2(std::string(e.what()).starts_with("cut.gguf: "), e.what());
            }
        }
        QCOMPARE(refused, static_cast<int>((good.size() + 6) / 7));
    }
};

QTEST_APPLESS_MAIN(TestHostileModels)
#include "test_hostile_models.moc"
