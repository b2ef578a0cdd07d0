// Files that are not complete Spectroscope caches: each is refused with one line naming the file
// (SPECTRO_VERIFY_ERROR checks the line), and nothing crashes. Damaged copies of a real cache
// (truncated, or one byte flipped at offsets all over the file) either fail with an Error or
// read back exactly; with checksums on, damaged tap data is never returned silently.
#include "store/cache_analysis.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "test_cache_support.h"
#include "test_support.h"
#include "util/error.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>
#include <string>

using namespace spectro;

namespace {

void writeGood(const std::string& path, bool checksum)
{
    TapStorage storage;
    storage.checksum = checksum;
    {
        CacheWriter w(path, test::smallConfig(), test::smallIdentity(), storage);
        for (int i = 0; i < 3; ++i) w.addSample(i, test::fakeTaps(i, 24), "text of the sample", test::fakeNll(i, 24));
        w.setSpectrum("unembed", {4, 3, 2, 1}, std::vector<double>(16, 0.5), {0, 2, 4}, false);
        w.commit();
    }
    writeAnalysis(path,
                  {AnalysisDataset::floats("udr/000000", {3, 24}, std::vector<float>(72, 0.25f), "U-dark ratio"),
                   AnalysisDataset::uint8("hmlv/000000", {2, 24}, std::vector<std::uint8_t>(48, 1), "flags")},
                  {{"threshold", "0.9"}});
}

// Everything a cache holds, read through CacheReader (throws Error on any problem).
struct Contents {
    std::vector<int> samples;
    std::vector<std::vector<float>> values;
    std::vector<std::vector<int>> tokens;
    bool operator==(const Contents&) const = default;
};

Contents readEverything(const std::string& path)
{
    const CacheReader r(path);
    Contents c;
    c.samples = r.sampleIndices();
    for (int i : c.samples) {
        c.tokens.push_back(r.tokens(i));
        for (const char* name : {"resid", "attn", "nll"}) c.values.push_back(r.read(i, name).values());
        c.values.push_back(r.readSlice(i, "resid", 1).values());
    }
    const StoredSpectrum s = r.readSpectrum("unembed");
    c.values.push_back(std::vector<float>(s.vectors.begin(), s.vectors.end()));
    c.values.push_back(r.readAnalysis("udr/000000").values());
    const FlagArray f = r.readAnalysisFlags("hmlv/000000");
    c.tokens.push_back(std::vector<int>(f.data.begin(), f.data.end()));
    return c;
}

// Byte ranges of raw data in the file, found through the plain HDF5 API: chunks of chunked
// datasets (the taps: Fletcher-32 when checksums are on) and contiguous datasets (small ones:
// tokens, spectrum, analysis; never checksummed).
struct RawRanges {
    std::vector<std::pair<haddr_t, hsize_t>> chunks, contiguous;
    static bool inside(const std::vector<std::pair<haddr_t, hsize_t>>& ranges, haddr_t at)
    {
        for (const auto& [start, size] : ranges) {
            if (at >= start && at < start + size) return true;
        }
        return false;
    }
};

RawRanges rawRanges(const std::string& path)
{
    RawRanges ranges;
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    H5Ovisit2(
        file, H5_INDEX_NAME, H5_ITER_INC,
        [](hid_t root, const char* name, const H5O_info_t* info, void* out) -> herr_t {
            if (info->type != H5O_TYPE_DATASET) return 0;
            auto& r = *static_cast<RawRanges*>(out);
            const hid_t ds = H5Dopen2(root, name, H5P_DEFAULT);
            const hid_t plist = H5Dget_create_plist(ds);
            if (H5Pget_layout(plist) == H5D_CHUNKED) {
                const hid_t space = H5Dget_space(ds);
                hsize_t n = 0;
                H5Dget_num_chunks(ds, space, &n);
                for (hsize_t i = 0; i < n; ++i) {
                    unsigned mask = 0;
                    haddr_t addr = 0;
                    hsize_t size = 0;
                    H5Dget_chunk_info(ds, space, i, nullptr, &mask, &addr, &size);
                    r.chunks.push_back({addr, size});
                }
                H5Sclose(space);
            } else {
                r.contiguous.push_back({H5Dget_offset(ds), H5Dget_storage_size(ds)});
            }
            H5Pclose(plist);
            H5Dclose(ds);
            return 0;
        },
        &ranges, H5O_INFO_BASIC);
    H5Fclose(file);
    return ranges;
}

struct FlipOutcome {
    int refused = 0, identical = 0, changedInChunks = 0, changedInContiguous = 0, changedElsewhere = 0, badMessages = 0;
};

// Flips one byte every `stride` bytes (each in a fresh copy) and reads everything back.
FlipOutcome flipEverywhere(const QString& dirPath, const std::string& good, int stride)
{
    const Contents original = readEverything(good);
    const RawRanges ranges = rawRanges(good);
    const QByteArray bytes = test::readAll(good);
    FlipOutcome o;
    const QString flipped = dirPath + "/flipped.h5";
    for (qsizetype at = 0; at < bytes.size(); at += stride) {
        QByteArray copy = bytes;
        copy[at] = static_cast<char>(copy[at] ^ 0x5a);
        test::writeAll(flipped, copy);
        try {
            if (readEverything(flipped.toStdString()) == original)
                ++o.identical;
            else if (RawRanges::inside(ranges.chunks, static_cast<haddr_t>(at)))
                ++o.changedInChunks;
            else if (RawRanges::inside(ranges.contiguous, static_cast<haddr_t>(at)))
                ++o.changedInContiguous;
            else {
                ++o.changedElsewhere;
                qWarning("byte %lld: a flip outside raw data changed what is read", static_cast<long long>(at));
            }
        } catch (const Error& e) {
            ++o.refused;
            const std::string message = e.what();
            if (message.find("flipped.h5") == std::string::npos || message.find('\n') != std::string::npos) {
                qWarning("byte %lld: unhelpful message '%s'", static_cast<long long>(at), message.c_str());
                ++o.badMessages;
            }
        }
    }
    qInfo("%s: %d flips: %d refused, %d harmless, changed values: %d in tap chunks, %d in small datasets, %d elsewhere",
          good.c_str(), o.refused + o.identical + o.changedInChunks + o.changedInContiguous + o.changedElsewhere,
          o.refused, o.identical, o.changedInChunks, o.changedInContiguous, o.changedElsewhere);
    return o;
}

} // namespace

