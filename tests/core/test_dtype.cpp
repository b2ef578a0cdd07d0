// Element-type conversions against values worked out by hand from the IEEE formats.
#include <QTest>
#include <cmath>

#include "model/dtype.h"
#include "model/rope_layout.h"

using namespace spectro;

class TestDType : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void halfKnownValues()
    {
        QCOMPARE(halfToFloat(0x3c00), 1.0f);
        QCOMPARE(halfToFloat(0xc000), -2.0f);
        QCOMPARE(halfToFloat(0x7bff), 65504.0f);                     // largest half
        QCOMPARE(halfToFloat(0x0001), std::ldexp(1.0f, -24));        // smallest subnormal
        QCOMPARE(halfToFloat(0x3555), 0.333251953125f);              // 1/3 rounded
        QVERIFY(std::isinf(halfToFloat(0x7c00)));
        QVERIFY(std::isnan(halfToFloat(0x7e00)));
    }
    void halfRoundTrip()
    {
        for (std::uint32_t h = 0; h < 0x10000; ++h) {
            const auto bits = static_cast<std::uint16_t>(h);
            const float f = halfToFloat(bits);
            if (std::isnan(f)) continue;
            QCOMPARE(floatToHalf(f), bits);
        }
        QCOMPARE(floatToHalf(1e6f), std::uint16_t{0x7c00});        // overflow to +inf
        QCOMPARE(floatToHalf(1.0f + std::ldexp(1.0f, -11)), std::uint16_t{0x3c00});  // tie to even
    }
    void bf16()
    {
        QCOMPARE(bf16ToFloat(0x3f80), 1.0f);
        QCOMPARE(bf16ToFloat(0xc040), -3.0f);
        QCOMPARE(floatToBf16(1.0f), std::uint16_t{0x3f80});
        QCOMPARE(floatToBf16(1.00390625f), std::uint16_t{0x3f80});  // exactly half an ulp: ties to even
        QCOMPARE(floatToBf16(1.01171875f), std::uint16_t{0x3f82});  // 1.5 ulp: ties to even (up)
        QCOMPARE(floatToBf16(3.14159265f), std::uint16_t{0x4049});
    }
    void parseNames()
    {
        QCOMPARE(parseDType("bfloat16"), DType::BF16);
        QCOMPARE(parseDType("F16"), DType::F16);
        QVERIFY_THROWS_EXCEPTION(std::exception, parseDType("q4_0"));
    }
    void ropePermutationsAreInverse()
    {
        const auto toCanonical = interleavedFromRotateHalf(4, 8);
        const auto toHf = rotateHalfFromInterleaved(4, 8);
        for (std::size_t i = 0; i < toCanonical.size(); ++i) QCOMPARE(toHf[static_cast<std::size_t>(toCanonical[i])], static_cast<std::int64_t>(i));
        // Head 1, pair 2, second element: interleaved row 8 + 5 is HF row 8 + 4 + 2.
        QCOMPARE(toCanonical[13], std::int64_t{14});
    }
};

QTEST_APPLESS_MAIN(TestDType)
#include "test_dtype.moc"
