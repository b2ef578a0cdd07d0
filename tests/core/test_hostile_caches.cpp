// Hostile HDF5 caches, one test per class of docs/reliability.md. A good cache is written by
// CacheWriter and then damaged with the plain HDF5 API, as another tool (or an attacker) would:
// shapes that disagree with /model/config, empty or out-of-vocabulary tokens, root attributes
// that are arrays, huge or edited, links and storage that reach outside the file, filters that
// need plugins, FIFOs, and a cache of many empty "complete" samples. Each is refused with one line
// naming the file and the field, by CacheReader and by `spectroscope-cli analyze`, whose error
// must start a line of its own after the progress line.
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "store/hdf5_util.h"
#include "test_cache_support.h"
#include "test_support.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <hdf5.h>
#include <sys/stat.h>

using namespace spectro;

namespace {

// A cache of two samples (T = 5) with resid and attn, and a spectrum, so that `analyze` needs no
// model.
void writeGood(const std::string& path)
{
    CacheWriter w(path, test::smallConfig(), test::smallIdentity());
    for (int i = 0; i < 2; ++i) w.addSample(i, test::fakeTaps(i, 5), "text", test::fakeNll(i, 5));
    std::vector<double> identity(16, 0.0);
    for (int i = 0; i < 4; ++i) identity[static_cast<std::size_t>(i * 5)] = 1.0;
    w.setSpectrum("unembed", {4, 3, 2, 1}, identity, {0, 2, 4}, false);
    w.commit();
}

// Opens a cache for writing with the plain HDF5 API and closes it when done.
struct Edit {
    hid_t file;
    explicit Edit(const std::string& path) : file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)) {}
    ~Edit() { H5Fclose(file); }
    void replaceDataset(const char* name, hid_t type, std::vector<hsize_t> dims, const void* values = nullptr,
                        hid_t dcpl = H5P_DEFAULT)
    {
        H5Ldelete(file, name, H5P_DEFAULT);
        const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
        const hid_t ds = H5Dcreate2(file, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        hsize_t n = 1;
        for (auto d : dims) n *= d;
        std::vector<char> zeros(static_cast<std::size_t>(n * H5Tget_size(type)), 0);
        if (n) H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values ? values : zeros.data());
        H5Dclose(ds);
        H5Sclose(space);
    }
    // Replaces attribute `name` of `object` with `count` values of `type`.
    void replaceAttribute(const char* object, const char* name, hid_t type, hsize_t count, const void* values)
    {
        const hid_t o = H5Oopen(file, object, H5P_DEFAULT);
        if (H5Aexists(o, name) > 0) H5Adelete(o, name);
        const hid_t space = count == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &count, nullptr);
        const hid_t a = H5Acreate2(o, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
        H5Awrite(a, type, values);
        H5Aclose(a);
        H5Sclose(space);
        H5Oclose(o);
    }
    // Recomputes root_checksum, as a forger who read our source would.
    void forgeChecksum(const std::string& path)
    {
        const std::string sum = h5::rootChecksum(file, path);
        h5::writeString(file, "root_checksum", sum);
    }
};

struct Cli {
    int code = -1;
    QString err;
};

// The reader's process has the external link class unregistered (h5::prepareLibrary), so a test
// that wants to write one registers a stand-in of that class id for the moment it takes: on disk
// the link is an ordinary external link (flags byte, file name, object path).
void createExternalLink(hid_t file, const char* name, const std::string& target, const char* object)
{
    static const H5L_class_t standIn = {
        H5L_LINK_CLASS_T_VERS,
        H5L_TYPE_EXTERNAL,
        "external (test stand-in)",
        nullptr,
        nullptr,
        nullptr,
        [](const char*, hid_t, const void*, size_t, hid_t, hid_t) -> hid_t { return -1; },
        nullptr,
        nullptr};
    std::string data(1, '\0');
    data.append(target).push_back('\0');
    data.append(object).push_back('\0');
    QVERIFY(H5Lregister(&standIn) >= 0);
    QVERIFY(H5Lcreate_ud(file, name, H5L_TYPE_EXTERNAL, data.data(), data.size(), H5P_DEFAULT, H5P_DEFAULT) >= 0);
    QVERIFY(H5Lunregister(H5L_TYPE_EXTERNAL) >= 0);
}

Cli analyze(const std::string& cache)
{
    QProcess p;
    p.start(QString::fromUtf8(SPECTRO_CLI_PATH),
            {"analyze", QString::fromStdString(cache), "--no-embed", "--bands", "2"});
    if (!p.waitForFinished(120000)) {
        p.kill();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardError())};
}

