// The cache's /model/config records what changes the math beyond format 1's fields: head_dim,
// sliding window, RoPE scaling (type, factors, GGUF divisors) and where each value came from.
// Caches written before these fields existed still read, as plain RoPE with dim / n_heads heads.
#include "store/cache_reader.h"
#include "store/hdf5_util.h"
#include "test_cache_support.h"

#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>

using namespace spectro;

namespace {

std::string writeCache(const QTemporaryDir& dir, const ModelConfig& c)
{
    const std::string path = dir.filePath("c.h5").toStdString();
    CacheWriter w(path, c, test::smallIdentity());
    w.addSample(0, test::fakeTaps(0, 4, c), "t", test::fakeNll(0, 4));
    w.commit();
    return path;
}

} // namespace

class TestCacheConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void newFieldsRoundTrip()
    {
        ModelConfig c = test::smallConfig();
        c.explicitHeadDim = 6;
        c.slidingWindow = 32;
        c.ropeTheta = 500000;
        c.rope.type = RopeType::Llama3;
        c.rope.factor = 8, c.rope.lowFreqFactor = 1, c.rope.highFreqFactor = 4, c.rope.originalMaxPositions = 16;
        c.rope.freqDivisors = {1, 2, 4};
        c.sources = {{"rope_theta", "rope_parameters"}, {"head_dim", "head_dim"}};
        QTemporaryDir dir;
        const CacheReader r(writeCache(dir, c));
        const ModelConfig& back = r.config();
        QCOMPARE(back.headDim(), 6);
        QCOMPARE(back.slidingWindow, 32);
        QCOMPARE(back.ropeTheta, 500000.0);
        QVERIFY(back.rope == c.rope);
        QCOMPARE(back.sources, c.sources);
    }

    // A format-1 cache: the new attributes deleted, as a build before them wrote it.
    void oldCachesReadAsPlainRope()
    {
        QTemporaryDir dir;
        const std::string path = writeCache(dir, test::smallConfig());
        {
            const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
            QVERIFY(file >= 0);
            const hid_t g = H5Gopen2(file, "model/config", H5P_DEFAULT);
            for (const char* name : {"head_dim", "sliding_window", "rope_type", "rope_factor", "rope_low_freq_factor",
                                     "rope_high_freq_factor", "rope_original_max_positions", "sources"}) {
                QVERIFY2(H5Adelete(g, name) >= 0, name);
            }
            H5Gclose(g);
            // A cache written before these attributes existed carried a checksum of what it had:
            // recompute it, so that the reader sees a genuine older cache, not an edited one.
            H5Adelete(file, "root_checksum");
            const std::string sum = h5::rootChecksum(file, path);
            h5::writeString(file, "root_checksum", sum);
            H5Fclose(file);
        }
        const CacheReader r(path);
        QCOMPARE(r.config().headDim(), 2);
        QCOMPARE(r.config().slidingWindow, 0);
        QVERIFY(r.config().rope.isDefault());
        QVERIFY(r.config().sources.empty());
    }
};

QTEST_GUILESS_MAIN(TestCacheConfig)
#include "test_cache_config.moc"
