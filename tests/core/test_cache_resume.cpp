// Extending a committed cache: samples already there stay bit-identical, an extended cache equals
// one written in a single go, and planResume refuses caches of other weights, tokenizers or
// options (naming the difference) and caches whose samples hold other tokens.
#include "store/cache_reader.h"
#include "store/cache_resume.h"
#include "store/cache_writer.h"
#include "test_cache_support.h"
#include "test_support.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace spectro;

namespace {

const char* kOptions = R"({"taps":"resid","max_tokens":6,"dtype":"float32","samples":4})";

void writeSamples(CacheWriter& w, int first, int last)
{
    for (int i = first; i < last; ++i)
        w.addSample(i, test::fakeTaps(i, 6), std::to_string(i) + " (text)", test::fakeNll(i, 6));
}

std::vector<std::vector<int>> tokensOf(int count)
{
    std::vector<std::vector<int>> t;
    for (int i = 0; i < count; ++i) t.push_back(test::fakeTaps(i, 6).tokens);
    return t;
}

} // namespace

class TestCacheResume : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void appendEqualsOneGo()
    {
        QTemporaryDir dir;
        const std::string once = dir.filePath("once.h5").toStdString(), twice = dir.filePath("twice.h5").toStdString();
        {
            CacheWriter w(once, test::smallConfig(), test::smallIdentity("f", kOptions));
            writeSamples(w, 0, 4);
            w.commit();
        }
        {
            CacheWriter w(twice, test::smallConfig(), test::smallIdentity("f", kOptions));
            writeSamples(w, 0, 2);
            w.commit();
        }
        const QByteArray firstCommit = test::readAll(twice);
        {
            CacheWriter w = CacheWriter::append(twice);
            QCOMPARE(w.config().dim, 4);
            writeSamples(w, 2, 3);
            QCOMPARE(test::readAll(twice), firstCommit); // the committed file is never written
            writeSamples(w, 3, 4);
            w.commit();
        }
        const CacheReader a(once), b(twice);
        QCOMPARE(b.sampleIndices(), a.sampleIndices());
        for (int i : a.sampleIndices()) {
            QCOMPARE(b.tokens(i), a.tokens(i));
            QCOMPARE(b.text(i), a.text(i));
            for (const char* name : {"resid", "attn", "nll"}) QCOMPARE(b.read(i, name).data, a.read(i, name).data);
        }
        QVERIFY(b.attribute("modified") >= b.attribute("created")); // ISO 8601 sorts as text
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 2);
    }

    void appendRefusesAnotherDtypeAndBrokenFiles()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.h5").toStdString();
        {
            CacheWriter w(path, test::smallConfig(), test::smallIdentity());
            w.commit();
        }
        TapStorage half;
        half.dtype = TapDType::Float16;
        SPECTRO_VERIFY_ERROR(CacheWriter::append(path, half), "stores float32 taps; cannot add float16");
        const QString junk = dir.filePath("junk.h5");
        test::writeAll(junk, "junk");
        SPECTRO_VERIFY_ERROR(CacheWriter::append(junk.toStdString()), "not an HDF5 file");
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), (QStringList{"c.h5", "junk.h5"}));
    }

    void planFindsMissingSamples()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.h5").toStdString();
        {
            CacheWriter w(path, test::smallConfig(), test::smallIdentity("f", kOptions));
            writeSamples(w, 0, 2);
            writeSamples(w, 3, 4);  // a gap: sample 2 is missing
            writeSamples(w, 9, 10); // beyond the request: ignored
            w.commit();
        }
        const CacheReader r(path);
        // "samples" is an extent: more samples requested than the cache was made for is fine.
        const std::string more = R"({"taps":"resid","max_tokens":6,"dtype":"float32","samples":6})";
        const ResumePlan plan = planResume(r, test::smallIdentity("f", more), tokensOf(6), {"samples"});
        QCOMPARE(plan.mismatch, std::string());
        QCOMPARE(plan.present, (std::vector<int>{0, 1, 3}));
        QCOMPARE(plan.missing, (std::vector<int>{2, 4, 5}));
    }

    void planRefusesWhatDiffers()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.h5").toStdString();
        {
            CacheWriter w(path, test::smallConfig(), test::smallIdentity("f00d", kOptions));
            writeSamples(w, 0, 2);
            w.commit();
        }
        const CacheReader r(path);
        const std::vector<std::string> extent = {"samples"};
        auto mismatch = [&](const CacheIdentity& id, const std::vector<std::vector<int>>& tokens) {
            return QString::fromStdString(planResume(r, id, tokens, extent).mismatch);
        };
        QVERIFY(mismatch(test::smallIdentity("beef", kOptions), tokensOf(2))
                    .contains("other weights (fingerprint f00d in the cache, beef now)"));
        CacheIdentity otherTokenizer = test::smallIdentity("f00d", kOptions);
        otherTokenizer.tokenizer = "sentencepiece:other.model";
        QVERIFY(mismatch(otherTokenizer, tokensOf(2)).contains("another tokenizer"));
        // The same tokenizer file in another folder (the model moved): resumes, since the stored
        // samples' tokens are still compared.
        CacheIdentity moved = test::smallIdentity("f00d", kOptions);
        moved.tokenizer = "sentencepiece:/elsewhere/tok.model";
        QCOMPARE(mismatch(moved, tokensOf(2)), QString());
        std::vector<std::vector<int>> changed = tokensOf(2);
        changed[1].back() += 1;
        QVERIFY(mismatch(moved, changed).contains("other tokens"));
        moved.tokenizer = "llama2c:/elsewhere/tok.model";
        QVERIFY(mismatch(moved, tokensOf(2)).contains("another tokenizer"));
        const std::string longer = R"({"taps":"resid","max_tokens":8,"dtype":"float32","samples":4})";
        QCOMPARE(mismatch(test::smallIdentity("f00d", longer), tokensOf(2)),
                 QString("option 'max_tokens' is 6 in the cache, 8 now"));
        const std::string extra = R"({"taps":"resid","max_tokens":6,"dtype":"float32","samples":4,"text":"a.txt"})";
        QCOMPARE(mismatch(test::smallIdentity("f00d", extra), tokensOf(2)),
                 QString("option 'text' is absent in the cache, \"a.txt\" now"));
        const std::string fewer = R"({"taps":"resid","max_tokens":6,"samples":4})";
        QCOMPARE(mismatch(test::smallIdentity("f00d", fewer), tokensOf(2)),
                 QString("option 'dtype' is \"float32\" in the cache, absent now"));
        auto edited = tokensOf(3);
        edited[1][2] += 1;
        QVERIFY(
            mismatch(test::smallIdentity("f00d", kOptions), edited).contains("sample 1 in the cache has other tokens"));
        QCOMPARE(mismatch(test::smallIdentity("f00d", kOptions), tokensOf(3)), QString());
    }
};

QTEST_APPLESS_MAIN(TestCacheResume)
#include "test_cache_resume.moc"
