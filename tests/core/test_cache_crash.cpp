// Crash safety: a child process writes, extends, checkpoints, analyses and replaces a cache and
// is killed with SIGKILL at moments spread over its whole run. Afterwards the cache path must be
// absent or hold exactly one of the states the child committed, with every value intact; any
// other file left beside it must refuse to open as a cache and is removed by the next writer.
#include "store/cache_analysis.h"
#include "store/cache_files.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "test_cache_support.h"
#include "test_support.h"
#include "util/error.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace spectro;

namespace {

ModelConfig crashConfig()
{
    ModelConfig c = test::smallConfig();
    c.dim = 64, c.hiddenDim = 128, c.nLayers = 4, c.nHeads = 2, c.nKvHeads = 2, c.maxSeqLen = 64;
    return c;
}

constexpr int kTokens = 64;

std::vector<float> udrValues(int sample)
{
    std::vector<float> v(5 * kTokens);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(sample) + static_cast<float>(i) / 1024.0f;
    return v;
}

void addSamples(CacheWriter& w, int first, int last)
{
    for (int i = first; i < last; ++i)
        w.addSample(i, test::fakeTaps(i, kTokens, crashConfig()), "sample", test::fakeNll(i, kTokens));
}

// What the child does; each commit or checkpoint publishes one of these states.
enum State { Absent, Six, Twelve, Eighteen, Analysed, Replaced };

constexpr int kPhases = 5; // one per publication below

// Writes one byte to `marker` after each publication, so the parent can aim kills at each phase.
void childScript(const std::string& path, int marker)
{
    const auto published = [marker] {
        if (marker >= 0 && ::write(marker, "p", 1) != 1) ::_exit(4);
    };
    {
        CacheWriter w(path, crashConfig(), test::smallIdentity());
        addSamples(w, 0, 6);
        w.commit(); // Six
        published();
    }
    {
        CacheWriter w = CacheWriter::append(path);
        addSamples(w, 6, 12);
        w.checkpoint(); // Twelve
        published();
        addSamples(w, 12, 18);
        w.commit(); // Eighteen
        published();
    }
    std::vector<AnalysisDataset> analysis;
    for (int i = 0; i < 18; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "udr/%06d", i);
        analysis.push_back(AnalysisDataset::floats(name, {5, kTokens}, udrValues(i), "U-dark ratio"));
    }
    writeAnalysis(path, analysis, {{"analysis_version", "1"}}); // Analysed
    published();
    {
        CacheWriter w(path, crashConfig(), test::smallIdentity()); // as with --force
        addSamples(w, 100, 104);
        w.commit(); // Replaced
        published();
    }
}

std::vector<int> range(int first, int last)
{
    std::vector<int> v;
    for (int i = first; i < last; ++i) v.push_back(i);
    return v;
}

// Which committed state the cache at `path` is in; fails the test on anything else.
State verifyCommittedState(const std::string& path)
{
    if (!QFile::exists(QString::fromStdString(path))) return Absent;
    const CacheReader r(path); // throws (failing the test) for a broken file
    const std::vector<int> samples = r.sampleIndices();
    State state;
    if (samples == range(0, 6))
        state = Six;
    else if (samples == range(0, 12))
        state = Twelve;
    else if (samples == range(0, 18))
        state = r.hasAnalysis("udr/000000") ? Analysed : Eighteen;
    else if (samples == range(100, 104))
        state = Replaced;
    else
        throw Error(path + ": holds a sample set no commit produced");
    for (int i : samples) {
        const SampleTaps want = test::fakeTaps(i, kTokens, crashConfig());
        if (r.tokens(i) != want.tokens || r.read(i, "resid").data != want.resid.data ||
            r.read(i, "attn").data != want.attention.data || r.read(i, "nll").values() != test::fakeNll(i, kTokens)) {
            throw Error(path + ": sample " + std::to_string(i) + " differs from what was written");
        }
    }
    if (state == Analysed) {
        for (int i = 0; i < 18; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "udr/%06d", i);
            if (r.readAnalysis(name).values() != udrValues(i)) throw Error(path + ": analysis " + name + " differs");
        }
    }
    return state;
}

struct Child {
    pid_t pid = -1;
    int marker = -1; // read end of the child's marker pipe

    explicit Child(const std::string& path)
    {
        int fds[2];
        if (::pipe(fds) != 0) return;
        pid = ::fork();
        if (pid == 0) {
            ::close(fds[0]);
            int code = 0;
            try {
                childScript(path, fds[1]);
            } catch (...) {
                code = 3;
            }
            ::_exit(code);
        }
        ::close(fds[1]);
        marker = fds[0];
    }
    ~Child() { ::close(marker); }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // Blocks until the child has published `count` more times (false if it died first).
    bool awaitPublications(int count)
    {
        char c;
        for (int i = 0; i < count; ++i) {
            if (::read(marker, &c, 1) != 1) return false;
        }
        return true;
    }
    int wait()
    {
        int status = 0;
        return ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
};

} // namespace

