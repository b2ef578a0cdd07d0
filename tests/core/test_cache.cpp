// The HDF5 cache: what the writer stores is read back by the plain HDF5 C API (independent of
// the reader's code: layout, types, chunking, attributes as docs/cache-format.md states them)
// and by CacheReader, for every storage type; unfinished writes leave nothing behind.
#include "store/cache_reader.h"
#include "store/cache_size.h"
#include "store/cache_writer.h"
#include "test_cache_support.h"
#include "test_support.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>

using namespace spectro;
using spectro::test::fakeNll;
using spectro::test::fakeTaps;
using spectro::test::smallConfig;
using spectro::test::smallIdentity;

namespace {

// Plain-API helpers: no code from core/store.
struct Plain {
    hid_t file;
    explicit Plain(const std::string& path) : file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {}
    ~Plain() { H5Fclose(file); }

    std::vector<hsize_t> dims(const char* name) const
    {
        const hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
        const hid_t space = H5Dget_space(ds);
        std::vector<hsize_t> d(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
        H5Sget_simple_extent_dims(space, d.data(), nullptr);
        H5Sclose(space);
        H5Dclose(ds);
        return d;
    }
    // Read with HDF5's own conversion to float32, whatever the stored type.
    std::vector<float> floats(const char* name) const
    {
        std::size_t n = 1;
        for (auto d : dims(name)) n *= d;
        std::vector<float> v(n);
        const hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
        const herr_t ok = H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        H5Dclose(ds);
        return ok < 0 ? std::vector<float>{} : v;
    }
    std::vector<double> doubles(const char* name) const
    {
        std::size_t n = 1;
        for (auto d : dims(name)) n *= d;
        std::vector<double> v(n);
        const hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
        H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        H5Dclose(ds);
        return v;
    }
    std::string string(const char* object, const char* attribute) const
    {
        const hid_t attr = H5Aopen_by_name(file, object, attribute, H5P_DEFAULT, H5P_DEFAULT);
        const hid_t type = H5Aget_type(attr);
        std::string value(H5Tget_size(type), '\0');
        H5Aread(attr, type, value.data());
        H5Tclose(type);
        H5Aclose(attr);
        return value.substr(0, value.find('\0'));
    }
    int integer(const char* object, const char* attribute) const
    {
        const hid_t attr = H5Aopen_by_name(file, object, attribute, H5P_DEFAULT, H5P_DEFAULT);
        int v = -1;
        H5Aread(attr, H5T_NATIVE_INT, &v);
        H5Aclose(attr);
        return v;
    }
    // Type properties of a dataset: size in bytes, float fields, exponent bias.
    struct FloatType {
        std::size_t size;
        std::size_t spos, epos, esize, mpos, msize, ebias;
    };
    FloatType floatType(const char* name) const
    {
        const hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
        const hid_t t = H5Dget_type(ds);
        FloatType f{};
        f.size = H5Tget_size(t);
        H5Tget_fields(t, &f.spos, &f.epos, &f.esize, &f.mpos, &f.msize);
        f.ebias = H5Tget_ebias(t);
        H5Tclose(t);
        H5Dclose(ds);
        return f;
    }
    std::vector<hsize_t> chunk(const char* name, std::vector<H5Z_filter_t>* filters = nullptr) const
    {
        const hid_t ds = H5Dopen2(file, name, H5P_DEFAULT);
        const hid_t plist = H5Dget_create_plist(ds);
        std::vector<hsize_t> c(8);
        const int rank = H5Pget_chunk(plist, 8, c.data());
        c.resize(static_cast<std::size_t>(std::max(rank, 0)));
        if (filters) {
            for (int i = 0; i < H5Pget_nfilters(plist); ++i) {
                unsigned flags = 0;
                std::size_t n = 0;
                filters->push_back(
                    H5Pget_filter2(plist, static_cast<unsigned>(i), &flags, &n, nullptr, 0, nullptr, nullptr));
            }
        }
        H5Pclose(plist);
        H5Dclose(ds);
        return c;
    }
};

std::vector<float> expectedResid(int sample, int T)
{
    return fakeTaps(sample, T).resid.values();
}

std::vector<double> identityVectors(int d)
{
    std::vector<double> v(static_cast<std::size_t>(d * d), 0.0);
    for (int i = 0; i < d; ++i) v[static_cast<std::size_t>(i * d + (d - 1 - i))] = 1.0; // an anti-diagonal basis
    return v;
}

} // namespace

class TestCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void writtenDataReadsBackWithPlainHdf5()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.h5").toStdString();
        {
            CacheWriter w(path, smallConfig(), smallIdentity());
            w.addSample(0, fakeTaps(0, 3), "first", fakeNll(0, 3));
            w.addSample(1, fakeTaps(1, 5), "second", {});
            QVERIFY(!QFile::exists(QString::fromStdString(path))); // nothing under the real name yet
            w.commit();
        }
        QVERIFY(QFile::exists(QString::fromStdString(path)));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1); // no temporary left

        {
            const Plain p(path);
            QVERIFY(p.file >= 0);
            QCOMPARE(p.dims("/samples/000001/resid"), (std::vector<hsize_t>{3, 5, 4}));
            QCOMPARE(p.floats("/samples/000001/resid"), expectedResid(1, 5));
            QCOMPARE(p.floatType("/samples/000001/resid").size, std::size_t{4});
            QCOMPARE(p.dims("/samples/000000/attn"), (std::vector<hsize_t>{2, 2, 3, 3}));
            QCOMPARE(p.floats("/samples/000000/nll"), fakeNll(0, 3));
            QCOMPARE(p.string("/", "format"), std::string("spectroscope-cache"));
            QCOMPARE(p.integer("/", "format_version"), 3);
            QCOMPARE(p.string("/", "tap_dtype"), std::string("float32"));
            QCOMPARE(p.string("/", "model_fingerprint"), std::string("abc123"));
            QCOMPARE(p.string("/samples/000000", "text"), std::string("first"));
            QCOMPARE(p.integer("/samples/000000", "complete"), 1);
            QCOMPARE(p.integer("/model/config", "n_kv_heads"), 1);
            // One layer of one sample per chunk.
            QCOMPARE(p.chunk("/samples/000001/resid"), (std::vector<hsize_t>{1, 5, 4}));
            QCOMPARE(p.chunk("/samples/000000/attn"), (std::vector<hsize_t>{1, 2, 3, 3}));
            QCOMPARE(p.chunk("/samples/000000/nll"), (std::vector<hsize_t>{2}));
        }

        const CacheReader r(path);
        QCOMPARE(r.formatVersion(), 3);
        QCOMPARE(r.sampleIndices(), (std::vector<int>{0, 1}));
        QCOMPARE(r.tokens(1), fakeTaps(1, 5).tokens);
        QCOMPARE(r.text(1), std::string("second"));
        QCOMPARE(r.attribute("model_fingerprint"), std::string("abc123"));
        QCOMPARE(r.config().nKvHeads, 1);
        QVERIFY(r.tapDType() == TapDType::Float32);
        QVERIFY(r.has(0, "nll"));
        QVERIFY(!r.has(1, "nll"));
        QVERIFY(!r.has(7, "resid"));
        QCOMPARE(r.read(0, "nll").values(), fakeNll(0, 3));
        const Array layer1 = r.readSlice(1, "resid", 1);
        QCOMPARE(layer1.shape, (std::vector<std::int64_t>{5, 4}));
        QCOMPARE(layer1.data[0], test::residValue(1, 20));
        QCOMPARE(r.read(0, "attn").shape, (std::vector<std::int64_t>{2, 2, 3, 3}));
        SPECTRO_VERIFY_ERROR(r.readSlice(1, "resid", 3), "outside");
        SPECTRO_VERIFY_ERROR(r.read(1, "mlp_out"), "samples/000001/mlp_out' is missing");
    }

    void sixteenBitStorageReadsBackEverywhere_data()
    {
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<int>("ebias");
        QTest::addColumn<int>("esize");
        QTest::addColumn<double>("tolerance"); // relative: half an ulp of the stored type
        QTest::newRow("f16") << "f16" << 15 << 5 << std::ldexp(1.0, -11);
        QTest::newRow("bf16") << "bf16" << 127 << 8 << std::ldexp(1.0, -8);
    }
    void sixteenBitStorageReadsBackEverywhere()
    {
        QFETCH(QString, dtype);
        QFETCH(int, ebias);
        QFETCH(int, esize);
        QFETCH(double, tolerance);
        QTemporaryDir dir;
        const std::string path = dir.filePath("h.h5").toStdString();
        TapStorage storage;
        storage.dtype = parseTapDType(dtype.toStdString());
        const SampleTaps taps = fakeTaps(3, 6);
        {
            CacheWriter w(path, smallConfig(), smallIdentity(), storage);
            w.addSample(3, taps, "x", fakeNll(3, 6));
            w.commit();
        }
        const Plain p(path);
        const auto type = p.floatType("/samples/000003/resid");
        QCOMPARE(type.size, std::size_t{2});
        QCOMPARE(type.spos, std::size_t{15});
        QCOMPARE(type.esize, std::size_t(esize));
        QCOMPARE(type.ebias, std::size_t(ebias));
        QCOMPARE(p.floatType("/samples/000003/nll").size, std::size_t{4}); // nll stays float32
        // HDF5's own converter and our reader agree, and both are within half an ulp.
        const std::vector<float> viaHdf5 = p.floats("/samples/000003/resid");
        const CacheReader r(path);
        QVERIFY(r.tapDType() == storage.dtype);
        const Array ours = r.read(3, "resid");
        QCOMPARE(ours.values(), viaHdf5);
        for (std::size_t i = 0; i < taps.resid.data.size(); ++i) {
            const double want = taps.resid.data[i];
            QVERIFY2(std::abs(ours.data[i] - want) <= tolerance * std::abs(want),
                     qPrintable(QString("value %1: %2 for %3").arg(i).arg(ours.data[i]).arg(want)));
        }
        QCOMPARE(r.readSlice(3, "resid", 2).values(), std::vector<float>(ours.data.begin() + 48, ours.data.end()));
        QCOMPARE(r.read(3, "nll").values(), fakeNll(3, 6));
    }

    void compressionAndChecksumAreStandardFilters()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("z.h5").toStdString();
        TapStorage storage;
        storage.compression = 4;
        storage.checksum = true;
        {
            CacheWriter w(path, smallConfig(), smallIdentity(), storage);
            w.addSample(0, fakeTaps(0, 9), "x", {});
            w.commit();
        }
        const Plain p(path);
        std::vector<H5Z_filter_t> filters;
        p.chunk("/samples/000000/resid", &filters);
        QCOMPARE(filters, (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE, H5Z_FILTER_FLETCHER32}));
        QCOMPARE(p.floats("/samples/000000/resid"), expectedResid(0, 9));
        QCOMPARE(CacheReader(path).read(0, "resid").values(), expectedResid(0, 9));
    }

    void bigTapsAreChunkedByLayerUnderFourMiB()
    {
        // A 7B-shaped resid of 512 tokens: a layer is 8 MiB, so it is halved along tokens.
        QTemporaryDir dir;
        const std::string path = dir.filePath("big.h5").toStdString();
        ModelConfig c = smallConfig();
        c.dim = 4096;
        c.nLayers = 1;
        c.nHeads = 32;
        c.nKvHeads = 32;
        c.maxSeqLen = 512;
        SampleTaps t;
        t.tokens.assign(512, 1);
        t.resid = Array({2, 512, 4096});
        {
            CacheWriter w(path, c, smallIdentity());
            w.addSample(0, t, "", {});
            w.commit();
        }
        QCOMPARE(Plain(path).chunk("/samples/000000/resid"), (std::vector<hsize_t>{1, 256, 4096}));
    }

    void spectrumRoundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("s.h5").toStdString();
        const std::vector<double> sv = {4.0, 3.0, 2.0, 0.5};
        const std::vector<double> vectors = identityVectors(4);
        {
            CacheWriter w(path, smallConfig(), smallIdentity());
            w.setSpectrum("unembed", sv, vectors, {0, 1, 4}, true);
            w.setSpectrum("unembed", sv, vectors, {0, 2, 4}, true); // replaces
            w.setSpectrum("embed", {1, 1, 1, 1}, vectors, {0, 4}, false);
            SPECTRO_VERIFY_ERROR(w.setSpectrum("other", sv, vectors, {0, 4}, false), "\"unembed\" or \"embed\"");
            SPECTRO_VERIFY_ERROR(w.setSpectrum("embed", {1, 2}, vectors, {0, 4}, false), "model's dim is 4");
            SPECTRO_VERIFY_ERROR(w.setSpectrum("embed", sv, {1, 0}, {0, 4}, false), "d*d = 16");
            SPECTRO_VERIFY_ERROR(w.setSpectrum("embed", sv, vectors, {0, 3, 3}, false), "band_edges[2]");
            SPECTRO_VERIFY_ERROR(w.setSpectrum("embed", sv, vectors, {0, 5}, false), "band_edges[1]");
            w.commit();
        }
        {
            const Plain p(path);
            QCOMPARE(p.doubles("/spectrum/unembed/singular_values"), sv);
            QCOMPARE(p.dims("/spectrum/unembed/vectors"), (std::vector<hsize_t>{4, 4}));
            QCOMPARE(p.doubles("/spectrum/unembed/vectors"), vectors);
            QCOMPARE(p.doubles("/spectrum/unembed/band_edges"), (std::vector<double>{0, 2, 4}));
            QCOMPARE(p.integer("/spectrum/unembed", "folded_norm"), 1);
        }
        const CacheReader r(path);
        QVERIFY(r.hasSpectrum("unembed") && r.hasSpectrum("embed"));
        const StoredSpectrum s = r.readSpectrum("unembed");
        QCOMPARE(s.dim, 4);
        QCOMPARE(s.singularValues, sv);
        QCOMPARE(s.vectors, vectors);
        QCOMPARE(s.bandEdges, (std::vector<int>{0, 2, 4}));
        QVERIFY(s.foldedNorm);
        QVERIFY(!r.readSpectrum("embed").foldedNorm);
    }

    void abandonedWriteLeavesNothing()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.h5").toStdString();
        {
            CacheWriter w(path, smallConfig(), {});
            w.addSample(0, fakeTaps(0, 3), "x", {});
            QVERIFY(QFile::exists(QString::fromStdString(w.temporaryPath())));
        } // destroyed without commit, as after an exception
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
    }

    void checkpointPublishesAndWritingGoesOn()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.h5").toStdString();
        CacheWriter w(path, smallConfig(), smallIdentity());
        w.addSample(0, fakeTaps(0, 3), "a", {});
        QVERIFY(w.checkpoint() >= 0);
        QCOMPARE(CacheReader(path).sampleIndices(), (std::vector<int>{0}));
        w.addSample(1, fakeTaps(1, 3), "b", {});
        QCOMPARE(CacheReader(path).sampleIndices(), (std::vector<int>{0})); // published state is untouched
        w.commit();
        QCOMPARE(CacheReader(path).sampleIndices(), (std::vector<int>{0, 1}));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
    }

    void sizeEstimateAndFreeSpace()
    {
        ModelConfig c = smallConfig();
        TapSet taps = TapSet::parse("resid,attn");
        taps.logits = false;
        // resid 3*10*4 + attn 2*2*10*10 values, + tokens and nll.
        QCOMPARE(estimateSampleBytes(c, taps, TapDType::Float32, 10), std::uint64_t{(120 + 400) * 4 + 80});
        QCOMPARE(estimateSampleBytes(c, taps, TapDType::BFloat16, 10), std::uint64_t{(120 + 400) * 2 + 80});
        QTemporaryDir dir;
        SPECTRO_VERIFY_ERROR(requireFreeSpace(dir.filePath("c.h5").toStdString(), std::uint64_t{1} << 60, "the cache"),
                             "are free in");
        requireFreeSpace(dir.filePath("c.h5").toStdString(), 1024, "the cache");
    }
};

QTEST_APPLESS_MAIN(TestCache)
#include "test_cache.moc"
