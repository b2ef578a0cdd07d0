// FigureLoader: builds run off the GUI thread, the newest request per view wins (a burst costs at
// most one stale build, and stale results are never delivered), failures become messages, and
// cancelAll drops what is running.
#include "figure_loader.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>
#include <chrono>
#include <thread>

using spectro::gui::FigureLoader;

namespace {

constexpr int kTimeoutMs = 10000;

// A build that takes `ms`, records that it ran, and delivers `value` into `out`.
FigureLoader::Build slowBuild(int ms, int value, int* out, std::atomic<int>* builds, QThread** thread = nullptr)
{
    return [=] {
        ++*builds;
        if (thread) *thread = QThread::currentThread();
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        return FigureLoader::Deliver([out, value] { *out = value; });
    };
}

} // namespace

class TestFigureLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void buildsOffTheGuiThread();
    void newestRequestWins();
    void viewsDoNotWaitForEachOther();
    void failureBecomesMessage();
    void cancelAllDropsRunningResults();
};

void TestFigureLoader::buildsOffTheGuiThread()
{
    FigureLoader loader;
    QSignalSpy delivered(&loader, &FigureLoader::delivered);
    QSignalSpy idle(&loader, &FigureLoader::idle);
    int value = 0;
    std::atomic<int> builds = 0;
    QThread* thread = nullptr;
    loader.request(QStringLiteral("a"), slowBuild(10, 7, &value, &builds, &thread));
    QVERIFY(!loader.isIdle());
    QVERIFY(loader.isBusy(QStringLiteral("a")));
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 1, kTimeoutMs);
    QCOMPARE(value, 7);
    QVERIFY(thread != nullptr && thread != QThread::currentThread());
    QCOMPARE(delivered.at(0).at(0).toString(), QStringLiteral("a"));
    QTRY_COMPARE_WITH_TIMEOUT(idle.count(), 1, kTimeoutMs);
    QVERIFY(loader.isIdle());
}

void TestFigureLoader::newestRequestWins()
{
    FigureLoader loader;
    QSignalSpy delivered(&loader, &FigureLoader::delivered);
    int value = 0;
    std::atomic<int> builds = 0;
    // The first build runs; of the nine asked while it runs only the last may run after it.
    for (int i = 1; i <= 10; ++i) loader.request(QStringLiteral("a"), slowBuild(i == 1 ? 200 : 5, i, &value, &builds));
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 1, kTimeoutMs);
    QTest::qWait(100);
    QCOMPARE(delivered.count(), 1); // the stale first result was never delivered
    QCOMPARE(value, 10);
    QCOMPARE(builds.load(), 2);
}

void TestFigureLoader::viewsDoNotWaitForEachOther()
{
    FigureLoader loader;
    QSignalSpy delivered(&loader, &FigureLoader::delivered);
    int slow = 0, fast = 0;
    std::atomic<int> builds = 0;
    loader.request(QStringLiteral("slow"), slowBuild(1000, 1, &slow, &builds));
    loader.request(QStringLiteral("fast"), slowBuild(1, 2, &fast, &builds));
    QTRY_COMPARE_WITH_TIMEOUT(fast, 2, 500); // not queued behind the slow view
    QCOMPARE(slow, 0);
    QTRY_COMPARE_WITH_TIMEOUT(slow, 1, kTimeoutMs);
}

void TestFigureLoader::failureBecomesMessage()
{
    FigureLoader loader;
    QSignalSpy failed(&loader, &FigureLoader::failed);
    QSignalSpy delivered(&loader, &FigureLoader::delivered);
    loader.request(QStringLiteral("a"),
                   []() -> FigureLoader::Deliver { throw std::runtime_error("c.h5: sample 000003 has no attn tap"); });
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("a"));
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("c.h5: sample 000003 has no attn tap"));
    QCOMPARE(delivered.count(), 0);
}

void TestFigureLoader::cancelAllDropsRunningResults()
{
    FigureLoader loader;
    QSignalSpy delivered(&loader, &FigureLoader::delivered);
    QSignalSpy dropped(&loader, &FigureLoader::dropped);
    int value = 0;
    std::atomic<int> builds = 0;
    loader.request(QStringLiteral("a"), slowBuild(100, 1, &value, &builds));
    loader.request(QStringLiteral("a"), slowBuild(1, 2, &value, &builds)); // waiting: dropped by cancelAll
    loader.cancelAll();
    QTRY_COMPARE_WITH_TIMEOUT(dropped.count(), 1, kTimeoutMs);
    QCOMPARE(delivered.count(), 0);
    QCOMPARE(value, 0);
    QCOMPARE(builds.load(), 1);
    // A request after the cancel is served as usual.
    loader.request(QStringLiteral("a"), slowBuild(1, 3, &value, &builds));
    QTRY_COMPARE_WITH_TIMEOUT(value, 3, kTimeoutMs);
}

QTEST_GUILESS_MAIN(TestFigureLoader)
#include "test_gui_figure_loader.moc"
