// The filter lab's value types: a setting converts to the CLI's filter (the mixer strip folded
// into a band set only when it changes the bands), validates with one-line errors naming the
// field, survives the session's JSON; the undo history merges a drag into one entry and gives
// back each entry's result; sweep names are stable.
#include "filterlab/filter_history.h"
#include "filterlab/sweep_grid.h"
#include "test_support.h"

#include <QTest>

using namespace spectro;
using namespace spectro::filterlab;
using namespace std::chrono_literals;

namespace {

FilterSetting phiU(int k)
{
    FilterSetting s;
    s.kind = FilterKind::PhiU;
    s.k = k;
    s.layers = {1};
    return s;
}

std::vector<int> keptList(const FilterSetting& s, int n)
{
    std::vector<int> out;
    const auto kept = keptBands(s, n);
    for (int j = 1; j <= n; ++j) {
        if (kept[static_cast<std::size_t>(j - 1)]) out.push_back(j);
    }
    return out;
}

OutcomePtr outcomeFor(const FilterSetting& s, double nll)
{
    auto o = std::make_shared<FilterOutcome>();
    o->setting = s;
    auto r = std::make_shared<RefilterResult>();
    r->nll = nll;
    o->filtered = r;
    o->baseline = r;
    return o;
}

} // namespace

