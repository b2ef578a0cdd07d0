// The HDF5 cache: what the writer stores is read back by the plain HDF5 C API (independent of
// the reader's code) and by CacheReader; unfinished, corrupt and foreign files are refused.
#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>

#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "test_support.h"

using namespace spectro;

namespace {

SampleTaps fakeTaps(int T, int d, int L, float base)
{
    SampleTaps t;
    for (int i = 0; i < T; ++i) t.tokens.push_back(i + 1);
    t.resid = Array({L + 1, T, d});
    for (std::size_t i = 0; i < t.resid.data.size(); ++i) t.resid.data[i] = base + static_cast<float>(i);
    t.attention = Array({L, 2, T, T});
    for (std::size_t i = 0; i < t.attention.data.size(); ++i) t.attention.data[i] = static_cast<float>(i % 7);
    return t;
}

ModelConfig smallConfig()
{
    ModelConfig c;
    c.dim = 4, c.hiddenDim = 8, c.nLayers = 2, c.nHeads = 2, c.nKvHeads = 1, c.vocabSize = 16, c.maxSeqLen = 32;
    return c;
}

}  // namespace

class TestCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void writtenDataReadsBackWithPlainHdf5()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.h5").toStdString();
        {
            CacheWriter w(path, smallConfig(), {"model.bin", "llama2c-v0", "abc123", "sentencepiece:tok.model", "{}"});
            w.addSample(0, fakeTaps(3, 4, 2, 0.5f), "first", {1.5f, 2.5f});
            w.addSample(1, fakeTaps(5, 4, 2, 100.0f), "second", {});
            QVERIFY(!QFile::exists(QString::fromStdString(path)));  // nothing under the real name yet
            w.commit();
        }
        QVERIFY(QFile::exists(QString::fromStdString(path)));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);  // no temporary left

        const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        QVERIFY(file >= 0);
        const hid_t ds = H5Dopen2(file, "/samples/000001/resid", H5P_DEFAULT);
        QVERIFY(ds >= 0);
        const hid_t space = H5Dget_space(ds);
        hsize_t dims[3];
        QCOMPARE(H5Sget_simple_extent_ndims(space), 3);
        H5Sget_simple_extent_dims(space, dims, nullptr);
        QCOMPARE(dims[0], hsize_t{3});
        QCOMPARE(dims[1], hsize_t{5});
        QCOMPARE(dims[2], hsize_t{4});
        std::vector<float> values(60);
        QVERIFY(H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
        QCOMPARE(values[0], 100.0f);
        QCOMPARE(values[59], 159.0f);
        const hid_t type = H5Dget_type(ds);
        QCOMPARE(H5Tget_size(type), std::size_t{4});
        QCOMPARE(H5Tget_class(type), H5T_FLOAT);
        H5Tclose(type);
        H5Sclose(space);
        H5Dclose(ds);
        const hid_t attr = H5Aopen(file, "format", H5P_DEFAULT);
        const hid_t atype = H5Aget_type(attr);
        std::string format(H5Tget_size(atype), '\0');
        H5Aread(attr, atype, format.data());
        QCOMPARE(QString::fromStdString(format).remove(QChar('\0')), QString("spectroscope-cache"));
        H5Tclose(atype);
        H5Aclose(attr);
        H5Fclose(file);

        const CacheReader r(path);
        QCOMPARE(r.sampleIndices(), (std::vector<int>{0, 1}));
        QCOMPARE(r.tokens(1), (std::vector<int>{1, 2, 3, 4, 5}));
        QCOMPARE(r.attribute("model_fingerprint"), std::string("abc123"));
        QCOMPARE(r.config().nKvHeads, 1);
        QVERIFY(r.has(0, "nll"));
        QVERIFY(!r.has(1, "nll"));
        QCOMPARE(r.read(0, "nll").data, (std::vector<float>{1.5f, 2.5f}));
        const Array layer1 = r.readSlice(1, "resid", 1);
        QCOMPARE(layer1.shape, (std::vector<std::int64_t>{5, 4}));
        QCOMPARE(layer1.data[0], 120.0f);
        QCOMPARE(r.read(0, "attn").shape, (std::vector<std::int64_t>{2, 2, 3, 3}));
    }

    void abandonedWriteLeavesNothing()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("c.h5").toStdString();
        {
            CacheWriter w(path, smallConfig(), {});
            w.addSample(0, fakeTaps(3, 4, 2, 0), "x", {});
        }  // destroyed without commit, as after an exception
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
    }

    void refusesForeignAndCorruptFiles()
    {
        QTemporaryDir dir;
        const QString text = dir.filePath("text.h5");
        test::writeAll(text, "definitely not HDF5");
        SPECTRO_VERIFY_ERROR(CacheReader(text.toStdString()), "not an HDF5 file");

        const std::string foreign = dir.filePath("foreign.h5").toStdString();
        const hid_t f = H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        H5Fclose(f);
        SPECTRO_VERIFY_ERROR(CacheReader{foreign}, "not a Spectroscope cache");

        const std::string good = dir.filePath("good.h5").toStdString();
        CacheWriter w(good, smallConfig(), {});
        w.addSample(0, fakeTaps(3, 4, 2, 0), "x", {});
        w.commit();
        const QByteArray bytes = test::readAll(good);
        const QString cut = dir.filePath("cut.h5");
        test::writeAll(cut, bytes.left(bytes.size() / 3));
        SPECTRO_VERIFY_ERROR(CacheReader(cut.toStdString()), "cut.h5");
        SPECTRO_VERIFY_ERROR(CacheReader(dir.filePath("none.h5").toStdString()), "not found");
        SPECTRO_VERIFY_ERROR(CacheReader(good).read(0, "mlp_out"), "missing");
    }
};

QTEST_APPLESS_MAIN(TestCache)
#include "test_cache.moc"