class TestCacheCorrupt : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

private Q_SLOTS:
    void foreignFiles()
    {
        const QString text = dir.filePath("text.h5");
        test::writeAll(text, "definitely not HDF5");
        SPECTRO_VERIFY_ERROR(CacheReader(text.toStdString()), "text.h5: not an HDF5 file");
        const QString empty = dir.filePath("empty.h5");
        test::writeAll(empty, "");
        SPECTRO_VERIFY_ERROR(CacheReader(empty.toStdString()), "empty.h5: not an HDF5 file");
        SPECTRO_VERIFY_ERROR(CacheReader(dir.filePath("none.h5").toStdString()), "none.h5: cache file not found");
        SPECTRO_VERIFY_ERROR(CacheReader(dir.path().toStdString()), "is a directory, not a regular file");

        // An HDF5 file of someone else's, without our root attribute.
        const std::string foreign = dir.filePath("foreign.h5").toStdString();
        hid_t f = H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        H5Fclose(f);
        SPECTRO_VERIFY_ERROR(CacheReader{foreign}, "foreign.h5: not a Spectroscope cache");

        // Our attribute, but a version from the future, or no model config.
        const std::string future = dir.filePath("future.h5").toStdString();
        writeGood(future, false);
        f = H5Fopen(future.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        const hid_t attr = H5Aopen(f, "format_version", H5P_DEFAULT);
        const int four = 4;
        H5Awrite(attr, H5T_NATIVE_INT, &four);
        H5Aclose(attr);
        H5Fclose(f);
        SPECTRO_VERIFY_ERROR(CacheReader{future}, "format version 4 is not supported");
        const std::string headless = dir.filePath("headless.h5").toStdString();
        writeGood(headless, false);
        f = H5Fopen(headless.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        H5Ldelete(f, "/model", H5P_DEFAULT);
        H5Fclose(f);
        SPECTRO_VERIFY_ERROR(CacheReader{headless}, "group 'model/config' is missing");
    }

    void truncatedCopies()
    {
        const std::string good = dir.filePath("good.h5").toStdString();
        writeGood(good, false);
        const QByteArray bytes = test::readAll(good);
        for (double fraction : {0.001, 0.1, 0.33, 0.5, 0.9, 0.999}) {
            const QString cut = dir.filePath("cut.h5");
            test::writeAll(cut, bytes.left(static_cast<qsizetype>(bytes.size() * fraction)));
            SPECTRO_VERIFY_ERROR(CacheReader(cut.toStdString()), "cut.h5");
        }
        const QString cut = dir.filePath("cut.h5");
        test::writeAll(cut, bytes.left(bytes.size() - 1));
        SPECTRO_VERIFY_ERROR(CacheReader(cut.toStdString()), "truncated");
    }

    void flippedBytesNeverCrash()
    {
        const std::string good = dir.filePath("good.h5").toStdString();
        writeGood(good, false);
        const FlipOutcome o = flipEverywhere(dir.path(), good, 97);
        QCOMPARE(o.badMessages, 0); // every refusal named the file, on one line
        // Metadata is checksummed (HDF5 1.10 format): a flip there is refused or harmless.
        QCOMPARE(o.changedElsewhere, 0);
        QVERIFY(o.refused > 0);
    }

    void checksumsCatchEveryFlipInTapData()
    {
        const std::string good = dir.filePath("sums.h5").toStdString();
        writeGood(good, true);
        const FlipOutcome o = flipEverywhere(dir.path(), good, 31);
        QCOMPARE(o.badMessages, 0);
        // Tap chunks carry Fletcher-32: no flip in them gets through. Only the small contiguous
        // datasets (tokens, spectrum, analysis) are unprotected.
        QCOMPARE(o.changedInChunks, 0);
        QCOMPARE(o.changedElsewhere, 0);
    }

    void unfinishedTemporaryIsRefused()
    {
        const std::string path = dir.filePath("t.h5").toStdString();
        CacheWriter w(path, test::smallConfig(), test::smallIdentity());
        w.addSample(0, test::fakeTaps(0, 4), "", {});
        // A byte copy of a temporary under write is what a killed writer leaves.
        const QString copy = QString::fromStdString(path + ".tmp-1-0");
        test::writeAll(copy, test::readAll(w.temporaryPath()));
        SPECTRO_VERIFY_ERROR(CacheReader(copy.toStdString()), "unfinished cache write");
    }
};

QTEST_APPLESS_MAIN(TestCacheCorrupt)
#include "test_cache_corrupt.moc"
