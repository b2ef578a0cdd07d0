// The filter lab's figures from hand-made engine answers: per-token NLL is shifted onto the token
// it predicts (BoS has none), the change and the token strip follow, tables hold what the views
// draw, a sweep difference is cell by cell and refuses sweeps of other layers or k, generation
// marks repeated n-grams with rep-n beside them, and the spectrum shades the kept bands.
#include "filterlab/lab_figures.h"
#include "test_support.h"

#include <QTest>
#include <cmath>

using namespace spectro;
using namespace spectro::filterlab;

namespace {

std::shared_ptr<const RefilterResult> result(std::vector<std::vector<float>> perToken)
{
    auto r = std::make_shared<RefilterResult>();
    NllTotal total;
    for (const auto& p : perToken) total.add(p);
    r->nll = total.mean();
    r->tokens = total.tokens;
    r->perToken = std::move(perToken);
    return r;
}

FilterOutcome outcome()
{
    FilterOutcome o;
    o.setting.kind = FilterKind::PhiU;
    o.setting.k = 19;
    o.setting.layers = {1};
    o.baseline = result({{1.0f, 2.0f, 3.0f}, {0.5f}});
    o.filtered = result({{1.5f, 2.0f, 5.0f}, {0.25f}});
    o.tokens =
        std::make_shared<const std::vector<std::vector<int>>>(std::vector<std::vector<int>>{{1, 4, 5, 6}, {1, 7}});
    return o;
}

} // namespace

class TestFilterFigures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nllSummary()
    {
        const auto f = nllSummaryFigure(outcome());
        QCOMPARE(f.baseline, (1.0 + 2 + 3 + 0.5) / 4);
        QCOMPARE(f.filtered, (1.5 + 2 + 5 + 0.25) / 4);
        QCOMPARE(f.change(), f.filtered - f.baseline);
        QCOMPARE(f.tokens, 4LL);
        QCOMPARE(f.baselinePerSample, (std::vector<double>{2.0, 0.5}));
        QCOMPARE(f.filteredPerSample[0], (1.5 + 2 + 5) / 3);
        const auto t = f.table();
        QCOMPARE(t.columns, (std::vector<std::string>{"sample", "tokens", "baseline_nll", "filtered_nll", "change"}));
        QCOMPARE(t.rows.size(), std::size_t{3});
        QCOMPARE(t.rows[2][0], std::string("all"));
        QCOMPARE(std::stod(t.rows[2][4]), f.change());
        QCOMPARE(t.provenance.at("filter"), std::string("phi-u k=19 | resid | layer 1 | all"));
    }

    void perTokenNllIsOnThePredictedToken()
    {
        const std::vector<std::string> vocab = {"<unk>", "<s>", "</s>", "x", "▁Once", "▁upon", "▁a", "b"};
        const auto f = perTokenNllFigure(outcome(), 0, vocab);
        QCOMPARE(f.tokens.ids, (std::vector<int>{1, 4, 5, 6}));
        QCOMPARE(f.tokens.pieces[1], std::string("·Once"));
        QCOMPARE(f.baseline.size(), std::size_t{4});
        QVERIFY(std::isnan(f.baseline[0]) && std::isnan(f.filtered[0]));
        QCOMPARE(f.baseline[3], 3.0);
        QCOMPARE(f.filtered[3], 5.0);
        const auto change = f.change();
        QVERIFY(std::isnan(change[0]));
        QCOMPARE(change[1], 0.5);
        QCOMPARE(change[2], 0.0);
        QCOMPARE(change[3], 2.0);
        const auto strip = f.strip();
        QCOMPARE(strip.measure, std::string("nll_change"));
        QCOMPARE(strip.values.size(), std::size_t{4});
        QCOMPARE(strip.values[3], 2.0);
        const auto t = f.table();
        QCOMPARE(t.rows.size(), std::size_t{4});
        QCOMPARE(t.rows[0][2], std::string("nan"));
        QCOMPARE(t.rows[3][4], std::string("2"));
        QCOMPARE(perTokenNllFigure(outcome(), 1, {}).tokens.pieces[1], std::string("#7"));
        SPECTRO_VERIFY_ERROR(perTokenNllFigure(outcome(), 2, vocab), "sample 2");
    }

    void sweepAndDifference()
    {
        SweepDefinition d;
        d.kind = FilterKind::PhiU;
        d.layers = {0, 1};
        d.ks = {1, 2, 3};
        SweepGrid a = SweepGrid::empty(d, 2, 10, 2.0);
        SweepDefinition od = d;
        od.kind = FilterKind::OmegaU;
        SweepGrid b = SweepGrid::empty(od, 2, 10, 2.0);
        for (int r = 0; r < 2; ++r) {
            for (int c = 0; c < 3; ++c) {
                a.at(r, c) = 3.0 + r + c;
                if (c < 2) b.at(r, c) = 2.5 + c;
            }
        }
        const auto one = sweepFigure(a);
        QVERIFY(!one.isDifference());
        QCOMPARE(one.done(), 6);
        QCOMPARE(one.value(1, 2), 6.0);
        QCOMPARE(one.table().rows.size(), std::size_t{6});
        QCOMPARE(one.table().rows[5], (std::vector<std::string>{"1", "3", "6"}));
        const auto diff = sweepFigure(a, &b);
        QVERIFY(diff.isDifference());
        QCOMPARE(diff.otherName, std::string("omega-u_resid_all"));
        QCOMPARE(diff.value(1, 1), 5.0 - 3.5);
        QVERIFY(std::isnan(diff.value(0, 2))); // not computed in b
        QCOMPARE(diff.done(), 4);
        QCOMPARE(diff.table().columns.size(), std::size_t{5});
        SweepDefinition other = od;
        other.ks = {1, 2};
        const SweepGrid c = SweepGrid::empty(other, 2, 10, 2.0);
        SPECTRO_VERIFY_ERROR(sweepFigure(a, &c), "same layers and k");
    }

    void generationMarksRepeats()
    {
        GenerationOutcome o;
        o.asked.prompt = {1, 3};
        o.asked.setting.kind = FilterKind::Psi;
        o.asked.setting.k = 19;
        o.unfiltered = {4, 5, 6, 7, 3};
        o.filtered = {4, 5, 4, 5, 4, 5};
        const auto f = generationFigure(o, {}, 2);
        QCOMPARE(f.unfilteredRepetition, 0.0);
        QCOMPARE(f.filteredRepetition, 1.0 - 2.0 / 5.0); // bigrams: 45 54 45 54 45 -> 2 distinct of 5
        QCOMPARE(f.filteredRepeated, (std::vector<bool>{false, false, true, true, true, true}));
        QCOMPARE(f.unfilteredRepeated, (std::vector<bool>(5, false)));
        const auto t = f.table();
        QCOMPARE(t.rows.size(), std::size_t{2 + 5 + 6});
        QCOMPARE(t.rows[2 + 5 + 2][4], std::string("1"));
        QCOMPARE(t.provenance.at("repetition_filtered"), std::string("0.6"));
    }

    void spectrumShadesKeptBands()
    {
        figures::SpectrumFigure s;
        s.bandEdges = {0, 2, 4, 6, 8};
        FilterSetting o;
        o.kind = FilterKind::OmegaU;
        o.k = 1;
        QCOMPARE(withBandsKept(s, o).bandsKept, (std::vector<bool>{true, false, false, true}));
        QCOMPARE(withBandsKept(s, FilterSetting::unfiltered()).bandsKept, (std::vector<bool>(4, true)));
    }
};

QTEST_GUILESS_MAIN(TestFilterFigures)
#include "test_filter_figures.moc"
