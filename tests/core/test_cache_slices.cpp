// What the workbench reads from a cache besides whole datasets: /vocabulary (written, read back
// through the plain HDF5 API, absent from older caches, kept when a cache is extended), blocks
// of float datasets in every storage type, shapes without reading, spectra without their
// vectors, and the byte count that proves what a reader returned.
#include "store/cache_analysis.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "test_cache_support.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>

using namespace spectro;

namespace {

std::vector<std::string> pieces()
{
    return {"<unk>", "<s>", "</s>", "\u2581the", "<0x0A>", "caf\u00e9", "", "x"};
}

std::string writeCache(const QTemporaryDir& dir, TapDType dtype, bool vocabulary = true)
{
    const std::string path = dir.filePath("c-" + QString::fromStdString(tapDTypeName(dtype)) + ".h5").toStdString();
    TapStorage storage;
    storage.dtype = dtype;
    CacheWriter w(path, test::smallConfig(), test::smallIdentity(), storage);
    w.addSample(0, test::fakeTaps(0, 5), "zero", test::fakeNll(0, 5));
    w.addSample(1, test::fakeTaps(1, 7), "one", test::fakeNll(1, 7));
    if (vocabulary) w.setVocabulary(pieces(), 1, 2);
    w.commit();
    return path;
}

} // namespace

