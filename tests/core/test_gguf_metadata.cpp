// GGUF metadata that changes the math (llama.rope.*, llama.attention.key_length, the
// rope_freqs.weight tensor, tokenizer.ggml.*). Each transformers fixture of tests/fixtures/hf,
// re-written here as llama.cpp's converter lays it out (linear scaling as llama.rope.scaling.*,
// LLaMa-3.1's as rope_freqs.weight divisors, Mistral's head_dim as key_length), must give
// transformers' logits; keys the engine cannot honour are refused in one line naming them.
#include "engine/transformer.h"
#include "gguf_builder.h"
#include "hf_fixture.h"
#include "model/checkpoint_loader.h"
#include "model/hf_writer.h"
#include "tokenizer/tokenizer.h"
#include "util/log.h"

#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace spectro;
using spectro::test::GgufFile;
using spectro::test::HfFixture;

namespace {

constexpr double kTolerance = 1e-5; // of the reference's range

std::uint32_t ggmlType(const std::string& storedDType)
{
    return storedDType == "f16" ? 1 : storedDType == "bf16" ? 30 : 0;
}

// The fixture's weights and config as llama.cpp's convert_hf_to_gguf.py writes them.
GgufFile asGguf(const HfFixture& f, const Checkpoint& hf, test::LlamaGgufOptions options = {})
{
    const ModelConfig& c = hf.config;
    options.matrixType = ggmlType(hf.storedDType);
    options.output = !c.tiedEmbeddings;
    GgufFile g = test::llamaGguf(hf, options);
    g.kvU32("llama.rope.dimension_count", static_cast<std::uint32_t>(c.headDim()));
    if (c.rope.type == RopeType::Linear) {
        g.kvStr("llama.rope.scaling.type", "linear");
        g.kvF32("llama.rope.scaling.factor", static_cast<float>(c.rope.factor));
    } else if (c.rope.type == RopeType::Llama3) {
        // The converter's rope_freqs: theta^(-2i/hd) over the llama3 frequency, here from the
        // generator's float64 llama3 formula (not from the code under test).
        const auto llama3 = f.manifest.at("inv_freq_ref64").get<std::vector<double>>();
        std::vector<float> divisors;
        for (std::size_t i = 0; i < llama3.size(); ++i) {
            divisors.push_back(
                static_cast<float>(std::pow(c.ropeTheta, -2.0 * static_cast<double>(i) / c.headDim()) / llama3[i]));
        }
        g.tensor("rope_freqs.weight", {static_cast<std::int64_t>(divisors.size())}, 0, divisors);
    }
    return g;
}

std::string write(const QTemporaryDir& dir, const char* name, const QByteArray& bytes)
{
    test::writeAll(dir.filePath(name), bytes);
    return dir.filePath(name).toStdString();
}

double logitsError(const Checkpoint& gguf, const HfFixture& f)
{
    const Transformer model(std::make_shared<const Checkpoint>(gguf));
    ForwardRequest r;
    r.samples = {f.ids()};
    r.taps = TapSet::parse("logits");
    const SampleTaps out = model.forward(r).at(0);
    return test::errorOverRange(out.logits.data.data(), out.logits.data.size(), f.array("logits").values);
}

// A SentencePiece-style vocabulary of `size` pieces: <unk>, <s>, </s>, the 256 byte pieces, a
// few letters, filler.
std::vector<std::string> syntheticVocabulary(int size)
{
    std::vector<std::string> pieces = {"<unk>", "<s>", "</s>"};
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        pieces.emplace_back(name);
    }
    for (const char* p : {"\xe2\x96\x81", "a", "b",
                          "\xe2\x96\x81"
                          "a"})
        pieces.emplace_back(p);
    while (static_cast<int>(pieces.size()) < size) {
        char filler[16];
        std::snprintf(filler, sizeof filler, "x%zu", pieces.size());
        pieces.emplace_back(filler);
    }
    return pieces;
}