class TestFilterSetting : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keptBandsFollowThePaper()
    {
        QCOMPARE(keptList(phiU(3), 20), (std::vector<int>{1, 2, 3}));
        FilterSetting omega = phiU(3);
        omega.kind = FilterKind::OmegaE;
        QCOMPARE(keptList(omega, 20), (std::vector<int>{1, 2, 3, 20}));
        FilterSetting psi = phiU(2);
        psi.kind = FilterKind::Psi;
        QCOMPARE(keptList(psi, 20), (std::vector<int>{1, 2}));
        FilterSetting random = phiU(5);
        random.kind = FilterKind::Random;
        QVERIFY(keptList(random, 20).empty());
        QCOMPARE(keptList(FilterSetting::unfiltered(), 4), (std::vector<int>{1, 2, 3, 4}));
    }

    void mixerFoldsIntoABandSet()
    {
        // Untouched: exactly the CLI's Phi_u (not a band set), so the lab and the CLI build one filter.
        FilterSpec plain = filterSpec(phiU(5), 20);
        QCOMPARE(plain.kind, FilterKind::PhiU);
        QCOMPARE(plain.k, 5);
        // Muting a band outside the kept set changes nothing either.
        FilterSetting s = phiU(5);
        s.mute = {9};
        QCOMPARE(filterSpec(s, 20).kind, FilterKind::PhiU);
        // Muting a kept band: bands-u without it.
        s.mute = {3};
        FilterSpec muted = filterSpec(s, 20);
        QCOMPARE(muted.kind, FilterKind::BandsU);
        QCOMPARE(muted.bands, (std::vector<int>{1, 2, 4, 5}));
        // Solo wins over mute and over the kind's bands; Omega_e becomes bands-e.
        FilterSetting o = phiU(4);
        o.kind = FilterKind::OmegaE;
        o.solo = {2, 20};
        o.mute = {2};
        FilterSpec solo = filterSpec(o, 20);
        QCOMPARE(solo.kind, FilterKind::BandsE);
        QCOMPARE(solo.bands, (std::vector<int>{2, 20}));
        // Psi and Random take no mixer.
        FilterSetting psi = phiU(4);
        psi.kind = FilterKind::Psi;
        psi.mute = {1};
        SPECTRO_VERIFY_ERROR(validate(psi, 5, 20), "solo and mute");
    }

    void validationNamesTheField()
    {
        SPECTRO_VERIFY_ERROR(validate(phiU(21), 5, 20), "k = 21");
        FilterSetting s = phiU(3);
        s.layers = {5};
        SPECTRO_VERIFY_ERROR(validate(s, 5, 20), "layer 5");
        s.layers = {};
        SPECTRO_VERIFY_ERROR(validate(s, 5, 20), "no layer");
        s = phiU(3);
        s.site = Site::ResidMid;
        SPECTRO_VERIFY_ERROR(validate(s, 5, 20), "site");
        s = phiU(3);
        s.kind = FilterKind::BandsU;
        s.bands = {0};
        SPECTRO_VERIFY_ERROR(validate(s, 5, 20), "band 0");
        validate(phiU(20), 5, 20);
    }

    void jsonRoundTrip()
    {
        FilterSetting s = phiU(7);
        s.kind = FilterKind::OmegaU;
        s.mute = {2, 5};
        s.site = Site::MlpOut;
        s.layers = {0, 3};
        s.positions = Positions::NonBos;
        s.swap = true;
        s.seed = 12345678901234ull;
        QCOMPARE(settingFromJson(toJson(s)), s);
        QCOMPARE(settingFromJson(toJson(FilterSetting::unfiltered())), FilterSetting::unfiltered());
        SPECTRO_VERIFY_ERROR(settingFromJson("[1,2]"), "not a JSON object");
        SPECTRO_VERIFY_ERROR(settingFromJson(R"({"kind": "phi-x"})"), "'kind'");
        SPECTRO_VERIFY_ERROR(settingFromJson(R"({"kind": "psi", "k": "three"})"), "'k'");
        SPECTRO_VERIFY_ERROR(settingFromJson(R"({"kind": "psi", "site": "elsewhere"})"), "'site'");
        QCOMPARE(QString::fromStdString(s.label()),
                 QString("omega-u k=7 mute=2,5 | mlp | layers 0,3 | non-bos | swap"));
    }

    void historyMergesADrag()
    {
        using Clock = FilterHistory::Clock;
        const Clock::time_point t0{};
        FilterHistory h(phiU(20), 300ms);
        QVERIFY(!h.canUndo());
        QVERIFY(!h.record(phiU(20), "k", t0)); // no change, nothing recorded
        // A drag 20 -> 15, one step every 50 ms: one entry.
        for (int k = 19; k >= 15; --k) QVERIFY(h.record(phiU(k), "k", t0 + (20 - k) * 50ms));
        QCOMPARE(h.size(), std::size_t{2});
        QCOMPARE(h.current().setting, phiU(15));
        // Another control right after starts its own entry.
        FilterSetting mlp = phiU(15);
        mlp.site = Site::MlpOut;
        h.record(mlp, "site", t0 + 300ms);
        QCOMPARE(h.size(), std::size_t{3});
        // The same control after a pause longer than the window: a new entry too.
        FilterSetting mlp14 = mlp;
        mlp14.k = 14;
        h.record(mlp14, "k", t0 + 320ms);
        FilterSetting mlp13 = mlp;
        mlp13.k = 13;
        h.record(mlp13, "k", t0 + 2s);
        QCOMPARE(h.size(), std::size_t{5});
        // Results come back with the settings they belong to, also after the controls moved on.
        h.attach(outcomeFor(phiU(15), 2.5));
        h.attach(outcomeFor(mlp13, 3.5));
        QCOMPARE(h.current().outcome->filtered->nll, 3.5);
        QCOMPARE(h.undo().setting, mlp14);
        QVERIFY(!h.current().outcome); // never answered (abandoned during the burst)
        h.undo();
        QCOMPARE(h.undo().setting, phiU(15));
        QCOMPARE(h.current().outcome->filtered->nll, 2.5);
        QCOMPARE(h.undo().setting, phiU(20));
        QVERIFY(!h.canUndo());
        QVERIFY_THROWS_EXCEPTION(Error, h.undo());
        QCOMPARE(h.redo().setting, phiU(15));
        QCOMPARE(h.current().outcome->filtered->nll, 2.5);
        // A change after undo drops the redo branch; a released slider ends the burst.
        h.record(phiU(10), "k", t0 + 3s);
        QVERIFY(!h.canRedo());
        h.endBurst();
        h.record(phiU(9), "k", t0 + 3s + 10ms);
        QCOMPARE(h.size(), std::size_t{4});
        // A burst that ends where it began leaves no entry.
        h.record(phiU(8), "k", t0 + 5s);
        h.record(phiU(9), "k", t0 + 5s + 50ms);
        QCOMPARE(h.size(), std::size_t{4});
        QCOMPARE(h.current().setting, phiU(9));
    }

    void sweepNamesAreStable()
    {
        SweepDefinition d = SweepDefinition::full(FilterKind::PhiU, Site::Resid, Positions::All, false, 0, 5, 20);
        QCOMPARE(QString::fromStdString(d.name()), QString("phi-u_resid_all"));
        QCOMPARE(d.layers.size(), std::size_t{5});
        QCOMPARE(d.ks.front(), 1);
        QCOMPARE(d.ks.back(), 20);
        SweepDefinition r = SweepDefinition::full(FilterKind::Random, Site::MlpOut, Positions::Bos, true, 3, 2, 4);
        QCOMPARE(QString::fromStdString(r.name()), QString("random_mlp_bos_swap_seed3"));
        QCOMPARE(r.cell(1, 2).layers, std::vector<int>{1});
        QCOMPARE(r.cell(1, 2).seed, std::uint64_t{3});
        SweepDefinition bands = d;
        bands.kind = FilterKind::BandsU;
        SPECTRO_VERIFY_ERROR(validate(bands, 5, 20), "no k to sweep");
        SweepGrid g = SweepGrid::empty(d, 3, 100, 2.0);
        QCOMPARE(g.done(), 0);
        g.at(4, 19) = 1.0;
        QCOMPARE(g.done(), 1);
        QVERIFY(!g.complete());
    }
};

QTEST_GUILESS_MAIN(TestFilterSetting)
#include "test_filter_setting.moc"
