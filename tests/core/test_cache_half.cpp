// 16-bit tap storage: our float16/bfloat16 conversions against independent references: the
// binary16 definition evaluated with ldexp for every one of the 65536 codes, round-to-nearest-
// even on exact midpoints, and HDF5's own converter applied to our HDF5 type definitions (which
// is what h5py and other readers use).
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "store/half_float.h"
#include "test_cache_support.h"

#include <QTemporaryDir>
#include <QTest>
#include <bit>
#include <cmath>
#include <hdf5.h>
#include <limits>

using namespace spectro;

namespace {

// binary16 by its definition: (-1)^s * 2^(e-15) * 1.m, subnormals 2^-14 * 0.m.
double binary16Value(std::uint16_t h)
{
    const int sign = h >> 15, e = (h >> 10) & 31, m = h & 1023;
    double v;
    if (e == 31)
        v = m ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
    else if (e == 0)
        v = std::ldexp(m, -24);
    else
        v = std::ldexp(1024 + m, e - 25);
    return sign ? -v : v;
}

double bfloat16Value(std::uint16_t h)
{
    const int sign = h >> 15, e = (h >> 7) & 255, m = h & 127;
    double v;
    if (e == 255)
        v = m ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
    else if (e == 0)
        v = std::ldexp(m, -133);
    else
        v = std::ldexp(128 + m, e - 134);
    return sign ? -v : v;
}

bool same(double a, float b)
{
    return (std::isnan(a) && std::isnan(b)) || a == static_cast<double>(b);
}

} // namespace