class TestCacheCrash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void uninterruptedChildReachesTheLastState()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.h5").toStdString();
        Child child(path);
        QCOMPARE(child.wait(), 0);
        QCOMPARE(verifyCommittedState(path), Replaced);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"c.h5"});
    }

    void killedAtAnyMomentLeavesAValidCache()
    {
        // How long each phase (from one publication to the next) takes here; then kills aimed at
        // a random moment inside each phase in turn, whatever the speed of the disk today.
        std::vector<double> phase(kPhases, 0);
        {
            QTemporaryDir dir;
            Child child(dir.filePath("c.h5").toStdString());
            auto t = std::chrono::steady_clock::now();
            for (int p = 0; p < kPhases; ++p) {
                QVERIFY(child.awaitPublications(1));
                const auto now = std::chrono::steady_clock::now();
                phase[static_cast<std::size_t>(p)] = std::chrono::duration<double>(now - t).count();
                t = now;
            }
            QCOMPARE(child.wait(), 0);
        }
        const int kills = 40;
        std::srand(static_cast<unsigned>(::getpid()));
        std::vector<int> seen(Replaced + 1, 0);
        int completeLeftovers = 0;
        for (int k = 0; k < kills; ++k) {
            QTemporaryDir dir;
            const std::string path = dir.filePath("c.h5").toStdString();
            const int p = k % kPhases;
            const double delay = phase[static_cast<std::size_t>(p)] * (std::rand() % 1000) / 1000.0;
            Child child(path);
            child.awaitPublications(p);
            std::this_thread::sleep_for(std::chrono::duration<double>(delay));
            ::kill(child.pid, SIGKILL);
            child.wait();

            State state = Absent;
            try {
                state = verifyCommittedState(path);
            } catch (const std::exception& e) {
                QFAIL(qPrintable(
                    QString("kill %1, %2 ms into phase %3: %4").arg(k).arg(delay * 1000).arg(p).arg(e.what())));
            }
            ++seen[state];
            // Leftovers are temporaries: either refused as a cache, or (killed between the final
            // close and the rename) a complete cache in a committed state; the next writer
            // removes them, since the child is dead.
            for (const QString& name : QDir(dir.path()).entryList(QDir::Files)) {
                if (name == "c.h5") continue;
                const std::string leftover = dir.filePath(name).toStdString();
                QVERIFY2(isCacheTemporary(leftover), qPrintable(name));
                bool opens = false;
                try {
                    CacheReader{leftover};
                    opens = true;
                } catch (const Error&) {
                }
                if (!opens) continue;
                ++completeLeftovers;
                try {
                    verifyCommittedState(leftover);
                } catch (const std::exception& e) {
                    QFAIL(
                        qPrintable(QString("kill %1: leftover %2 opens but is broken: %3").arg(k).arg(name, e.what())));
                }
            }
            removeStaleTemporaries(path);
            const QStringList left = QDir(dir.path()).entryList(QDir::Files);
            QVERIFY(left.isEmpty() || left == QStringList{"c.h5"});
        }
        qInfo("phases %.0f/%.0f/%.0f/%.0f/%.0f ms; states after %d kills: absent %d, 6 samples %d, 12 %d, 18 %d, "
              "analysed %d, replaced %d; complete leftovers %d",
              phase[0] * 1000, phase[1] * 1000, phase[2] * 1000, phase[3] * 1000, phase[4] * 1000, kills, seen[Absent],
              seen[Six], seen[Twelve], seen[Eighteen], seen[Analysed], seen[Replaced], completeLeftovers);
        // The kills probed every phase: each state was found at least once.
        for (int state = Six; state <= Analysed; ++state) QVERIFY(seen[static_cast<std::size_t>(state)] > 0);
    }

    void staleTemporariesOfLiveWritersAreKept()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.h5").toStdString();
        const QString mine = QString::fromStdString(path + ".tmp-" + std::to_string(::getpid()) + "-99");
        test::writeAll(mine, "x");
        const QString dead = QString::fromStdString(path + ".tmp-999999999-0"); // above pid_max
        test::writeAll(dead, "x");
        const QString other = QString::fromStdString(path + ".tmp-abc");
        test::writeAll(other, "x");
        QCOMPARE(removeStaleTemporaries(path), 1);
        QVERIFY(QFile::exists(mine) && !QFile::exists(dead) && QFile::exists(other));
    }
};

QTEST_APPLESS_MAIN(TestCacheCrash)
#include "test_cache_crash.moc"
