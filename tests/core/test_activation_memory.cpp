// Array's memory (util/activation_memory): what is zeroed and what is not, and the recycling of
// large blocks within its bound.
#include <QTest>

#include "engine/array.h"
#include "util/activation_memory.h"

using namespace spectro;

class TestActivationMemory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void arraysZeroUnlessAskedNotTo()
    {
        // Dirty a recycled block first, so that a zeroed Array cannot pass by luck.
        const std::int64_t n = static_cast<std::int64_t>(kLargeActivationBytes / sizeof(float));
        {
            Array dirty = Array::uninitialized({n});
            std::fill(dirty.data.begin(), dirty.data.end(), 7.0f);
        }
        const Array zeroed({n});
        QVERIFY(std::all_of(zeroed.data.begin(), zeroed.data.end(), [](float v) { return v == 0.0f; }));
        const Array a = Array::uninitialized({2, 3});
        QCOMPARE(a.shape, (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(a.numel(), std::int64_t{6});
        QCOMPARE(Array::of({3}, {1, 2, 3}).values(), (std::vector<float>{1, 2, 3}));
    }

    void largeBlocksAreRecycledWithinTheBound()
    {
        const std::size_t before = recycledActivationBytes();
        const std::size_t bytes = 3 * kLargeActivationBytes + 4096;
        void* p = allocateActivations(bytes);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(p) % kLargeActivationBytes, std::uintptr_t{0});  // huge-page aligned
        static_cast<char*>(p)[bytes - 1] = 1;
        releaseActivations(p, bytes);
        QCOMPARE(recycledActivationBytes(), before + bytes);
        void* again = allocateActivations(bytes);  // the same size gets the same block back
        QCOMPARE(again, p);
        QCOMPARE(recycledActivationBytes(), before);
        releaseActivations(again, bytes);

        // Small blocks are never kept; neither is a block larger than the bound.
        releaseActivations(allocateActivations(1024), 1024);
        QCOMPARE(recycledActivationBytes(), before + bytes);
        const std::size_t huge = kRecycledActivationBytes + kLargeActivationBytes;
        releaseActivations(allocateActivations(huge), huge);
        QCOMPARE(recycledActivationBytes(), before + bytes);

        // Keeping more than the bound gives the oldest blocks back.
        std::vector<void*> blocks;
        const std::size_t block = 32 * kLargeActivationBytes;  // 64 MiB
        for (int i = 0; i < 6; ++i) blocks.push_back(allocateActivations(block));
        for (void* b : blocks) releaseActivations(b, block);
        QVERIFY(recycledActivationBytes() <= kRecycledActivationBytes);
        QVERIFY(recycledActivationBytes() >= kRecycledActivationBytes - block);
    }
};

QTEST_APPLESS_MAIN(TestActivationMemory)
#include "test_activation_memory.moc"
