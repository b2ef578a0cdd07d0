// Hostile tokenizers, one test per class of docs/reliability.md: crafted SentencePiece models
// (the normalizer charsmap of upstream issues #1269/#1272/#1267, over-long pieces of #1263,
// nested user-defined symbols of #1267, broken wire format), malformed llama2.c tokenizer.bin
// files, FIFOs, and a helper process that crashes. Controls: the hand-built models load in the
// real libsentencepiece and encode as expected, and so does a charsmap spm_train writes.
#include "hostile_files.h"
#include "model/checkpoint_loader.h"
#include "test_support.h"
#include "tokenizer/sentencepiece_model.h"
#include "tokenizer/sentencepiece_shim.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>
#include <sys/stat.h>

using namespace spectro;
namespace h = spectro::hostile;

namespace {

std::string spmWith(const std::function<void(h::SpmOptions&)>& edit)
{
    h::SpmOptions o;
    edit(o);
    return h::sentencePieceModel(o);
}

} // namespace

class TestHostileTokenizers : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

    std::string write(const std::string& name, const std::string& bytes)
    {
        const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
        h::writeFile(path, bytes);
        return path;
    }

private Q_SLOTS:
    // A broken tokenizer beside a model is named with its reason, not passed over as if the folder
    // had none ("no tokenizer found" sends the user looking for a file that is there).
    void brokenTokenizerBesideTheModelSaysWhy()
    {
        const std::string folder = dir.filePath("model-with-broken-tokenizer").toStdString();
        h::writeHfModel(folder);
        const Checkpoint ckpt = loadCheckpoint(folder);
        QVERIFY(findTokenizerFile(ckpt).empty());
        QVERIFY(missingTokenizerReason(ckpt).find("no tokenizer found") != std::string::npos);
        h::writeFile(folder + "/tokenizer.model", std::string("\x0a\xff\xff\xff\xff\x0f not a model", 17));
        QVERIFY(findTokenizerFile(ckpt).empty());
        const std::string why = missingTokenizerReason(ckpt);
        QVERIFY2(why.find("tokenizer.model") != std::string::npos, why.c_str());
        QVERIFY2(why.find("no tokenizer found") == std::string::npos, why.c_str());
        QVERIFY2(why.find('\n') == std::string::npos, why.c_str());
    }

    void handBuiltModelsLoadInTheLibrary()
    {
        const auto plain = openTokenizer(write("tiny.model", h::sentencePieceModel()));
        QCOMPARE(plain->vocabSize(), 8);
        QCOMPARE(plain->bosId(), 1);
        // "ab" with SentencePiece's dummy prefix: the unigram model's best split is "▁" + "ab"
        // (scores -3 - 7 against "▁a" + "b", -6 - 5).
        QCOMPARE(plain->encode("ab", false), (std::vector<int>{3, 7}));
        // The hand-built charsmap maps 'A' to 'a': the library reads our trie as we do.
        const auto mapped = openTokenizer(write("mapped.model", spmWith([](auto& o) {
                                                    o.charsMap = h::charsMap(h::rulesAtoLower(), std::string("a\0", 2));
                                                })));
        QCOMPARE(mapped->encode("Ab", false), (std::vector<int>{3, 7}));
        QCOMPARE(plain->encode("Ab", false).size(), std::size_t{3}); // without it 'A' is unknown
    }

    void trainedCharsMapPasses()
    {
        // spm_train's default normalizer (nmt_nfkc) writes the 237 KB charsmap of real models.
        SPECTRO_REQUIRE_SHARED();
        const std::string corpus = dir.filePath("corpus.txt").toStdString();
        h::writeFile(corpus, test::readAll(test::sharedPath("corpora/tinystories_validation_first_stories.txt"))
                                 .left(200000)
                                 .toStdString());
        const std::string prefix = dir.filePath("nfkc").toStdString();
        char error[512] = {};
        const std::string args = "--input=" + corpus + " --model_prefix=" + prefix +
                                 " --vocab_size=200 --model_type=unigram --num_threads=1 --input_sentence_size=0";
        QVERIFY2(sentencePieceShim().train(args.c_str(), error, sizeof error) == 0, error);
        const QByteArray bytes = test::readAll(prefix + ".model");
        const SentencePieceModelInfo info = checkSentencePieceModel(bytes.toStdString(), "nfkc.model");
        QVERIFY(info.hasCharsMap);
        QCOMPARE(info.pieceCount, 200);
        const auto tok = openTokenizer(prefix + ".model");
        QCOMPARE(tok->encode("\xef\xbc\xa1", false), tok->encode("A", false)); // fullwidth A, NFKC-folded
    }

    // ------------------------------------------------------------------ charsmap (the crash class)
    void craftedCharsMaps_data()
    {
        QTest::addColumn<QByteArray>("map");
        QTest::addColumn<QString>("message");
        const auto row = [](const char* name, const std::string& map, const char* message) {
            QTest::newRow(name) << QByteArray::fromStdString(map) << QString(message);
        };
        const std::string a("a\0", 2);
        auto units = h::rulesAtoLower();
        // #1272: a root that points far outside the array.
        auto root = units;
        root[0] = h::dartsUnit(1u << 20, false, 0);
        row("root out of bounds", h::charsMap(root, a),
            "the root unit points to unit 1048576, outside the trie of 512 units");
        // The trie's size checked against the blob without its 4-byte header.
        row("trie past the blob", h::charsMap(units, a, 512 * 4 + 2), "does not fit the");
        row("trie size not whole units", h::charsMap(units, a, 510 * 4 + 2), "not a multiple of 4");
        row("empty trie", h::charsMap({}, a), "the trie is empty");
        row("short header", std::string("\x01\x00", 2), "shorter than its 4-byte header");
        // #1269: a transition into a block that is not all there.
        auto partial = units;
        partial[256 ^ 'A'] = h::dartsUnit((256 ^ 'A') ^ 1024, true, 'A');
        row("child block outside", h::charsMap(partial, a), "points to unit 1024, outside the trie of 512 units");
        // A leaf that maps outside the replacement strings, or to unterminated ones.
        auto far = units;
        far[320] = h::dartsValue(1000);
        row("value outside", h::charsMap(far, a), "maps to byte 1000 of the 2 bytes of replacement strings");
        row("unterminated", h::charsMap(units, "a"), "not NUL-terminated");
        // #1267: an input matching more rules than the normalizer's 32 result slots. A chain of
        // 33 states, each reached on 'A' with a leaf: "AAA...A" matches 33 prefixes.
        std::vector<std::uint32_t> chain(256 * 35, 0);
        for (std::uint32_t i = 0; i < chain.size(); ++i) chain[i] = ((i & 0xff) + 1) & 0xff;
        chain[0] = h::dartsUnit(256, false, 0);
        for (std::uint32_t k = 0; k < 33; ++k) {
            const std::uint32_t base = 256 * (k + 1), child = base ^ 'A', next = 256 * (k + 2);
            chain[child] = h::dartsUnit(child ^ next, true, 'A');
            chain[next] = h::dartsValue(0);
        }
        row("33 matches", h::charsMap(chain, a),
            "one input can match 33 rules (the normalizer has room for 32 results)");
        // A loop through a rule: unboundedly many matches.
        auto loop = units;
        loop[256 ^ 'A'] = h::dartsUnit((256 ^ 'A') ^ 256, true, 'A');
        loop[256] = h::dartsValue(0);
        row("loop with a rule", h::charsMap(loop, a), "loops through a rule");
    }
    void craftedCharsMaps()
    {
        QFETCH(QByteArray, map);
        QFETCH(QString, message);
        const std::string path = write("crafted.model", spmWith([&](auto& o) { o.charsMap = map.toStdString(); }));
        SPECTRO_VERIFY_ERROR(openTokenizer(path), message.toStdString().c_str());
        SPECTRO_VERIFY_ERROR(openTokenizer(path), "crafted.model: normalizer_spec.precompiled_charsmap (at byte");
    }

    void loopsWithoutRulesAreHarmless()
    {
        // A walk may cycle on a byte without a leaf (it then finds nothing more): allowed.
        auto units = h::rulesAtoLower();
        units[256 ^ 'B'] = h::dartsUnit(0, false, 'B'); // 'B' leads back to the same state
        checkPrecompiledCharsMap(h::charsMap(units, std::string("a\0", 2)), "loop.model");
    }

    // ------------------------------------------------------------------ pieces and specs
    void craftedPieces_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::addColumn<QString>("message");
        const auto row = [](const char* name, const std::function<void(h::SpmOptions&)>& edit, const char* message) {
            QTest::newRow(name) << QByteArray::fromStdString(spmWith(edit)) << QString(message);
        };
        // #1263: an over-long piece made the library recurse per byte and overflow the stack.
        row(
            "long piece",
            [](auto& o) {
                o.pieces.push_back({std::string(100000, 'x'), -9, 1});
            },
            "piece 8 (at byte");
        row(
            "long piece length",
            [](auto& o) {
                o.pieces.push_back({std::string(100000, 'x'), -9, 1});
            },
            "is 100000 bytes long (at most 1024)");
        row(
            "empty piece",
            [](auto& o) {
                o.pieces.push_back({"", -9, 1});
            },
            "piece 8 (at byte");
        row(
            "duplicate piece",
            [](auto& o) {
                o.pieces.push_back({"ab", -9, 1});
            },
            "'ab' appears twice");
        row(
            "NUL in piece",
            [](auto& o) {
                o.pieces.push_back({std::string("a\0b", 3), -9, 1});
            },
            "holds a NUL byte");
        row(
            "NaN score", [](auto& o) { o.pieces[4].score = std::nanf(""); }, "has a score that is not finite");
        row(
            "piece type", [](auto& o) { o.pieces[4].type = 9; }, "piece type 9 (expected 1..6)");
        row(
            "no unknown", [](auto& o) { o.pieces[0].type = 1; }, "holds 0 pieces of type UNKNOWN");
        row(
            "two unknown", [](auto& o) { o.pieces[4].type = 2; }, "holds 2 pieces of type UNKNOWN");
        row(
            "byte piece",
            [](auto& o) {
                o.pieces.push_back({"<0xZZ>", 0, 6});
            },
            "is a byte piece not spelled <0xNN>");
        row(
            "bos id", [](auto& o) { o.bosId = 8; }, "trainer_spec.bos_id = 8 lies outside the vocabulary of 8 pieces");
        row(
            "unk id", [](auto& o) { o.unkId = -1; }, "trainer_spec.unk_id = -1 lies outside");
        row(
            "model type", [](auto& o) { o.modelType = 7; }, "trainer_spec.model_type = 7");
        // #1267: more nested user-defined symbols than PrefixMatcher's 64 result slots.
        row(
            "nested user symbols",
            [](auto& o) {
                for (int n = 1; n <= 65; ++n) o.pieces.push_back({std::string(static_cast<std::size_t>(n), 'u'), 0, 4});
            },
            "has 65 nested user-defined prefixes (at most 64)");
    }
    void craftedPieces()
    {
        QFETCH(QByteArray, model);
        QFETCH(QString, message);
        SPECTRO_VERIFY_ERROR(openTokenizer(write("pieces.model", model.toStdString())), message.toStdString().c_str());
    }

    void brokenWireFormat()
    {
        const std::string good = h::sentencePieceModel();
        SPECTRO_VERIFY_ERROR(openTokenizer(write("cut.model", good.substr(0, good.size() - 3))),
                             "cut.model: not a valid SentencePiece model");
        SPECTRO_VERIFY_ERROR(openTokenizer(write("group.model", "\x0b" + good)), "wire type 3 (groups or invalid)");
        SPECTRO_VERIFY_ERROR(openTokenizer(write("varint.model", std::string(11, '\xff'))), "longer than");
        SPECTRO_VERIFY_ERROR(openTokenizer(write("len.model", std::string("\x0a\xff\xff\xff\x0f", 5))),
                             "claims 33554431 bytes");
        SPECTRO_VERIFY_ERROR(openTokenizer(write("empty.model", "")),
                             "empty.model: not a SentencePiece model (it holds no pieces)");
        // Every prefix of a good model is refused with one line (or, rarely, is a valid model).
        for (std::size_t cut = 0; cut < good.size(); ++cut) {
            try {
                checkSentencePieceModel(std::string_view(good).substr(0, cut), "prefix.model");
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).starts_with("prefix.model: "), e.what());
            }
        }
    }

    // ------------------------------------------------------------------ llama2.c tokenizer.bin
    void malformedTokenizerBin()
    {
        QCOMPARE(openTokenizer(write("tiny.bin", h::tokenizerBin()))->encode("ab", false).size(), std::size_t{2});
        SPECTRO_VERIFY_ERROR(openTokenizer(write("nan.bin", h::tokenizerBin([](auto& o) { o.nanScore = true; }))),
                             "nan.bin: piece 4 'a' has a score that is not finite");
        SPECTRO_VERIFY_ERROR(openTokenizer(write("neg.bin", h::tokenizerBin([](auto& o) { o.firstLength = -5; }))),
                             "token 0 has length -5");
        SPECTRO_VERIFY_ERROR(
            openTokenizer(write("max.bin", h::tokenizerBin([](auto& o) { o.maxTokenLength = 1 << 30; }))),
            "field 'max_token_length' = 1073741824");
        SPECTRO_VERIFY_ERROR(openTokenizer(write("big.bin", h::tokenizerBin([](auto& o) { o.firstLength = 1 << 20; }))),
                             "token 0 has length 1048576");
    }

    // ------------------------------------------------------------------ hangs and crashes
    void fifoTokenizers()
    {
        for (const char* name : {"fifo.model", "fifo.bin"}) {
            const std::string path = dir.filePath(name).toStdString();
            QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
            SPECTRO_VERIFY_ERROR(openTokenizer(path), (std::string(name) + ": is a FIFO, not a regular file").c_str());
        }
    }

    void crashingHelperIsOneLine()
    {
        // Whatever kills libsentencepiece kills only its helper: here a stand-in that crashes.
        const std::string fake = dir.filePath("crashing-helper").toStdString();
        h::writeFile(fake, "#!/bin/sh\nkill -SEGV $$\n");
        QVERIFY(QFile::setPermissions(QString::fromStdString(fake), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        ::setenv("SPECTRO_SPM_HELPER", fake.c_str(), 1);
        const std::string model = write("victim.model", h::sentencePieceModel());
        SPECTRO_VERIFY_ERROR(openTokenizer(model), "victim.model: libsentencepiece crashed (SIGSEGV) while loading it");
        ::unsetenv("SPECTRO_SPM_HELPER");
        QCOMPARE(openTokenizer(model)->vocabSize(), 8); // the real helper, unharmed
    }
};

QTEST_APPLESS_MAIN(TestHostileTokenizers)
#include "test_hostile_tokenizers.moc"