// The rope_parameters fixture as GGUF with extra keys: the base of the refusal tests.
struct Base {
    HfFixture fixture = HfFixture::load("rope_parameters");
    Checkpoint hf = loadCheckpoint(fixture.folder);
    QTemporaryDir dir;
    std::string with(const std::function<void(GgufFile&)>& extra, test::LlamaGgufOptions options = {})
    {
        GgufFile g = asGguf(fixture, hf, options);
        extra(g);
        return write(dir, "m.gguf", g.bytes());
    }
};

} // namespace

class TestGgufMetadata : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFixtureAsGgufMatchesTransformers_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto& name : test::hfFixtureNames()) QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }
    void everyFixtureAsGgufMatchesTransformers()
    {
        QFETCH(QString, name);
        const HfFixture f = HfFixture::load(name.toStdString());
        const Checkpoint hf = loadCheckpoint(f.folder);
        QTemporaryDir dir;
        const Checkpoint gguf = loadCheckpoint(write(dir, "m.gguf", asGguf(f, hf).bytes()));
        const ModelConfig& c = gguf.config;
        QCOMPARE(c.ropeTheta, hf.config.ropeTheta);
        QCOMPARE(c.sources.at("rope_theta"), std::string("llama.rope.freq_base"));
        QCOMPARE(c.headDim(), hf.config.headDim());
        QCOMPARE(c.tiedEmbeddings, hf.config.tiedEmbeddings); // output.weight left out when tied
        if (hf.config.rope.type == RopeType::Llama3) {
            QCOMPARE(c.rope.freqDivisors.size(), static_cast<std::size_t>(c.headDim() / 2));
            QCOMPARE(c.sources.at("rope_freq_divisors"), std::string("rope_freqs.weight"));
        } else {
            QCOMPARE(c.rope.type, hf.config.rope.type);
        }
        if (!c.rope.freqDivisors.empty()) {  // no config.json field holds them: no silent export
            QTemporaryDir out;
            SPECTRO_VERIFY_ERROR(writeHuggingFace(gguf, out.filePath("hf").toStdString()), "rope_freqs.weight");
        }
        const double error = logitsError(gguf, f);
        qInfo("%s as GGUF: logits error / range = %.2e", f.name.c_str(), error);
        QVERIFY(error <= kTolerance);
    }

    // Older converters wrote linear scaling as llama.rope.scale_linear.
    void legacyScaleLinear()
    {
        const HfFixture f = HfFixture::load("linear");
        Checkpoint hf = loadCheckpoint(f.folder);
        const double factor = hf.config.rope.factor;
        hf.config.rope = {}; // so that asGguf writes no scaling.* keys
        GgufFile g = asGguf(f, hf);
        g.kvF32("llama.rope.scale_linear", static_cast<float>(factor));
        QTemporaryDir dir;
        const Checkpoint gguf = loadCheckpoint(write(dir, "m.gguf", g.bytes()));
        QCOMPARE(gguf.config.rope.type, RopeType::Linear);
        QCOMPARE(gguf.config.rope.factor, factor);
        QVERIFY(logitsError(gguf, f) <= kTolerance);
    }

    void missingFreqBaseWarns()
    {
        Base b;
        std::vector<std::string> warnings;
        setWarningSink([&](const std::string& w) { warnings.push_back(w); });
        const Checkpoint gguf = loadCheckpoint(b.with([](GgufFile&) {}, {.freqBase = false}));
        setWarningSink({});
        QCOMPARE(gguf.config.ropeTheta, 10000.0);
        QVERIFY(gguf.config.sources.at("rope_theta").find("missing") != std::string::npos);
        QCOMPARE(warnings.size(), std::size_t{1});
        QVERIFY(warnings[0].find("'llama.rope.freq_base' is missing") != std::string::npos);
    }

    void keysThatAreRefused()
    {
        Base b;
        SPECTRO_VERIFY_ERROR(loadCheckpoint(b.with([](GgufFile& g) { g.kvU32("llama.expert_count", 8); })),
                             "metadata 'llama.expert_count' = 8");
        SPECTRO_VERIFY_ERROR(loadCheckpoint(b.with([](GgufFile& g) { g.kvStr("llama.rope.scaling.type", "yarn"); })),
                             "metadata 'llama.rope.scaling.type' is 'yarn'");
        SPECTRO_VERIFY_ERROR(loadCheckpoint(b.with([](GgufFile&) {}, {.headCountPerLayer = true})),
                             "metadata 'llama.attention.head_count' holds one value per layer");
        SPECTRO_VERIFY_ERROR(loadCheckpoint(b.with([](GgufFile& g) {
                                 g.kvU32("llama.attention.key_length", 8);
                                 g.kvU32("llama.attention.value_length", 16);
                             })),
                             "'llama.attention.key_length' = 8 differs from 'llama.attention.value_length' = 16");
        SPECTRO_VERIFY_ERROR(loadCheckpoint(b.with([](GgufFile& g) {
                                 g.tensor("rope_freqs.weight", {3}, 0, {1, 2, 3});
                             })),
                             "RoPE frequency divisors have 3 values, expected head_dim / 2 = 4");
    }

    void ropeDimensionCountMustBeTheHeadWidth()
    {
        // asGguf writes dimension_count = head_dim; a second file says 4 (partial RoPE).
        const HfFixture f = HfFixture::load("rope_parameters");
        const Checkpoint hf = loadCheckpoint(f.folder);
        GgufFile g = test::llamaGguf(hf);
        g.kvU32("llama.rope.dimension_count", 4);
        QTemporaryDir dir;
        SPECTRO_VERIFY_ERROR(loadCheckpoint(write(dir, "m.gguf", g.bytes())),
                             "metadata 'llama.rope.dimension_count' = 4 differs from the head width 8");
    }

    void tokenizerMetadata()
    {
        Base b;
        const auto pieces = syntheticVocabulary(b.hf.config.vocabSize);
        auto vocabulary = [&](const std::string& model) {
            return [&, model](GgufFile& g) {
                g.kvStr("tokenizer.ggml.model", model);
                g.kvStrArray("tokenizer.ggml.tokens", pieces);
            };
        };
        // SentencePiece-style: BoS by default, none with add_bos_token false.
        auto tokenizer = findTokenizer(loadCheckpoint(b.with(vocabulary("llama"))));
        QVERIFY(tokenizer && tokenizer->addsBos());
        QCOMPARE(tokenizer->encode("ab", true).front(), 1);
        tokenizer = findTokenizer(loadCheckpoint(b.with([&](GgufFile& g) {
            vocabulary("llama")(g);
            g.kvBool("tokenizer.ggml.add_bos_token", false);
        })));
        QVERIFY(tokenizer && !tokenizer->addsBos());
        QVERIFY(tokenizer->encode("ab", true).front() != 1);
        QCOMPARE(tokenizer->encode("ab", true), tokenizer->encode("ab", false));
        // Ids outside the vocabulary.
        SPECTRO_VERIFY_ERROR(loadCheckpoint(b.with([&](GgufFile& g) {
                                 vocabulary("llama")(g);
                                 g.kvU32("tokenizer.ggml.bos_token_id", 600);
                             })),
                             "bos_token_id = 600 lies outside the vocabulary of 512 pieces");
        // Byte-level BPE (LLaMa-3's): the weights load, the tokenizer is refused by name.
        const Checkpoint bpe = loadCheckpoint(b.with(vocabulary("gpt2")));
        QVERIFY(!bpe.vocabulary);
        QVERIFY(!findTokenizer(bpe));
        const std::string why = missingTokenizerReason(bpe);
        QVERIFY2(why.find("tokenizer.ggml.model 'gpt2' (byte-level BPE)") != std::string::npos, why.c_str());
    }
};

QTEST_GUILESS_MAIN(TestGgufMetadata)
#include "test_gguf_metadata.moc"
