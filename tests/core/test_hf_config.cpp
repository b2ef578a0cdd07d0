// config.json as every transformers version (4.28 to 5.x) has written it: each spelling of the
// RoPE base and scaling read as transformers reads it, where each value came from, and every
// field that asks for math the engine does not do refused in one line that names it. The
// forward pass on such folders is checked against transformers itself in test_hf_reference.
#include "hf_fixture.h"
#include "model/checkpoint_loader.h"
#include "model/hf_config.h"
#include "model/hf_loader.h"
#include "model/safetensors.h"
#include "tokenizer/bos_convention.h"
#include "tokenizer/tokenizer.h"

#include <QTemporaryDir>
#include <QTest>
#include <nlohmann/json.hpp>

using namespace spectro;
using json = nlohmann::json;

namespace {

// A LLaMa config with nothing but the required fields, as transformers 4.28 wrote the minimum.
json base()
{
    return {{"hidden_size", 64},        {"intermediate_size", 128}, {"num_hidden_layers", 2},
            {"num_attention_heads", 8}, {"vocab_size", 512},        {"model_type", "llama"}};
}

ModelConfig read(const json& j)
{
    return interpretHuggingFaceConfig(j, "m/config.json");
}

json with(json j, const json& patch)
{
    j.merge_patch(patch);
    return j;
}

} // namespace

class TestHfConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultsAndTheirSources()
    {
        const ModelConfig c = read(base());
        QCOMPARE(c.ropeTheta, 10000.0);
        QCOMPARE(c.sources.at("rope_theta"), std::string("default 10000"));
        QCOMPARE(c.rope.type, RopeType::Default);
        QCOMPARE(c.nKvHeads, 8);
        QCOMPARE(c.headDim(), 8);
        QCOMPARE(c.explicitHeadDim, 0);
        QCOMPARE(c.maxSeqLen, 2048);
        QCOMPARE(c.normEps, 1e-6);
        QCOMPARE(c.slidingWindow, 0);
        QVERIFY(!c.tiedEmbeddings);
    }

    void ropeThetaInEverySpelling()
    {
        // 5.x: rope_parameters, no top-level rope_theta.
        auto c = read(with(base(), {{"rope_parameters", {{"rope_type", "default"}, {"rope_theta", 500000.0}}}}));
        QCOMPARE(c.ropeTheta, 500000.0);
        QCOMPARE(c.sources.at("rope_theta"), std::string("rope_parameters"));
        // 4.x: top-level rope_theta, rope_scaling null.
        c = read(with(base(), {{"rope_theta", 1000000.0}, {"rope_scaling", nullptr}}));
        QCOMPARE(c.ropeTheta, 1000000.0);
        QCOMPARE(c.sources.at("rope_theta"), std::string("rope_theta"));
        // The dict's theta wins over the top-level one (transformers' setdefault).
        c = read(with(base(), {{"rope_theta", 10000.0}, {"rope_parameters", {{"rope_theta", 500000.0}}}}));
        QCOMPARE(c.ropeTheta, 500000.0);
        // An empty rope_parameters dict falls back to the top-level value.
        c = read(with(base(), {{"rope_theta", 250000.0}, {"rope_parameters", json::object()}}));
        QCOMPARE(c.ropeTheta, 250000.0);
    }

    void linearScalingInEverySpelling()
    {
        for (const json& scaling : {json{{"type", "linear"}, {"factor", 4.0}},         // 4.3x
                                    json{{"rope_type", "linear"}, {"factor", 4.0}}}) { // 4.4x
            const auto c = read(with(base(), {{"rope_theta", 10000.0}, {"rope_scaling", scaling}}));
            QCOMPARE(c.rope.type, RopeType::Linear);
            QCOMPARE(c.rope.factor, 4.0);
        }
        const auto c =
            read(with(base(), {{"rope_parameters", {{"rope_type", "linear"}, {"factor", 2.0}, {"rope_theta", 1e4}}}}));
        QCOMPARE(c.rope.type, RopeType::Linear);
        QCOMPARE(c.sources.at("rope_type"), std::string("rope_parameters.rope_type"));
        SPECTRO_VERIFY_ERROR(read(with(base(), {{"rope_scaling", {{"type", "linear"}}}})),
                             "'rope_scaling.factor' is missing");
    }

    void llama3Scaling()
    {
        const json llama31 = {{"rope_type", "llama3"},
                              {"factor", 8.0},
                              {"low_freq_factor", 1.0},
                              {"high_freq_factor", 4.0},
                              {"original_max_position_embeddings", 8192}};
        auto c = read(
            with(base(), {{"rope_theta", 500000.0}, {"max_position_embeddings", 131072}, {"rope_scaling", llama31}}));
        QCOMPARE(c.rope.type, RopeType::Llama3);
        QCOMPARE(c.rope.factor, 8.0);
        QCOMPARE(c.rope.highFreqFactor, 4.0);
        QCOMPARE(c.rope.originalMaxPositions, 8192);
        QCOMPARE(c.ropeTheta, 500000.0);
        // Without original_max_position_embeddings transformers takes max_position_embeddings; a
        // top-level one (Phi-3's spelling) wins over the dict's.
        json noOriginal = llama31;
        noOriginal.erase("original_max_position_embeddings");
        c = read(with(base(), {{"max_position_embeddings", 4096}, {"rope_scaling", noOriginal}}));
        QCOMPARE(c.rope.originalMaxPositions, 4096);
        c = read(with(base(), {{"original_max_position_embeddings", 2048}, {"rope_scaling", llama31}}));
        QCOMPARE(c.rope.originalMaxPositions, 2048);
        json noHigh = llama31;
        noHigh.erase("high_freq_factor");
        SPECTRO_VERIFY_ERROR(read(with(base(), {{"rope_scaling", noHigh}})),
                             "'rope_scaling.high_freq_factor' is missing");
    }

    void ropeKindsThatAreRefused_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("needle");
        QTest::newRow("dynamic") << QByteArray(R"({"rope_scaling": {"type": "dynamic", "factor": 2.0}})")
                                 << "field 'rope_scaling.type' is \"dynamic\"";
        QTest::newRow("yarn") << QByteArray(
                                     R"({"rope_parameters": {"rope_type": "yarn", "factor": 4.0, "rope_theta": 1e4}})")
                              << "field 'rope_parameters.rope_type' is \"yarn\"";
        QTest::newRow("longrope")
            << QByteArray(R"({"rope_scaling": {"rope_type": "longrope", "short_factor": [1], "long_factor": [1]}})")
            << "'rope_scaling.rope_type' is \"longrope\"";
        QTest::newRow("unknown") << QByteArray(R"({"rope_parameters": {"rope_type": "su"}})")
                                 << "\"su\"; supported: default, linear, llama3";
        QTest::newRow("per layer type")
            << QByteArray(
                   R"({"rope_parameters": {"full_attention": {"rope_type": "default"}, "sliding_attention": {"rope_type": "default"}}})")
            << "field 'rope_parameters' is {";
        QTest::newRow("partial rotary") << QByteArray(R"({"partial_rotary_factor": 0.5})")
                                        << "field 'partial_rotary_factor' is 0.5";
        QTest::newRow("partial rotary in dict")
            << QByteArray(R"({"rope_parameters": {"rope_type": "default", "partial_rotary_factor": 0.25}})")
            << "'rope_parameters.partial_rotary_factor' is 0.25";
        QTest::newRow("two dicts")
            << QByteArray(
                   R"({"rope_scaling": {"type": "linear", "factor": 2}, "rope_parameters": {"rope_theta": 1e4}})")
            << "'rope_scaling' and 'rope_parameters' are both set and differ";
        QTest::newRow("not a dict") << QByteArray(R"({"rope_scaling": "linear"})")
                                    << "'rope_scaling' must be an object";
    }
    void ropeKindsThatAreRefused() { refused(); }

    void otherMathThatIsRefused_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("needle");
        QTest::newRow("attention_bias") << QByteArray(R"({"attention_bias": true})")
                                        << "field 'attention_bias' is true";
        QTest::newRow("mlp_bias") << QByteArray(R"({"mlp_bias": true})") << "field 'mlp_bias' is true";
        QTest::newRow("gelu") << QByteArray(R"({"hidden_act": "gelu"})") << "field 'hidden_act' is \"gelu\"; only silu";
        QTest::newRow("mixtral experts") << QByteArray(R"({"num_local_experts": 8})")
                                         << "field 'num_local_experts' is 8";
        QTest::newRow("experts") << QByteArray(R"({"num_experts": 64})") << "'num_experts' is 64; mixture-of-experts";
        QTest::newRow("sliding layers") << QByteArray(R"({"layer_types": ["full_attention", "sliding_attention"]})")
                                        << "field 'layer_types'";
        QTest::newRow("qwen2") << QByteArray(R"({"model_type": "qwen2"})") << "field 'model_type' is \"qwen2\"";
        QTest::newRow("architecture") << QByteArray(R"({"architectures": ["LlamaForSequenceClassification"]})")
                                      << "field 'architectures'";
        QTest::newRow("theta text") << QByteArray(R"({"rope_theta": "1e6"})") << "'rope_theta' must be a number";
        QTest::newRow("odd head_dim") << QByteArray(R"({"head_dim": 7})") << "'head_dim' = 7";
    }
    void otherMathThatIsRefused() { refused(); }

    void fieldsThatMeanDefaults()
    {
        // null is absent (LlamaConfig: num_key_value_heads None = heads); swish is silu;
        // experts set to 0 or null are no experts; a sliding window that is off is none.
        const auto c = read(with(base(), {{"num_key_value_heads", nullptr},
                                          {"hidden_act", "swish"},
                                          {"num_local_experts", 0},
                                          {"attention_bias", false},
                                          {"sliding_window", 4096},
                                          {"use_sliding_window", false},
                                          {"torch_dtype", "bfloat16"},
                                          {"pretraining_tp", 2},
                                          {"layer_types", {"full_attention", "full_attention"}}}));
        QCOMPARE(c.nKvHeads, 8);
        QVERIFY(c.sources.at("n_kv_heads").find("null") != std::string::npos);
        QCOMPARE(c.slidingWindow, 0);
    }

    void headDimAndMistral()
    {
        // transformers 5 writes head_dim even when it is hidden_size / heads.
        auto c = read(with(base(), {{"head_dim", 8}}));
        QCOMPARE(c.explicitHeadDim, 0);
        QCOMPARE(c.sources.at("head_dim"), std::string("head_dim"));
        // Mistral-style: wider heads than hidden_size / heads.
        c = read(with(base(), {{"model_type", "mistral"},
                               {"architectures", {"MistralForCausalLM"}},
                               {"head_dim", 16},
                               {"num_key_value_heads", 2},
                               {"sliding_window", 4096},
                               {"eos_token_id", {2, 7}}}));
        QCOMPARE(c.headDim(), 16);
        QCOMPARE(c.queryDim(), 128);
        QCOMPARE(c.kvDim(), 32);
        QCOMPARE(c.slidingWindow, 4096);
        QCOMPARE(c.eosId, 2); // the first of LLaMa-3-style lists
    }

    // Shapes follow head_dim: a Mistral folder whose config says head_dim 8 is refused by tensor.
    void headDimIsCheckedAgainstTheTensors()
    {
        QTemporaryDir tmp;
        const std::string dir = test::HfFixture::load("mistral_head_dim").copyTo(tmp.path());
        test::HfFixture::editConfig(dir, [](json& c) { c["head_dim"] = 8; });
        SPECTRO_VERIFY_ERROR(loadCheckpoint(dir),
                             "'model.layers.0.self_attn.q_proj.weight' has shape [64, 32], expected [32, 32]");
    }

    void biasTensorsAreRefusedByName()
    {
        QTemporaryDir tmp;
        const std::string file = test::HfFixture::load("rope_parameters").copyTo(tmp.path()) + "/model.safetensors";
        // Rename one header entry: model.norm.weight's bytes become a q_proj bias (the tensors stay
        // contiguous, so the bias is what the loader meets).
        const QByteArray bytes = test::readAll(file);
        std::uint64_t n;
        std::memcpy(&n, bytes.data(), 8);
        auto header = json::parse(bytes.mid(8, static_cast<qsizetype>(n)).toStdString());
        header["model.layers.0.self_attn.q_proj.bias"] = header["model.norm.weight"];
        header.erase("model.norm.weight");
        const std::string text = header.dump();
        const std::uint64_t m = text.size();
        test::writeAll(QString::fromStdString(file), QByteArray(reinterpret_cast<const char*>(&m), 8) +
                                                         QByteArray::fromStdString(text) +
                                                         bytes.mid(8 + static_cast<qsizetype>(n)));
        SPECTRO_VERIFY_ERROR(loadCheckpoint(file.substr(0, file.rfind('/'))),
                             "tensor 'model.layers.0.self_attn.q_proj.bias' is a bias");
    }

    void tokenizerJsonAloneSaysWhatIsMissing()
    {
        QTemporaryDir tmp;
        const std::string dir = test::HfFixture::load("rope_parameters").copyTo(tmp.path());
        test::writeAll(QString::fromStdString(dir + "/tokenizer.json"), R"({"model": {"type": "BPE"}})");
        const Checkpoint ckpt = loadCheckpoint(dir);
        QVERIFY(!findTokenizer(ckpt)); // never a vocabulary from elsewhere
        const std::string why = missingTokenizerReason(ckpt);
        QVERIFY2(why.find("tokenizer.model is missing") != std::string::npos, why.c_str());
        QVERIFY2(why.find("tokenizer.json") != std::string::npos, why.c_str());
        QVERIFY(why.find('\n') == std::string::npos);
    }

    void addBosTokenIsRead()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        QCOMPARE(readAddBosToken(dir), std::optional<bool>());
        test::writeAll(tmp.filePath("tokenizer_config.json"), R"({"add_bos_token": false, "add_eos_token": false})");
        QCOMPARE(readAddBosToken(dir), std::optional<bool>(false));
        test::writeAll(tmp.filePath("tokenizer_config.json"), R"({"tokenizer_class": "LlamaTokenizer"})");
        QCOMPARE(readAddBosToken(dir), std::optional<bool>());
        test::writeAll(tmp.filePath("tokenizer_config.json"), R"({"add_bos_token": "no"})");
        SPECTRO_VERIFY_ERROR(readAddBosToken(dir), "field 'add_bos_token' must be true or false");
    }

private:
    void refused()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, needle);
        const json config = with(base(), json::parse(patch.toStdString()));
        const QByteArray expected = needle.toUtf8();
        SPECTRO_VERIFY_ERROR(read(config), expected.constData());
        SPECTRO_VERIFY_ERROR(read(config), "m/config.json: ");
    }
};

QTEST_GUILESS_MAIN(TestHfConfig)
#include "test_hf_config.moc"
