// Repeated n-grams of a continuation, against hand-counted examples.
#include <QTest>

#include "analysis/repetition.h"
#include "test_support.h"

using namespace spectro;

class TestRepetition : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handCountedExamples()
    {
        // Nothing repeats.
        Repetition none = repetition({1, 2}, {3, 4, 5, 6}, 2);
        QCOMPARE(none.ngrams, 4); // (2,3) (3,4) (4,5) (5,6)
        QCOMPARE(none.repeats, 0);
        QCOMPARE(none.score(), 0.0);
        QCOMPARE(none.repeated, (std::vector<bool>{false, false, false, false}));
        // The continuation copies the prompt's bigram (7, 8) and then its own (7, 8) again.
        Repetition copy = repetition({1, 7, 8}, {7, 8, 9, 7, 8}, 2);
        // n-grams ending in the continuation: (8,7) (7,8)* (8,9) (9,7) (7,8)*
        QCOMPARE(copy.ngrams, 5);
        QCOMPARE(copy.repeats, 2);
        QCOMPARE(copy.score(), 0.4);
        QCOMPARE(copy.repeated, (std::vector<bool>{true, true, false, true, true}));
        // A loop of one token: overlapping trigrams count.
        Repetition loop = repetition({}, {5, 5, 5, 5, 5}, 3);
        QCOMPARE(loop.ngrams, 3);
        QCOMPARE(loop.repeats, 2);
        QCOMPARE(loop.repeated, (std::vector<bool>{false, true, true, true, true}));
        // A repeated n-gram that starts in the prompt marks only its continuation tokens.
        Repetition edge = repetition({4, 5, 6, 4, 5}, {6}, 3);
        QCOMPARE(edge.ngrams, 1);
        QCOMPARE(edge.repeats, 1);
        QCOMPARE(edge.repeated, std::vector<bool>{true});
        // Too short for any n-gram.
        QCOMPARE(repetition({}, {1, 2}, 3).ngrams, 0);
        QCOMPARE(repetition({}, {}, 3).repeated.size(), std::size_t{0});
        SPECTRO_VERIFY_ERROR(repetition({1}, {2}, 0), "at least 1");
    }
};

QTEST_GUILESS_MAIN(TestRepetition)
#include "test_repetition.moc"
