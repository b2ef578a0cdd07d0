// What every figure exports as CSV: FigureTable's RFC 4180 writing and provenance header, number
// formatting that keeps float precision, the display text of vocabulary pieces, and each
// figure's table() built from hand-made figures (its columns and every value it must hold).
#include "experiments/bos_decomposition.h"
#include "figures/figure_data.h"
#include "test_support.h"

#include <QTest>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>

using namespace spectro::figures;

namespace {

std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> out(1);
    for (char c : text) {
        if (c == separator)
            out.emplace_back();
        else
            out.back() += c;
    }
    return out;
}

// The non-comment lines of a CSV text (no field of these tables spans lines).
std::vector<std::string> dataLines(const std::string& csv)
{
    std::vector<std::string> out;
    for (const auto& line : split(csv, '\n'))
        if (!line.empty() && line[0] != '#') out.push_back(line);
    return out;
}

TokenLabels labels(std::vector<std::string> pieces)
{
    TokenLabels l;
    for (std::size_t i = 0; i < pieces.size(); ++i) l.ids.push_back(static_cast<int>(i));
    l.pieces = std::move(pieces);
    return l;
}

} // namespace

class TestFigureTables : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void csvQuotesAndProvenance()
    {
        FigureTable t;
        t.columns = {"token", "piece", "value"};
        t.provenance = {{"model_fingerprint", "1a2b"}, {"cache", "/tmp/a b.h5"}, {"note", "two\nlines"}};
        t.addRow({"0", "plain", "1"});
        t.addRow({"1", "x,y", "2"});
        t.addRow({"2", "say \"hi\"", "3"});
        t.addRow({"3", "line\nbreak", "4"});
        QCOMPARE(t.csv(), std::string("# cache: /tmp/a b.h5\n"
                                      "# model_fingerprint: 1a2b\n"
                                      "# note: two lines\n"
                                      "token,piece,value\n"
                                      "0,plain,1\n"
                                      "1,\"x,y\",2\n"
                                      "2,\"say \"\"hi\"\"\",3\n"
                                      "3,\"line\nbreak\",4\n"));
        FigureTable empty;
        QCOMPARE(empty.csv(), std::string("\n"));
    }

    void numbersKeepFloatPrecision()
    {
        QCOMPARE(formatNumber(1.0 / 3), std::string("0.333333333"));
        QCOMPARE(formatNumber(0), std::string("0"));
        QCOMPARE(formatNumber(-2.5e-20), std::string("-2.5e-20"));
        QCOMPARE(formatNumber(123456789012.0), std::string("1.23456789e+11"));
        QCOMPARE(formatNumber(std::numeric_limits<double>::quiet_NaN()), std::string("nan"));
        QCOMPARE(formatNumber(std::numeric_limits<double>::infinity()), std::string("inf"));
        QCOMPARE(formatNumber(-std::numeric_limits<double>::infinity()), std::string("-inf"));
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> mantissa(-1, 1);
        std::uniform_int_distribution<int> exponent(-30, 30);
        for (int i = 0; i < 10000; ++i) {
            const float x = std::ldexp(mantissa(rng), exponent(rng));
            QCOMPARE(static_cast<float>(std::strtod(formatNumber(x).c_str(), nullptr)), x);
        }
    }

    void piecesAreShownVisibly()
    {
        QCOMPARE(displayPiece("\u2581the"), std::string("\u00b7the"));
        QCOMPARE(displayPiece(" the"), std::string("\u00b7the")); // llama2.c spells the space itself
        QCOMPARE(displayPiece("<0x0A>"), std::string("\u21b5"));
        QCOMPARE(displayPiece("\n\t"), std::string("\u21b5\u21e5"));
        QCOMPARE(displayPiece("<0x20>"), std::string("\u00b7"));
        QCOMPARE(displayPiece("<0x41>"), std::string("A"));
        QCOMPARE(displayPiece("<0xE2>"), std::string("<0xE2>")); // a lone byte of a character
        QCOMPARE(displayPiece("<s>"), std::string("<s>"));
        QCOMPARE(displayPiece("caf\u00e9"), std::string("caf\u00e9"));
        QCOMPARE(displayPiece("\xff"
                              "a"),
                 std::string("<0xFF>a"));                                // not UTF-8
        QCOMPARE(displayPiece("\xe2\x96"), std::string("<0xE2><0x96>")); // cut-off character
        QCOMPARE(displayPiece(std::string("\x01", 1)), std::string("<0x01>"));
        QCOMPARE(displayPiece(""), std::string("\u2205"));
        const TokenLabels l = labelTokens({1, 2, 7, -1}, {"<unk>", "<s>", "\u2581a"});
        QCOMPARE(l.pieces, (std::vector<std::string>{"<s>", "\u00b7a", "#7", "#-1"}));
    }

    void spectrumTableNamesEachIndexsBand()
    {
        SpectrumFigure f;
        f.singularValues = {9, 8, 7, 6, 5};
        f.bandEdges = {0, 2, 4, 5};
        f.provenance = {{"figure", "spectrum"}};
        const auto t = f.table();
        QCOMPARE(t.columns, (std::vector<std::string>{"index", "singular_value", "band"}));
        QCOMPARE(t.provenance.at("figure"), std::string("spectrum"));
        const std::vector<std::string> bands = {"1", "1", "2", "2", "3"};
        QCOMPARE(t.rows.size(), std::size_t{5});
        for (std::size_t i = 0; i < 5; ++i) {
            QCOMPARE(t.rows[i][0], std::to_string(i));
            QCOMPARE(std::stod(t.rows[i][1]), f.singularValues[i]);
            QCOMPARE(t.rows[i][2], bands[i]);
        }
    }

    void aptitudeTableInLongFormat()
    {
        AptitudeFigure f;
        f.unit = "head";
        f.units = 2;
        f.columns = 3;
        f.byBand = true;
        f.values = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        f.bandEdges = {0, 1, 2, 3};
        f.darkAptitude = {0.3, 0.6};
        f.uniformLevel = 0.5;
        const auto t = f.table();
        QCOMPARE(t.columns, (std::vector<std::string>{"series", "head", "band", "aptitude"}));
        QCOMPARE(t.rows.size(), std::size_t{6 + 2 + 1});
        QCOMPARE(t.rows[4], (std::vector<std::string>{"aptitude", "1", "2", "0.5"})); // bands 1-based
        QCOMPARE(t.rows[7], (std::vector<std::string>{"dark_band", "1", "", "0.6"}));
        QCOMPARE(t.rows[8], (std::vector<std::string>{"uniform", "", "", "0.5"}));
        f.byBand = false;
        f.unit = "neuron";
        const auto byIndex = f.table();
        QCOMPARE(byIndex.columns[1], std::string("neuron"));
        QCOMPARE(byIndex.columns[2], std::string("index"));
        QCOMPARE(byIndex.rows[0][2], std::string("0")); // indices 0-based
    }

    void attentionTables()
    {
        AttentionReceivedFigure r;
        r.tokens = labels({"<s>", "\u00b7a", "b"});
        r.mean = {0.5, 0.25, std::numeric_limits<double>::quiet_NaN()};
        r.variance = {0.01, 0, std::numeric_limits<double>::quiet_NaN()};
        QCOMPARE(dataLines(r.table().csv()), (std::vector<std::string>{"token,piece,mean,variance", "0,<s>,0.5,0.01",
                                                                       "1,\u00b7a,0.25,0", "2,b,nan,nan"}));

        AttentionPatternFigure p;
        p.size = 3;
        p.probs = {1, 0, 0, 0.5f, 0.5f, 0, 0.75f, 0, 0.25f}; // one zero inside the triangle
        const auto t = p.table();
        QCOMPARE(t.columns, (std::vector<std::string>{"query", "key", "probability"}));
        QCOMPARE(t.rows,
                 (std::vector<std::vector<std::string>>{
                     {"0", "0", "1"}, {"1", "0", "0.5"}, {"1", "1", "0.5"}, {"2", "0", "0.75"}, {"2", "2", "0.25"}}));

        SinkGridFigure g;
        g.layers = 2;
        g.heads = 2;
        g.bosAttention = {0.1, 0.2, 0.3, 0.4};
        g.uniformLevel = 0.125;
        const auto sink = g.table();
        QCOMPARE(sink.rows[2], (std::vector<std::string>{"1", "0", "0.3"}));
        QCOMPARE(sink.provenance.at("uniform_level"), std::string("0.125"));
    }

    void darkRatioSpectrogramStripTables()
    {
        DarkRatioFigure d;
        d.tokens = labels({"<s>", "x"});
        d.streams = 2;
        d.ratio = {1, 2, 3, 4};
        QCOMPARE(dataLines(d.table().csv()), (std::vector<std::string>{"stream,token,piece,ratio", "0,0,<s>,1",
                                                                       "0,1,x,2", "1,0,<s>,3", "1,1,x,4"}));

        SpectrogramFigure s;
        s.axis = SpectrogramFigure::Axis::TokenByBand;
        s.rows = 2;
        s.bands = 2;
        s.energy = {1, 3, 0, 0};
        QCOMPARE(dataLines(s.table().csv()), (std::vector<std::string>{"token,band,energy,fraction", "0,1,1,0.25",
                                                                       "0,2,3,0.75", "1,1,0,0", "1,2,0,0"}));
        s.axis = SpectrogramFigure::Axis::StreamByBand;
        QCOMPARE(s.table().columns[0], std::string("stream"));

        TokenStripFigure strip;
        strip.tokens = labels({"<s>", "a,b"});
        strip.values = {std::numeric_limits<double>::quiet_NaN(), 1.5};
        QCOMPARE(dataLines(strip.table().csv()),
                 (std::vector<std::string>{"token,piece,value", "0,<s>,nan", "1,\"a,b\",1.5"}));
    }

    void bosTableHasTheColumnsOfTheBosVerb()
    {
        BosStoryFigure b;
        b.rows = {{0, 2, 0.5, 1.9, 0.26, 0, 0, 0, 0}, {1, 5, 4, 3, 1.33, 1, 0.5, 4, 3.5}};
        b.blastOffLayer = 0;
        const std::string csv = b.table().csv();
        std::vector<spectro::BosRow> rows = {{0, 2, 0.5, 1.9, 0.26, 0, 0, 0, 0}, {1, 5, 4, 3, 1.33, 1, 0.5, 4, 3.5}};
        // The same CSV as `spectroscope-cli bos`, after the provenance.
        QCOMPARE(csv.substr(csv.find("stream,")), spectro::bosCsv(rows));
        QVERIFY(csv.find("# blast_off_layer: 0\n") != std::string::npos);
    }

    void hmlvTables()
    {
        HmlvFigure h;
        h.points = {{0, 1, 2, 0.05, 0.001, 0.7, true}, {3, 1, 3, 0.01, 0.02, 0.2, false}};
        h.pieces = {"\u00b7a", "b"};
        h.layers = 2;
        h.pointsPerLayer = {0, 2};
        h.hmlvPerLayer = {0, 1};
        h.udrHmlvMean = {std::numeric_limits<double>::quiet_NaN(), 0.7};
        h.udrRestMean = {std::numeric_limits<double>::quiet_NaN(), 0.2};
        QCOMPARE(dataLines(h.table().csv()),
                 (std::vector<std::string>{"sample,layer,token,piece,mean,variance,udr,hmlv",
                                           "0,1,2,\u00b7a,0.05,0.001,0.7,1", "3,1,3,b,0.01,0.02,0.2,0"}));
        QCOMPARE(dataLines(h.summaryTable().csv()),
                 (std::vector<std::string>{"layer,pairs,hmlv,udr_hmlv_mean,udr_rest_mean", "0,0,0,nan,nan",
                                           "1,2,1,0.7,0.2"}));
    }
};

QTEST_APPLESS_MAIN(TestFigureTables)
#include "test_figure_tables.moc"