class TestCacheSlices : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void vocabularyRoundTripsAndIsPlainHdf5()
    {
        QTemporaryDir dir;
        const std::string path = writeCache(dir, TapDType::Float32);
        const CacheReader cache(path);
        QVERIFY(cache.hasVocabulary());
        const StoredVocabulary v = cache.vocabulary();
        QCOMPARE(v.pieces, pieces());
        QCOMPARE(v.bosId, 1);
        QCOMPARE(v.eosId, 2);

        // Independently of our reader: variable-length UTF-8 strings, as h5py reads them.
        const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        const hid_t ds = H5Dopen2(file, "/vocabulary/pieces", H5P_DEFAULT);
        const hid_t type = H5Dget_type(ds);
        QVERIFY(H5Tis_variable_str(type) > 0);
        QCOMPARE(H5Tget_cset(type), H5T_CSET_UTF8);
        std::vector<char*> raw(8);
        QVERIFY(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) >= 0);
        QCOMPARE(std::string(raw[3]), std::string("\u2581the"));
        const hid_t space = H5Dget_space(ds);
        H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
        H5Sclose(space);
        H5Tclose(type);
        H5Dclose(ds);
        H5Fclose(file);
    }

    void olderCachesHaveNoVocabularyAndExtendingKeepsIt()
    {
        QTemporaryDir dir;
        const std::string old = writeCache(dir, TapDType::Float32, false);
        QVERIFY(!CacheReader(old).hasVocabulary());
        SPECTRO_VERIFY_ERROR(CacheReader(old).vocabulary(), "'vocabulary/pieces' is missing");

        const std::string path = writeCache(dir, TapDType::Float16);
        CacheWriter w = CacheWriter::append(path, TapStorage{TapDType::Float16});
        w.addSample(2, test::fakeTaps(2, 4), "two", test::fakeNll(2, 4));
        w.commit();
        QCOMPARE(CacheReader(path).vocabulary().pieces, pieces());

        CacheWriter bad(dir.filePath("bad.h5").toStdString(), test::smallConfig(), test::smallIdentity());
        SPECTRO_VERIFY_ERROR(bad.setVocabulary(std::vector<std::string>(17, "a"), 1, 2),
                             "17 pieces for a model of vocab_size 16");
        SPECTRO_VERIFY_ERROR(bad.setVocabulary({}, 1, 2), "0 pieces");
    }

    void blocksEqualTheWholeDatasetInEveryStorageType()
    {
        QTemporaryDir dir;
        for (TapDType dtype : {TapDType::Float32, TapDType::Float16, TapDType::BFloat16}) {
            const CacheReader cache(writeCache(dir, dtype));
            const Array attn = cache.read(1, "attn"); // [2, 2, 7, 7]
            QCOMPARE(cache.shape(1, "attn"), (std::vector<std::int64_t>{2, 2, 7, 7}));
            const Array head = cache.readBlock(1, "attn", {1, 0, 0, 0}, {1, 1, 7, 7});
            QCOMPARE(head.shape, (std::vector<std::int64_t>{1, 1, 7, 7}));
            for (int i = 0; i < 49; ++i)
                QCOMPARE(head.data[static_cast<std::size_t>(i)], attn.data[static_cast<std::size_t>(98 + i)]);
            // A column: key 0 of every query of both heads of layer 0.
            const Array column = cache.readBlock(1, "attn", {0, 0, 0, 0}, {1, 2, 7, 1});
            for (int h = 0; h < 2; ++h)
                for (int q = 0; q < 7; ++q)
                    QCOMPARE(column.data[static_cast<std::size_t>(h * 7 + q)],
                             attn.data[static_cast<std::size_t>((h * 7 + q) * 7)]);
            // One token of every stream of resid.
            const Array resid = cache.read(0, "resid"); // [3, 5, 4]
            const Array token = cache.readBlock(0, "resid", {0, 3, 0}, {3, 1, 4});
            for (int s = 0; s < 3; ++s)
                for (int i = 0; i < 4; ++i)
                    QCOMPARE(token.data[static_cast<std::size_t>(s * 4 + i)],
                             resid.data[static_cast<std::size_t>((s * 5 + 3) * 4 + i)]);
            QCOMPARE(cache.readBlock(0, "resid", {0, 0, 0}, {0, 5, 4}).numel(), std::int64_t{0});
            SPECTRO_VERIFY_ERROR(cache.readBlock(0, "resid", {0, 3, 0}, {3, 3, 4}),
                                 "block [3, 6) of axis 1 lies outside");
            SPECTRO_VERIFY_ERROR(cache.readBlock(0, "resid", {0, 0}, {1, 1}), "has 3 axes; a block of 2");
            SPECTRO_VERIFY_ERROR(cache.readBlock(0, "resid", {-1, 0, 0}, {1, 1, 1}), "outside");
            SPECTRO_VERIFY_ERROR(cache.readBlock(0, "mlp_out", {0, 0, 0}, {1, 1, 1}),
                                 "'samples/000000/mlp_out' is missing");
        }
    }

    void analysisBlocksAndSpectrumValues()
    {
        QTemporaryDir dir;
        const std::string path = writeCache(dir, TapDType::Float32);
        std::vector<float> udr(15);
        for (std::size_t i = 0; i < udr.size(); ++i) udr[i] = 0.5f + static_cast<float>(i);
        writeAnalysis(path, {AnalysisDataset::floats("udr/000000", {3, 5}, udr, "U-dark ratio")}, {});
        {
            CacheWriter w = CacheWriter::append(path);
            std::vector<double> vectors(16, 0.0);
            for (int i = 0; i < 4; ++i) vectors[static_cast<std::size_t>(i * 5)] = 1;
            w.setSpectrum("unembed", {4, 3, 2, 1}, vectors, {0, 2, 4}, true);
            w.commit();
        }
        const CacheReader cache(path);
        QCOMPARE(cache.analysisShape("udr/000000"), (std::vector<std::int64_t>{3, 5}));
        const Array row = cache.readAnalysisBlock("udr/000000", {2, 0}, {1, 5});
        QCOMPARE(row.values(), (std::vector<float>{10.5f, 11.5f, 12.5f, 13.5f, 14.5f}));
        QCOMPARE(cache.bytesRead(), std::uint64_t{5 * 4});
        const StoredSpectrum values = cache.readSpectrumValues("unembed");
        QCOMPARE(values.singularValues, (std::vector<double>{4, 3, 2, 1}));
        QCOMPARE(values.bandEdges, (std::vector<int>{0, 2, 4}));
        QVERIFY(values.vectors.empty());
        QVERIFY(values.foldedNorm);
        QCOMPARE(cache.readBandEdges("unembed"), (std::vector<int>{0, 2, 4}));
        QCOMPARE(cache.bytesRead(), std::uint64_t{5 * 4 + 4 * 8 + 3 * 4 + 3 * 4});
        QCOMPARE(cache.readSpectrum("unembed").vectors.size(), std::size_t{16});
        QCOMPARE(cache.bytesRead(), std::uint64_t{5 * 4 + 4 * 8 + 3 * 4 + 3 * 4 + (4 + 16) * 8 + 3 * 4});
    }

    void bytesReadCountsWhatIsReturned()
    {
        QTemporaryDir dir;
        const CacheReader cache(writeCache(dir, TapDType::BFloat16));
        QCOMPARE(cache.bytesRead(), std::uint64_t{0});
        cache.tokens(1);
        QCOMPARE(cache.bytesRead(), std::uint64_t{7 * 4});
        cache.readSlice(1, "resid", 2); // [7, 4] as float32, whatever the stored type
        QCOMPARE(cache.bytesRead(), std::uint64_t{7 * 4 + 7 * 4 * 4});
        cache.read(0, "nll");
        QCOMPARE(cache.bytesRead(), std::uint64_t{7 * 4 + 7 * 4 * 4 + 4 * 4});
        cache.shape(0, "attn");
        cache.has(0, "attn");
        QCOMPARE(cache.bytesRead(), std::uint64_t{7 * 4 + 7 * 4 * 4 + 4 * 4});
    }
};

QTEST_APPLESS_MAIN(TestCacheSlices)
#include "test_cache_slices.moc"
