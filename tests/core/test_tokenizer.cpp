// Tokenizers against the ids in ../shared/models/PROVENANCE.md: SentencePiece .model files,
// llama2.c tokenizer.bin files and the vocabulary embedded in the GGUF file must agree.
#include <QTemporaryDir>
#include <QTest>

#include "model/checkpoint_loader.h"
#include "tokenizer/tokenizer.h"
#include "test_support.h"

using namespace spectro;
using spectro::test::modelPath;

using Ids = std::vector<int>;

class TestTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { SPECTRO_REQUIRE_SHARED(); }

    void provenanceIds_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("text");
        QTest::addColumn<Ids>("ids");
        const Ids once512 = {403, 407, 261, 378};
        const Ids once32k = {9038, 2501, 263, 931};
        const Ids hello = {15043, 3186, 29991, 938, 1667, 580, 426, 736, 29871, 29900, 29936, 500};
        QTest::newRow("tok512.model") << "stories260K/tok512.model" << "Once upon a time" << once512;
        QTest::newRow("tok512.bin") << "stories260K/tok512.bin" << "Once upon a time" << once512;
        QTest::newRow("llama2 .model") << "llama2-tokenizer/tokenizer.model" << "Once upon a time" << once32k;
        QTest::newRow("llama2 .bin") << "llama2-tokenizer/tokenizer.bin" << "Once upon a time" << once32k;
        QTest::newRow("llama2 .model code") << "llama2-tokenizer/tokenizer.model" << "Hello world! int main() { return 0; }" << hello;
        QTest::newRow("llama2 .bin code") << "llama2-tokenizer/tokenizer.bin" << "Hello world! int main() { return 0; }" << hello;
        QTest::newRow("shoggoth") << "stories260K/tok512.model" << "One day, Lily met a Shoggoth"
                                  << Ids{385, 328, 432, 317, 284, 316, 261, 301, 415, 414, 428, 428, 309, 415};
    }
    void provenanceIds()
    {
        QFETCH(QString, file);
        QFETCH(QString, text);
        QFETCH(Ids, ids);
        const auto tok = openTokenizer(modelPath(file.toStdString()));
        QCOMPARE(tok->encode(text.toStdString(), false), ids);
        Ids withBos = ids;
        withBos.insert(withBos.begin(), 1);
        QCOMPARE(tok->encode(text.toStdString()), withBos);
    }

    // The two formats of the LLaMa-2 vocabulary must agree on real text, bytes and mojibake included.
    void formatsAgreeOnCorpus()
    {
        const auto spm = openTokenizer(modelPath("llama2-tokenizer/tokenizer.model"));
        const auto bin = openTokenizer(modelPath("llama2-tokenizer/tokenizer.bin"));
        const QByteArray corpus = test::readAll(test::sharedPath("corpora/tinystories_validation_first_stories.txt"));
        QVERIFY(corpus.size() > 100000);
        int compared = 0;
        for (const QByteArray& paragraph : corpus.left(60000).split('\n')) {
            if (paragraph.trimmed().isEmpty()) continue;
            QCOMPARE(bin->encode(paragraph.toStdString()), spm->encode(paragraph.toStdString()));
            ++compared;
        }
        QVERIFY(compared > 50);
        const std::string odd = "naïve café â€™ 日本語 \t tabs  and  spaces 😀";
        QCOMPARE(bin->encode(odd), spm->encode(odd));
    }

    void embeddedVocabularyMatches()
    {
        const Checkpoint g = loadCheckpoint(modelPath("stories260K/stories260K.gguf"));
        const auto embedded = findTokenizer(g);
        QVERIFY(embedded);
        QVERIFY(embedded->source().starts_with("gguf:"));
        const auto spm = openTokenizer(modelPath("stories260K/tok512.model"));
        const std::string text = "Once upon a time, Tim's dog ran to the park. â€œHi!â€ 42\n";
        QCOMPARE(embedded->encode(text), spm->encode(text));
        for (int id = 0; id < 512; ++id) QCOMPARE(embedded->decode(id), spm->decode(id));
    }

    void decodeReproducesText()
    {
        const auto tok = openTokenizer(modelPath("stories260K/tok512.model"));
        const std::string text = "Lily said, \"Wow!\"\nShe smiled.";
        QCOMPARE(tok->decode(tok->encode(text)), " " + text);  // SentencePiece's dummy prefix
    }

    void noByteFallback()
    {
        const auto tok = openTokenizer(modelPath("babyllama-tok105/tok105.model"));
        QCOMPARE(tok->vocabSize(), 105);
        const auto ids = tok->encode("Once 日", false);
        QVERIFY(std::find(ids.begin(), ids.end(), 0) != ids.end());  // unknown character -> <unk>
    }

    void emptyText()
    {
        const auto tok = openTokenizer(modelPath("stories260K/tok512.bin"));
        QCOMPARE(tok->encode(""), Ids{1});
        QCOMPARE(tok->encode("", false), Ids{});
    }

    void discovery()
    {
        const Checkpoint bin = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        QVERIFY(findTokenizer(bin)->source().ends_with("tok512.model"));
        const Checkpoint baby = loadCheckpoint(modelPath("babyllama-tok105/model5000.bin"));
        QVERIFY(findTokenizer(baby)->source().ends_with("tok105.model"));
    }

    void mismatchedVocabulary()
    {
        const Checkpoint bin = loadCheckpoint(modelPath("stories260K/stories260K.bin"));
        SPECTRO_VERIFY_ERROR(findTokenizer(bin, modelPath("llama2-tokenizer/tokenizer.model")), "32000");
    }

    void corruptTokenizerFiles()
    {
        QTemporaryDir dir;
        const QString model = dir.filePath("bad.model");
        test::writeAll(model, "not a protobuf at all");
        SPECTRO_VERIFY_ERROR(openTokenizer(model.toStdString()), "bad.model");
        const QString bin = dir.filePath("bad.bin");
        const QByteArray good = test::readAll(modelPath("stories260K/tok512.bin"));
        test::writeAll(bin, good.left(good.size() - 3));
        SPECTRO_VERIFY_ERROR(openTokenizer(bin.toStdString()), "bad.bin");
        SPECTRO_VERIFY_ERROR(openTokenizer(dir.filePath("none.model").toStdString()), "none.model");
    }
};

QTEST_APPLESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