class TestCacheHalf : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decodingMatchesTheDefinitionForEveryCode()
    {
        std::vector<std::uint16_t> codes(65536);
        for (std::size_t i = 0; i < codes.size(); ++i) codes[i] = static_cast<std::uint16_t>(i);
        std::vector<float> half(codes.size()), bf(codes.size());
        halfToFloat(codes.data(), half.data(), codes.size());
        bfloat16ToFloat(codes.data(), bf.data(), codes.size());
        for (std::size_t i = 0; i < codes.size(); ++i) {
            const auto h = static_cast<std::uint16_t>(i);
            QVERIFY2(same(binary16Value(h), half[i]), qPrintable(QString("f16 code %1").arg(i, 4, 16)));
            QVERIFY2(same(bfloat16Value(h), bf[i]), qPrintable(QString("bf16 code %1").arg(i, 4, 16)));
        }
    }

    void encodingRoundTripsEveryCodeAndRoundsToEven()
    {
        // Every finite code, and the midpoint from each code to the next one up in magnitude
        // (which must round to whichever of the two is even), converted in bulk (the vector
        // path, where the CPU has one) and one value at a time (the scalar path).
        std::vector<float> inputs;
        std::vector<std::uint16_t> expected;
        for (std::uint32_t i = 0; i < 65536; ++i) {
            const auto h = static_cast<std::uint16_t>(i);
            const double v = binary16Value(h);
            if (std::isnan(v)) continue;
            inputs.push_back(static_cast<float>(v));
            expected.push_back(h);
            if ((h & 0x7fff) >= 0x7bff) continue; // the next code is inf: see below
            const std::uint16_t next = static_cast<std::uint16_t>(h + 1);
            const double mid = (v + binary16Value(next)) / 2;
            QCOMPARE(static_cast<double>(static_cast<float>(mid)), mid); // exactly representable in float32
            inputs.push_back(static_cast<float>(mid));
            expected.push_back((h & 1) ? next : h);
        }
        std::vector<std::uint16_t> bulk(inputs.size());
        std::size_t overflows = floatToHalf(inputs.data(), bulk.data(), inputs.size());
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            std::uint16_t one = 0;
            overflows += floatToHalf(&inputs[i], &one, 1);
            QVERIFY2(bulk[i] == expected[i] && one == expected[i],
                     qPrintable(QString("%1: bulk %2, single %3, expected %4")
                                    .arg(inputs[i])
                                    .arg(bulk[i], 4, 16)
                                    .arg(one, 4, 16)
                                    .arg(expected[i], 4, 16)));
        }
        QCOMPARE(overflows, std::size_t{0}); // +-inf in, +-inf out is not an overflow
        const float big[] = {65504.0f, 65519.9f, 65520.0f, 1e6f, -1e6f, std::numeric_limits<float>::infinity(),
                             1.0f,     2.0f,     65520.0f};
        std::uint16_t out[9];
        QCOMPARE(floatToHalf(big, out, 9), std::size_t{4}); // 65520 (twice) and +-1e6; inf is no overflow
        QCOMPARE(out[0], std::uint16_t{0x7bff});
        QCOMPARE(out[1], std::uint16_t{0x7bff});
        QCOMPARE(out[2], std::uint16_t{0x7c00}); // the midpoint to "65536" rounds to even: inf
        QCOMPARE(out[4], std::uint16_t{0xfc00});
        const float nan = std::numeric_limits<float>::quiet_NaN();
        floatToHalf(&nan, out, 1);
        QVERIFY((out[0] & 0x7c00) == 0x7c00 && (out[0] & 0x3ff) != 0);
    }

    void bfloat16RoundsToNearestEven()
    {
        // 1 + 2^-8 is the midpoint between bfloat16 1 and 1 + 2^-7: even mantissa (1) wins;
        // 1 + 3 * 2^-8 is the midpoint between 1 + 2^-7 and 1 + 2^-6: even (1 + 2^-6) wins.
        const float in[] = {1.0f + std::ldexp(1.0f, -8), 1.0f + 3 * std::ldexp(1.0f, -8),
                            1.0f + std::ldexp(1.0f, -8) + std::ldexp(1.0f, -20), std::numeric_limits<float>::max(),
                            -0.0f};
        std::uint16_t out[5];
        floatToBFloat16(in, out, 5);
        QCOMPARE(out[0], std::uint16_t{0x3f80});
        QCOMPARE(out[1], std::uint16_t{0x3f82});
        QCOMPARE(out[2], std::uint16_t{0x3f81}); // above the midpoint: up
        QCOMPARE(out[3], std::uint16_t{0x7f80}); // FLT_MAX is past the last bfloat16 midpoint
        QCOMPARE(out[4], std::uint16_t{0x8000});

        // Every finite code and every midpoint to the next code up, in bulk (the vector path).
        std::vector<float> inputs;
        std::vector<std::uint16_t> expected;
        for (std::uint32_t i = 0; i < 65536; ++i) {
            const auto h = static_cast<std::uint16_t>(i);
            const double v = bfloat16Value(h);
            if (!std::isfinite(v)) continue;
            inputs.push_back(static_cast<float>(v));
            expected.push_back(h);
            if ((h & 0x7fff) >= 0x7f7f) continue; // the next code is inf
            const auto next = static_cast<std::uint16_t>(h + 1);
            inputs.push_back(static_cast<float>((v + bfloat16Value(next)) / 2)); // exact in float32
            expected.push_back((h & 1) ? next : h);
        }
        std::vector<std::uint16_t> bulk(inputs.size());
        floatToBFloat16(inputs.data(), bulk.data(), inputs.size());
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            QVERIFY2(
                bulk[i] == expected[i],
                qPrintable(QString("%1: %2, expected %3").arg(inputs[i]).arg(bulk[i], 4, 16).arg(expected[i], 4, 16)));
        }
    }

    void hdf5ConvertsOurTypesLikeTheDefinition_data()
    {
        QTest::addColumn<QString>("dtype");
        QTest::newRow("f16") << "f16";
        QTest::newRow("bf16") << "bf16";
    }
    void hdf5ConvertsOurTypesLikeTheDefinition()
    {
        // Store every finite code through the cache writer, then let HDF5 (not our reader)
        // convert the file's type to float32: it must agree with the definition.
        QFETCH(QString, dtype);
        const bool half = dtype == "f16";
        std::vector<float> values;
        for (std::uint32_t i = 0; i < 65536; ++i) {
            const double v =
                half ? binary16Value(static_cast<std::uint16_t>(i)) : bfloat16Value(static_cast<std::uint16_t>(i));
            if (std::isfinite(v)) values.push_back(static_cast<float>(v));
        }
        const auto n = static_cast<std::int64_t>(values.size());
        ModelConfig c = test::smallConfig();
        c.vocabSize = static_cast<int>(n);  // logits are [T, V]: the reader checks the shape
        SampleTaps taps;
        taps.tokens = {1};
        taps.logits = Array({1, n});
        taps.logits.data.assign(values.begin(), values.end());
        QTemporaryDir dir;
        const std::string path = dir.filePath("codes.h5").toStdString();
        TapStorage storage;
        storage.dtype = parseTapDType(dtype.toStdString());
        {
            CacheWriter w(path, c, test::smallIdentity(), storage);
            w.addSample(0, taps, "", {});
            w.commit();
        }
        std::vector<float> viaHdf5(values.size());
        const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        const hid_t ds = H5Dopen2(file, "/samples/000000/logits", H5P_DEFAULT);
        QVERIFY(H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, viaHdf5.data()) >= 0);
        H5Dclose(ds);
        H5Fclose(file);
        for (std::size_t i = 0; i < values.size(); ++i) {
            QVERIFY2(viaHdf5[i] == values[i], qPrintable(QString("%1: HDF5 reads %2").arg(values[i]).arg(viaHdf5[i])));
        }
        QCOMPARE(CacheReader(path).read(0, "logits").values(), values);
    }
};

QTEST_APPLESS_MAIN(TestCacheHalf)
#include "test_cache_half.moc"
