// /analysis in a committed cache: datasets and attributes round-trip (read back through the
// plain HDF5 API too), replacing them works, the samples already there are untouched, and bad
// input is refused before anything is copied.
#include "store/cache_analysis.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "test_cache_support.h"
#include "test_support.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>

using namespace spectro;

namespace {

std::string writeCache(const QTemporaryDir& dir)
{
    const std::string path = dir.filePath("a.h5").toStdString();
    CacheWriter w(path, test::smallConfig(), test::smallIdentity());
    w.addSample(0, test::fakeTaps(0, 5), "zero", test::fakeNll(0, 5));
    w.addSample(1, test::fakeTaps(1, 7), "one", test::fakeNll(1, 7));
    w.commit();
    return path;
}

std::vector<float> ramp(std::size_t n, float base)
{
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = base + static_cast<float>(i);
    return v;
}

} // namespace

class TestCacheAnalysis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripThroughReaderAndPlainHdf5()
    {
        QTemporaryDir dir;
        const std::string path = writeCache(dir);
        const QByteArray before = test::readAll(path);
        writeAnalysis(
            path,
            {AnalysisDataset::floats("udr/000000", {3, 5}, ramp(15, 0.5f), "U-dark ratio of resid[l] per token"),
             AnalysisDataset::floats("spectrogram/000001", {3, 7, 2}, ramp(42, 10), "energy per band"),
             AnalysisDataset::uint8("hmlv/000001", {2, 7},
                                    std::vector<std::uint8_t>{0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1}, "HMLV flags")},
            {{"bands", "uniform"}}, {{"hmlv_threshold", 0.9}, {"n_bands", 2}});
        QVERIFY(test::readAll(path) != before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"a.h5"}); // no temporary left

        {
            const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
            QVERIFY(file >= 0);
            std::vector<float> udr(15);
            const hid_t ds = H5Dopen2(file, "/analysis/udr/000000", H5P_DEFAULT);
            QVERIFY(H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, udr.data()) >= 0);
            QCOMPARE(udr, ramp(15, 0.5f));
            const hid_t type = H5Dget_type(ds);
            QCOMPARE(H5Tget_size(type), std::size_t{4});
            H5Tclose(type);
            H5Dclose(ds);
            const hid_t flags = H5Dopen2(file, "/analysis/hmlv/000001", H5P_DEFAULT);
            const hid_t ftype = H5Dget_type(flags);
            QCOMPARE(H5Tget_class(ftype), H5T_INTEGER);
            QCOMPARE(H5Tget_size(ftype), std::size_t{1});
            QCOMPARE(H5Tget_sign(ftype), H5T_SGN_NONE);
            H5Tclose(ftype);
            H5Dclose(flags);
            const hid_t attr = H5Aopen_by_name(file, "/analysis", "hmlv_threshold", H5P_DEFAULT, H5P_DEFAULT);
            double threshold = 0;
            H5Aread(attr, H5T_NATIVE_DOUBLE, &threshold);
            QCOMPARE(threshold, 0.9);
            H5Aclose(attr);
            H5Fclose(file);
        }

        const CacheReader r(path);
        QVERIFY(r.hasAnalysis("udr/000000"));
        QVERIFY(!r.hasAnalysis("udr/000001"));
        QVERIFY(!r.hasAnalysis("nothing/here"));
        QCOMPARE(r.readAnalysis("spectrogram/000001").shape, (std::vector<std::int64_t>{3, 7, 2}));
        QCOMPARE(r.readAnalysis("spectrogram/000001").values(), ramp(42, 10));
        const FlagArray f = r.readAnalysisFlags("hmlv/000001");
        QCOMPARE(f.shape, (std::vector<std::int64_t>{2, 7}));
        QCOMPARE(f.data[1], std::uint8_t{1});
        QCOMPARE(r.analysisDescription("udr/000000"), std::string("U-dark ratio of resid[l] per token"));
        const auto attrs = r.analysisAttributes();
        QCOMPARE(attrs.at("bands"), std::string("uniform"));
        QCOMPARE(attrs.at("hmlv_threshold"), std::string("0.9"));
        QCOMPARE(attrs.at("n_bands"), std::string("2"));
        SPECTRO_VERIFY_ERROR(r.readAnalysisFlags("udr/000000"), "not a uint8 flag array");
        // The samples are exactly as before.
        QCOMPARE(r.sampleIndices(), (std::vector<int>{0, 1}));
        QCOMPARE(r.read(1, "resid").data, test::fakeTaps(1, 7).resid.data);
        QCOMPARE(r.text(0), std::string("zero"));
    }

    void replacingDatasetsOrAll()
    {
        QTemporaryDir dir;
        const std::string path = writeCache(dir);
        writeAnalysis(path,
                      {AnalysisDataset::floats("udr/000000", {3, 5}, ramp(15, 0), "first"),
                       AnalysisDataset::floats("udr/000001", {3, 7}, ramp(21, 0), "first")},
                      {{"threshold", "0.5"}});
        writeAnalysis(path, {AnalysisDataset::floats("udr/000000", {15}, ramp(15, 100), "second")},
                      {{"threshold", "0.7"}});
        {
            const CacheReader r(path);
            QCOMPARE(r.readAnalysis("udr/000000").values(), ramp(15, 100));
            QCOMPARE(r.readAnalysis("udr/000000").shape, (std::vector<std::int64_t>{15}));
            QCOMPARE(r.analysisDescription("udr/000000"), std::string("second"));
            QVERIFY(r.hasAnalysis("udr/000001")); // kept
            QCOMPARE(r.analysisAttributes().at("threshold"), std::string("0.7"));
        }
        writeAnalysis(path, {AnalysisDataset::floats("edr/000000", {3, 5}, ramp(15, 0), "")}, {}, {},
                      AnalysisReplace::All);
        const CacheReader r(path);
        QVERIFY(!r.hasAnalysis("udr/000000"));
        QVERIFY(r.hasAnalysis("edr/000000"));
        QVERIFY(r.analysisAttributes().empty());
        QCOMPARE(r.analysisDescription("edr/000000"), std::string());
        QCOMPARE(r.sampleIndices(), (std::vector<int>{0, 1}));
    }

    void badInputChangesNothing()
    {
        QTemporaryDir dir;
        const std::string path = writeCache(dir);
        const QByteArray before = test::readAll(path);
        SPECTRO_VERIFY_ERROR(writeAnalysis(path, {AnalysisDataset::floats("udr/0", {2, 2}, ramp(3, 0), "")}, {}),
                             "has 3 values for a shape of 4");
        SPECTRO_VERIFY_ERROR(writeAnalysis(path, {AnalysisDataset::floats("/udr/0", {1}, ramp(1, 0), "")}, {}),
                             "relative to /analysis");
        SPECTRO_VERIFY_ERROR(writeAnalysis(path, {AnalysisDataset::floats("udr/../x", {1}, ramp(1, 0), "")}, {}),
                             "'udr/../x'");
        SPECTRO_VERIFY_ERROR(writeAnalysis(path, {AnalysisDataset::floats("udr//x", {1}, ramp(1, 0), "")}, {}),
                             "'udr//x'");
        AnalysisDataset both = AnalysisDataset::floats("x", {1}, ramp(1, 0), "");
        both.flags = {1};
        SPECTRO_VERIFY_ERROR(writeAnalysis(path, {both}, {}), "other type");
        QCOMPARE(test::readAll(path), before);
        const QString notCache = dir.filePath("n.h5");
        test::writeAll(notCache, "nope");
        SPECTRO_VERIFY_ERROR(writeAnalysis(notCache.toStdString(), {}, {}), "not an HDF5 file");
        SPECTRO_VERIFY_ERROR(writeAnalysis(dir.filePath("absent.h5").toStdString(), {}, {}), "not found");
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), (QStringList{"a.h5", "n.h5"}));
    }

    void spectrumAddedToAnExistingCache()
    {
        QTemporaryDir dir;
        const std::string path = writeCache(dir);
        {
            CacheWriter w = CacheWriter::append(path);
            std::vector<double> v(16, 0.0);
            for (int i = 0; i < 4; ++i) v[static_cast<std::size_t>(i * 5)] = 1.0;
            w.setSpectrum("embed", {3, 2, 1, 0}, v, {0, 1, 2, 3, 4}, false);
            w.commit();
        }
        const CacheReader r(path);
        QVERIFY(r.hasSpectrum("embed") && !r.hasSpectrum("unembed"));
        QCOMPARE(r.readSpectrum("embed").bandEdges, (std::vector<int>{0, 1, 2, 3, 4}));
        QCOMPARE(r.sampleIndices(), (std::vector<int>{0, 1}));
        SPECTRO_VERIFY_ERROR(r.readSpectrum("unembed"), "spectrum/unembed/singular_values' is missing");
    }
};

QTEST_APPLESS_MAIN(TestCacheAnalysis)
#include "test_cache_analysis.moc"