// `analyze` fails with exit code 1 and its error, naming `needle`, on a line of its own.
void expectAnalyzeRefuses(const std::string& cache, const QString& needle)
{
    const Cli r = analyze(cache);
    QVERIFY2(r.code == 1, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
    const QStringList lines = r.err.split('\n', Qt::SkipEmptyParts);
    QVERIFY2(!lines.isEmpty() && lines.last().startsWith("error: ") && lines.last().contains(needle),
             qPrintable(r.err));
    for (const QString& line : lines) {
        // A progress line and the error must never share a line ("1/2 sampleserror: ...").
        QVERIFY2(!(line.contains("samples") && line.contains("error:") && !line.startsWith("error:")),
                 qPrintable(r.err));
    }
}

} // namespace

class TestHostileCaches : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

    std::string fresh(const char* name)
    {
        const std::string path = dir.filePath(name).toStdString();
        QFile::remove(QString::fromStdString(path));
        writeGood(path);
        return path;
    }

private Q_SLOTS:
    void goodCacheAnalyses()
    {
        const std::string path = fresh("good.h5");
        const Cli r = analyze(path);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(CacheReader(path).hasAnalysis("udr/000001"));
    }

    // ------------------------------------------------------------------ shapes (crashed analyze)
    void shapesThatDisagreeWithTheConfig_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QVector<qulonglong>>("dims");
        QTest::addColumn<QString>("message");
        // smallConfig: L = 2, H = 2, d = 4; sample 1 has T = 5.
        QTest::newRow("attn T")
            << "/samples/000001/attn" << QVector<qulonglong>{2, 2, 6, 6}
            << "dataset 'samples/000001/attn' has shape [2, 2, 6, 6]; /model/config and its 5 tokens give [2, 2, 5, 5]";
        QTest::newRow("attn heads") << "/samples/000001/attn" << QVector<qulonglong>{2, 3, 5, 5} << "give [2, 2, 5, 5]";
        QTest::newRow("attn rank") << "/samples/000001/attn" << QVector<qulonglong>{2, 2, 25} << "has shape [2, 2, 25]";
        QTest::newRow("resid layers") << "/samples/000001/resid" << QVector<qulonglong>{2, 5, 4} << "give [3, 5, 4]";
        QTest::newRow("resid d") << "/samples/000001/resid" << QVector<qulonglong>{3, 5, 8} << "give [3, 5, 4]";
        QTest::newRow("nll") << "/samples/000001/nll" << QVector<qulonglong>{9} << "give [4]";
    }
    void shapesThatDisagreeWithTheConfig()
    {
        QFETCH(QString, dataset);
        QFETCH(QVector<qulonglong>, dims);
        QFETCH(QString, message);
        const std::string path = fresh("shape.h5");
        {
            Edit e(path);
            e.replaceDataset(dataset.toUtf8().constData(), H5T_IEEE_F32LE,
                             std::vector<hsize_t>(dims.begin(), dims.end()));
        }
        const std::string name = dataset.section('/', 3).toStdString();
        SPECTRO_VERIFY_ERROR(CacheReader(path).read(1, name), message.toStdString().c_str());
        SPECTRO_VERIFY_ERROR(CacheReader(path).readSlice(1, name, 0), message.toStdString().c_str());
        if (name != "nll") expectAnalyzeRefuses(path, message);
    }

    void tokensThatDisagree()
    {
        const std::string path = fresh("tokens.h5");
        {
            Edit e(path);
            const int four[] = {1, 2, 3, 4};
            e.replaceDataset("/samples/000001/tokens", H5T_STD_I32LE, {4}, four);
        }
        SPECTRO_VERIFY_ERROR(CacheReader(path).read(1, "resid"),
                             "has shape [3, 5, 4]; /model/config and its 4 tokens give [3, 4, 4]");
        expectAnalyzeRefuses(path, "its 4 tokens give [3, 4, 4]");
        {
            Edit e(path);
            e.replaceDataset("/samples/000001/tokens", H5T_STD_I32LE, {0});
        }
        SPECTRO_VERIFY_ERROR(CacheReader(path).tokens(1),
                             "dataset 'samples/000001/tokens' has shape [0]; expected [T] with 1 <= T <= 64");
        expectAnalyzeRefuses(path, "has shape [0]");
        {
            Edit e(path);
            const int ids[] = {1, 2, 3, 99, 4}; // vocab_size 16
            e.replaceDataset("/samples/000001/tokens", H5T_STD_I32LE, {5}, ids);
        }
        SPECTRO_VERIFY_ERROR(CacheReader(path).tokens(1), "holds token id 99 at 3, outside the vocabulary of 16");
        {
            Edit e(path);
            const float ids[] = {1, 2, 3, 4, 5};
            e.replaceDataset("/samples/000001/tokens", H5T_IEEE_F32LE, {5}, ids);
        }
        SPECTRO_VERIFY_ERROR(CacheReader(path).tokens(1), "does not hold integers");
    }

    void spectrumThatDisagrees()
    {
        const std::string path = fresh("spectrum.h5");
        {
            Edit e(path);
            const double three[] = {3, 2, 1};
            e.replaceDataset("/spectrum/unembed/singular_values", H5T_IEEE_F64LE, {3}, three);
        }
        SPECTRO_VERIFY_ERROR(CacheReader(path).readSpectrum("unembed"), "singular_values' has 3 values; expected 4");
        expectAnalyzeRefuses(path, "expected 4");
        const std::string edges = fresh("edges.h5");
        {
            Edit e(edges);
            const int bad[] = {0, 3, 2};
            e.replaceDataset("/spectrum/unembed/band_edges", H5T_STD_I32LE, {3}, bad);
        }
        SPECTRO_VERIFY_ERROR(CacheReader(edges).readSpectrum("unembed"), "band_edges' is invalid at entry 2");
    }

    // ------------------------------------------------------------------ root attributes
    void badRootAttributes()
    {
        const std::string path = fresh("attrs.h5");
        {
            // An array where one value belongs: it was read into a one-value buffer.
            Edit e(path);
            const std::vector<int> many(1000, 3);
            e.replaceAttribute("/", "format_version", H5T_STD_I32LE, 1000, many.data());
        }
        SPECTRO_VERIFY_ERROR(CacheReader{path}, "attribute 'format_version' of the root group is not a single value");
        {
            Edit e(path);
            const long long big = (1ll << 32) + 3;
            e.replaceAttribute("/", "format_version", H5T_STD_I64LE, 1, &big);
        }
        SPECTRO_VERIFY_ERROR(CacheReader{path},
                             "'format_version' of the root group = 4294967299 does not fit a 32-bit integer");
        {
            Edit e(path);
            const double real = 3.0;
            e.replaceAttribute("/", "format_version", H5T_IEEE_F64LE, 1, &real);
        }
        SPECTRO_VERIFY_ERROR(CacheReader{path}, "'format_version' of the root group is not an integer");
        {
            Edit e(path);
            const char text[64 * 4] = "spectroscope-cache";
            const hid_t type = H5Tcopy(H5T_C_S1);
            H5Tset_size(type, 64);
            e.replaceAttribute("/", "format", type, 4, text);
            H5Tclose(type);
        }
        SPECTRO_VERIFY_ERROR(CacheReader{path}, "attribute 'format' is not a fixed-length string");
    }

    void editedOrForeignAttributesAreRefused()
    {
        const std::string path = fresh("edited.h5");
        {
            Edit e(path);
            h5::writeString(e.file, "model_path", "/elsewhere/model.bin");
        }
        SPECTRO_VERIFY_ERROR(CacheReader{path}, "its root attributes do not match root_checksum");
        const std::string config = fresh("config.h5");
        {
            Edit e(config);
            const int layers = 1;
            e.replaceAttribute("/model/config", "n_layers", H5T_STD_I32LE, 1, &layers);
        }
        SPECTRO_VERIFY_ERROR(CacheReader{config}, "do not match root_checksum");
        const std::string none = fresh("nosum.h5");
        {
            Edit e(none);
            H5Adelete(e.file, "root_checksum");
        }
        SPECTRO_VERIFY_ERROR(CacheReader{none}, "has no root_checksum attribute (not written by Spectroscope)");
        // A forged checksum gets past that check, not past the fields' own.
        const std::string forged = fresh("forged.h5");
        {
            Edit e(forged);
            h5::writeString(e.file, "tap_dtype", "float7");
            e.forgeChecksum(forged);
        }
        SPECTRO_VERIFY_ERROR(CacheReader{forged}, "root attribute 'tap_dtype'");
        const std::string old = fresh("old.h5");
        {
            Edit e(old);
            h5::writeInt(e.file, "format_version", 2);
        }
        SPECTRO_VERIFY_ERROR(CacheReader{old}, "cache format version 2 predates the root checksum of version 3");
    }

    // ------------------------------------------------------------------ outside the file
    void linksStorageAndFiltersOutsideTheFile()
    {
        const std::string path = fresh("links.h5");
        const std::string other = dir.filePath("other.h5").toStdString();
        writeGood(other);
        {
            Edit e(path);
            createExternalLink(e.file, "/samples/000002", other, "/samples/000000");
            createExternalLink(e.file, "/samples/000001/mlp_out", other, "/samples/000000/resid");
        }
        SPECTRO_VERIFY_ERROR(CacheReader(path).sampleIndices(), "/samples holds a soft or external link");
        SPECTRO_VERIFY_ERROR(CacheReader(path).read(1, "mlp_out"), "dataset 'samples/000001/mlp_out' is missing");
        const std::string soft = fresh("soft.h5");
        {
            Edit e(soft);
            H5Ldelete(e.file, "/samples/000001/resid", H5P_DEFAULT);
            H5Lcreate_soft("/samples/000000/resid", e.file, "/samples/000001/resid", H5P_DEFAULT, H5P_DEFAULT);
        }
        SPECTRO_VERIFY_ERROR(CacheReader(soft).read(1, "resid"), "dataset 'samples/000001/resid' is missing");

        // Raw data kept in another file (here: bytes of /etc/hostname would do).
        const std::string external = fresh("external.h5");
        {
            Edit e(external);
            const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
            H5Pset_external(dcpl, dir.filePath("raw.bin").toUtf8().constData(), 0, 5 * 4);
            e.replaceDataset("/samples/000001/nll_external", H5T_IEEE_F32LE, {4}, nullptr, dcpl);
            H5Ldelete(e.file, "/samples/000001/nll", H5P_DEFAULT);
            H5Lmove(e.file, "/samples/000001/nll_external", e.file, "/samples/000001/nll", H5P_DEFAULT, H5P_DEFAULT);
            H5Pclose(dcpl);
        }
        SPECTRO_VERIFY_ERROR(CacheReader(external).read(1, "nll"), "keeps its data in other files");

        // A filter other than the three the writer uses (scale-offset is built in; a plugin
        // filter would be refused the same way, and plugins are never loaded).
        const std::string filtered = fresh("filtered.h5");
        {
            Edit e(filtered);
            const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
            const hsize_t chunk = 4;
            H5Pset_chunk(dcpl, 1, &chunk);
            H5Pset_scaleoffset(dcpl, H5Z_SO_FLOAT_DSCALE, 2);
            e.replaceDataset("/samples/000001/nll", H5T_IEEE_F32LE, {4}, nullptr, dcpl);
            H5Pclose(dcpl);
        }
        SPECTRO_VERIFY_ERROR(CacheReader(filtered).read(1, "nll"),
                             "needs HDF5 filter 6 (caches use only deflate, shuffle and Fletcher-32)");
    }

    // ------------------------------------------------------------------ hangs
    void fifoCache()
    {
        const std::string path = dir.filePath("fifo.h5").toStdString();
        QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
        SPECTRO_VERIFY_ERROR(CacheReader{path}, "fifo.h5: is a FIFO, not a regular file");
    }

    void manyEmptyCompleteSamples()
    {
        // 20,000 empty samples marked complete: listing them was quadratic, analysing them never
        // finished. Now the list takes one pass and `analyze` refuses the first one.
        const std::string path = fresh("many.h5");
        {
            Edit e(path);
            const hid_t samples = H5Gopen2(e.file, "/samples", H5P_DEFAULT);
            const hsize_t zero = 0;
            const hid_t space = H5Screate_simple(1, &zero, nullptr);
            const hid_t scalar = H5Screate(H5S_SCALAR);
            const int one = 1;
            for (int i = 2; i < 20002; ++i) {
                const hid_t g = H5Gcreate2(samples, sampleName(i).c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
                const hid_t ds = H5Dcreate2(g, "tokens", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
                const hid_t a = H5Acreate2(g, "complete", H5T_STD_I32LE, scalar, H5P_DEFAULT, H5P_DEFAULT);
                H5Awrite(a, H5T_NATIVE_INT, &one);
                H5Aclose(a);
                H5Dclose(ds);
                H5Gclose(g);
            }
            H5Sclose(scalar);
            H5Sclose(space);
            H5Gclose(samples);
        }
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(CacheReader(path).sampleIndices().size(), std::size_t{20002});
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
        SPECTRO_VERIFY_ERROR(CacheReader(path).tokens(2), "dataset 'samples/000002/tokens' has shape [0]");
        expectAnalyzeRefuses(path, "sample 000002 has no resid tap");
        QVERIFY2(timer.elapsed() < 60000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_APPLESS_MAIN(TestHostileCaches)
#include "test_hostile_caches.moc"
