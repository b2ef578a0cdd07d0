// Repeated n-gram marking against hand-counted examples, and its agreement with rep-n.
#include "analysis/repeated_ngrams.h"
#include "analysis/repetition.h"
#include "test_support.h"

#include <QTest>

using namespace spectro;

class TestRepeatedNgrams : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handCountedExamples()
    {
        using Flags = std::vector<bool>;
        QCOMPARE(repeatedNgramTokens({3, 4, 5, 6}, 2), (Flags{false, false, false, false}));
        // (7, 8) comes back twice: both later copies are marked, the first occurrence is not.
        QCOMPARE(repeatedNgramTokens({7, 8, 9, 7, 8, 1, 7, 8}, 2),
                 (Flags{false, false, false, true, true, false, true, true}));
        // A loop of one token: overlapping trigrams count.
        QCOMPARE(repeatedNgramTokens({5, 5, 5, 5, 5}, 3), (Flags{false, true, true, true, true}));
        QCOMPARE(repeatedNgramTokens({1, 2}, 3), (Flags{false, false}));
        QCOMPARE(repeatedNgramTokens({}, 3).size(), std::size_t{0});
        SPECTRO_VERIFY_ERROR(repeatedNgramTokens({1}, 0), "at least 1");
    }

    void agreesWithRepN()
    {
        // rep-n = repeated n-grams / n-grams, and a repeated n-gram is what gets marked.
        const std::vector<int> text = {1, 2, 3, 1, 2, 3, 1, 2, 4, 4, 4, 4, 4, 9};
        for (int n : {1, 2, 3, 4}) {
            const auto flags = repeatedNgramTokens(text, n);
            int repeatedGrams = 0;
            for (std::size_t s = 0; s + n <= text.size(); ++s) {
                bool inOneEarlier = false;
                for (std::size_t e = 0; e < s && !inOneEarlier; ++e) {
                    inOneEarlier = std::equal(text.begin() + s, text.begin() + s + n, text.begin() + e);
                }
                repeatedGrams += inOneEarlier;
                if (inOneEarlier) {
                    for (std::size_t t = s; t < s + n; ++t) QVERIFY(flags[t]);
                }
            }
            const double grams = static_cast<double>(text.size() - n + 1);
            QCOMPARE(repetitionRate(text, n), repeatedGrams / grams);
        }
    }
};

QTEST_GUILESS_MAIN(TestRepeatedNgrams)
#include "test_repeated_ngrams.moc"
