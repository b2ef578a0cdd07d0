// The filter lab's engine thread against `spectroscope-cli sweep`: the NLL it answers for a
// setting, and every cell of its sweep heatmap, equal the CLI's CSV for the same options (1e-6;
// the CSV has 9 significant digits); a superseded request is abandoned and never handed out
// after a newer one (a slow pass observer); a cancelled sweep keeps its finished cells in the
// cache, which stays a valid cache, and resumes from them; filtered generation runs side by side.
// The Stream tab's band energies and U-dark ratios of a setting equal those of a full forward
// pass with the same hook, measured in float64 from the spectrum's vectors; unfiltered, they are
// the cache's own spectrogram and dark-ratio figures.
#include "engine/transformer.h"
#include "figures/figure_builders.h"
#include "filterlab/refilter_service.h"
#include "filterlab/stream_spectra.h"
#include "filterlab/sweep_store.h"
#include "model/checkpoint_loader.h"
#include "spectral/filter.h"
#include "spectral/spectrum_store.h"
#include "store/cache_reader.h"
#include "store/cache_sweeps.h"
#include "test_support.h"
#include "util/error.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

using namespace spectro;
using namespace spectro::filterlab;
using namespace std::chrono_literals;

namespace {

// Everything the service reports, for the test thread to wait on.
struct Recorder {
    std::mutex m;
    std::condition_variable cv;
    std::shared_ptr<const LabReady> ready;
    std::vector<OutcomePtr> outcomes;
    std::vector<std::uint64_t> abandoned;
    std::vector<SweepGridPtr> cells;
    struct End {
        SweepGridPtr grid;
        SweepEnd end;
        std::string storeError;
    };
    std::vector<End> ends;
    std::vector<GenerationPtr> generations;
    std::vector<std::string> failures;
    std::function<void(const SweepGridPtr&)> onCell; // runs on the engine thread

    RefilterService::Events events()
    {
        RefilterService::Events e;
        e.ready = [this](auto r) { push([&] { ready = r; }); };
        e.outcome = [this](auto o) { push([&] { outcomes.push_back(o); }); };
        e.abandoned = [this](auto id) { push([&] { abandoned.push_back(id); }); };
        e.sweepCell = [this](auto g) {
            push([&] { cells.push_back(g); });
            if (onCell) onCell(g);
        };
        e.sweepEnded = [this](auto g, auto end, const std::string& err) {
            push([&] { ends.push_back({g, end, err}); });
        };
        e.generated = [this](auto g) { push([&] { generations.push_back(g); }); };
        e.failed = [this](const std::string& what, const std::string& msg) {
            push([&] { failures.push_back(what + ": " + msg); });
        };
        return e;
    }
    template <class F> void push(F f)
    {
        {
            std::lock_guard l(m);
            f();
        }
        cv.notify_all();
    }
    template <class P> bool waitFor(P predicate, std::chrono::milliseconds timeout = 60s)
    {
        std::unique_lock l(m);
        return cv.wait_for(l, timeout, [&] { return predicate() || !failures.empty(); }) && failures.empty();
    }
    std::string failureText()
    {
        std::lock_guard l(m);
        return failures.empty() ? "" : failures.front();
    }
};

struct CsvRow {
    QString filter, site, layer;
    int k = 0;
    QString positions;
    bool swap = false;
    double nll = 0;
    long long tokens = 0;
};

std::vector<CsvRow> readSweepCsv(const QString& path)
{
    QFile f(path);
    std::vector<CsvRow> rows;
    if (!f.open(QIODevice::ReadOnly)) return rows;
    const auto lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    for (int i = 1; i < lines.size(); ++i) {
        const auto c = lines[i].split(',');
        rows.push_back({c[0], c[1], c[2], c[3].toInt(), c[4], c[5] == "1", c[6].toDouble(), c[7].toLongLong()});
    }
    return rows;
}

// e_j = sum over band j of (v_i . h)^2, in float64 straight from the spectrum's vectors (the
// lab's BandEnergy projects in float32 with one GEMM).
std::vector<double> referenceEnergies(const Spectrum& spectrum, const BandLayout& bands, const float* h)
{
    std::vector<double> e(static_cast<std::size_t>(bands.count), 0.0);
    for (int j = 1; j <= bands.count; ++j) {
        for (int i = bands.begin(j); i < bands.end(j); ++i) {
            double c = 0;
            for (int k = 0; k < spectrum.dim; ++k) c += spectrum.vector(i)[k] * static_cast<double>(h[k]);
            e[static_cast<std::size_t>(j - 1)] += c * c;
        }
    }
    return e;
}

// The U-dark ratio from its definition, ||Phi_{u,N:N} h|| / ||(I - Phi_{u,N:N}) h||.
double referenceDarkRatio(const std::vector<double>& e)
{
    double light = 0;
    for (std::size_t j = 0; j + 1 < e.size(); ++j) light += e[j];
    return std::sqrt(e.back() / light);
}

} // namespace

class TestRefilterService : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    std::shared_ptr<const Transformer> model;
    QString modelFile;

    QString path(const QString& name) const { return tmp.filePath(name); }

    int cli(const QStringList& args)
    {
        QProcess p;
        p.setProcessEnvironment(QProcessEnvironment::systemEnvironment()); // SPECTRO_CACHE_DIR from initTestCase
        p.start(QString::fromUtf8(SPECTRO_CLI_PATH), args);
        if (!p.waitForFinished(120000)) return -1;
        if (p.exitCode() != 0) qWarning("%s", p.readAllStandardError().constData());
        return p.exitCode();
    }

    // The CLI's sweep of `cache.h5` with these options, as CSV rows (the first is the baseline).
    std::vector<CsvRow> cliSweep(const QStringList& options, const QString& name)
    {
        const QStringList args =
            QStringList{"sweep", modelFile, "--cache", path("cache.h5")} + options + QStringList{"--out", path(name)};
        if (cli(args) != 0) return {};
        return readSweepCsv(path(name));
    }

    LabSource cacheSource() const
    {
        LabSource s;
        s.model = model;
        s.cachePath = path("cache.h5").toStdString();
        s.maxSamples = 100;
        return s;
    }

    // Asks for one setting and waits for its answer.
    static OutcomePtr answer(RefilterService& service, Recorder& r, const FilterSetting& setting)
    {
        const std::uint64_t id = service.request(setting);
        if (!r.waitFor([&] { return !r.outcomes.empty() && r.outcomes.back()->request == id; })) return nullptr;
        std::lock_guard l(r.m);
        return r.outcomes.back();
    }

private Q_SLOTS:
    void initTestCase()
    {
        SPECTRO_REQUIRE_SHARED();
        QVERIFY(tmp.isValid());
        qputenv("SPECTRO_CACHE_DIR", tmp.filePath("spectra").toUtf8()); // spectra not in the user's home
        modelFile = QString::fromStdString(test::modelPath("stories260K/stories260K.bin"));
        model = std::make_shared<const Transformer>(
            std::make_shared<const Checkpoint>(loadCheckpoint(modelFile.toStdString())));
        const QString text =
            QString::fromStdString(test::sharedPath("corpora/tinystories_validation_first_stories.txt"));
        QCOMPARE(cli({"run", modelFile, "--text", text, "--samples", "3", "--max-tokens", "40", "--taps",
                      "resid,mlp_out", "--out", path("cache.h5")}),
                 0);
    }

    void requestEqualsCliSweep()
    {
        Recorder r;
        RefilterService service(cacheSource(), r.events());
        QVERIFY2(r.waitFor([&] { return r.ready != nullptr; }), r.failureText().c_str());
        QCOMPARE(r.ready->tokens.size(), std::size_t{3});
        struct Case {
            QStringList cli;
            FilterSetting setting;
        };
        auto setting = [](FilterKind kind, int k, Site site, std::vector<int> layers, Positions p, bool swap) {
            FilterSetting s;
            s.kind = kind;
            s.k = k;
            s.site = site;
            s.layers = std::move(layers);
            s.positions = p;
            s.swap = swap;
            return s;
        };
        const std::vector<Case> cases = {
            {{"--filter", "phi-u", "--layers", "1", "--k", "19"},
             setting(FilterKind::PhiU, 19, Site::Resid, {1}, Positions::All, false)},
            {{"--filter", "omega-u", "--layers", "3", "--k", "4", "--site", "mlp"},
             setting(FilterKind::OmegaU, 4, Site::MlpOut, {3}, Positions::All, false)},
            {{"--filter", "psi", "--layers", "2", "--k", "10", "--site", "attn", "--positions", "non-bos"},
             setting(FilterKind::Psi, 10, Site::AttnOut, {2}, Positions::NonBos, false)},
            {{"--filter", "phi-e", "--layers", "0,2", "--together", "--k", "15", "--positions", "bos"},
             setting(FilterKind::PhiE, 15, Site::Resid, {0, 2}, Positions::Bos, false)},
            {{"--filter", "random", "--layers", "1", "--k", "12", "--seed", "5"},
             [&] {
                 auto s = setting(FilterKind::Random, 12, Site::Resid, {1}, Positions::All, false);
                 s.seed = 5;
                 return s;
             }()},
            {{"--filter", "phi-u", "--layers", "1", "--k", "19", "--swap"},
             setting(FilterKind::PhiU, 19, Site::Resid, {1}, Positions::All, true)},
        };
        for (const auto& c : cases) {
            const auto rows = cliSweep(c.cli, "case.csv");
            QCOMPARE(rows.size(), std::size_t{2});
            const OutcomePtr o = answer(service, r, c.setting);
            QVERIFY2(o, r.failureText().c_str());
            const QString what = QString::fromStdString(c.setting.label());
            QVERIFY2(std::abs(o->baseline->nll - rows[0].nll) < 1e-6, qPrintable(what));
            QVERIFY2(
                std::abs(o->filtered->nll - rows[1].nll) < 1e-6,
                qPrintable(what +
                           QString(": lab %1, cli %2").arg(o->filtered->nll, 0, 'g', 10).arg(rows[1].nll, 0, 'g', 10)));
            QCOMPARE(o->filtered->tokens, rows[1].tokens);
        }
        // The mixer strip: Phi_u k = 20 with band 20 muted is bands-u 1-19, which is Phi_u k = 19.
        FilterSetting muted = setting(FilterKind::PhiU, 20, Site::Resid, {1}, Positions::All, false);
        muted.mute = {20};
        const auto rows = cliSweep({"--filter", "bands-u", "--keep-bands", "1-19", "--layers", "1"}, "mixer.csv");
        QCOMPARE(rows.size(), std::size_t{2});
        const OutcomePtr o = answer(service, r, muted);
        QVERIFY(o);
        QVERIFY(std::abs(o->filtered->nll - rows[1].nll) < 1e-6);
        // Unfiltered: the baseline itself; per-token NLL of every sample comes with each answer.
        const OutcomePtr none = answer(service, r, FilterSetting::unfiltered());
        QVERIFY(none);
        QCOMPARE(none->filtered, none->baseline);
        QCOMPARE(none->filtered->perToken.size(), std::size_t{3});
        QCOMPARE(none->filtered->perToken[0].size(), std::size_t{39});
        // A bad setting is one line naming the field, and the service goes on.
        FilterSetting bad = setting(FilterKind::PhiU, 21, Site::Resid, {1}, Positions::All, false);
        service.request(bad);
        QVERIFY(!r.waitFor([&] { return false; }, 5s));
        QVERIFY2(r.failureText().find("k = 21") != std::string::npos, r.failureText().c_str());
    }

    // The sink controls as filter-lab settings give the NLL of `sweep --control` (1e-6); the
    // BoS stream set to its mean over samples is a no-op, set to zero it is not.
    void sinkControlsEqualCliSweep()
    {
        Recorder r;
        RefilterService service(cacheSource(), r.events());
        QVERIFY2(r.waitFor([&] { return r.ready != nullptr; }), r.failureText().c_str());
        std::map<std::string, double> nll;
        for (const char* control : {"bos-zero", "bos-mean", "bos-position-mean", "massive-zero", "massive-mean"}) {
            FilterSetting s;
            s.control = control;
            s.layers = {1};
            const auto rows = cliSweep({"--control", control, "--layers", "1"}, "control.csv");
            QCOMPARE(rows.size(), std::size_t{2});
            const OutcomePtr o = answer(service, r, s);
            QVERIFY2(o, r.failureText().c_str());
            QVERIFY2(std::abs(o->filtered->nll - rows[1].nll) < 1e-6, qPrintable(QString("%1: lab %2, cli %3")
                                                                                     .arg(control)
                                                                                     .arg(o->filtered->nll, 0, 'g', 10)
                                                                                     .arg(rows[1].nll, 0, 'g', 10)));
            QCOMPARE(o->filtered->tokens, rows[1].tokens);
            nll[control] = o->filtered->nll;
        }
        QVERIFY(std::abs(nll["bos-mean"] - r.ready->baseline->nll) < 1e-6); // the mean over samples is BoS itself
        // Zeroing BoS changes the NLL (on stories260K it lowers it: docs/science.md, "Controls").
        QVERIFY(std::abs(nll["bos-zero"] - r.ready->baseline->nll) > 0.01);
        // A control with a filter's options is refused, naming the field.
        FilterSetting bad;
        bad.control = "bos-zero";
        bad.site = Site::MlpOut;
        SPECTRO_VERIFY_ERROR(validate(bad, 5, 20), "acts on resid only");
        bad.site = Site::Resid;
        bad.control = "bos-half";
        SPECTRO_VERIFY_ERROR(validate(bad, 5, 20), "bos-half");
        // It survives the session's JSON.
        FilterSetting ok;
        ok.control = "massive-mean";
        ok.layers = {2};
        QCOMPARE(settingFromJson(toJson(ok)), ok);
        QCOMPARE(ok.label(), std::string("massive-mean | resid | layer 2 | all"));
    }

    void sweepCellsEqualCliCsvAndAreStored()
    {
        const auto rows =
            cliSweep({"--filter", "omega-u", "--layers", "1,3", "--k", "2,19,20", "--site", "mlp"}, "sweep.csv");
        QCOMPARE(rows.size(), std::size_t{1 + 6});
        SweepDefinition d;
        d.kind = FilterKind::OmegaU;
        d.site = Site::MlpOut;
        d.layers = {1, 3};
        d.ks = {2, 19, 20};
        auto check = [&](const SweepGrid& g, double tolerance) {
            QCOMPARE(g.rows(), 2);
            QCOMPARE(g.columns(), 3);
            QVERIFY(std::abs(g.baseline - rows[0].nll) < 1e-6);
            for (std::size_t i = 1; i < rows.size(); ++i) {
                const int row = rows[i].layer == "1" ? 0 : 1;
                const int column = rows[i].k == 2 ? 0 : rows[i].k == 19 ? 1 : 2;
                QVERIFY2(std::abs(g.at(row, column) - rows[i].nll) < tolerance,
                         qPrintable(QString("cell %1,%2: %3 vs %4")
                                        .arg(row)
                                        .arg(column)
                                        .arg(g.at(row, column), 0, 'g', 10)
                                        .arg(rows[i].nll, 0, 'g', 10)));
            }
        };
        SweepGrid live;
        {
            Recorder r;
            RefilterService service(cacheSource(), r.events());
            QVERIFY(r.waitFor([&] { return r.ready != nullptr; }));
            service.sweep(d);
            QVERIFY2(r.waitFor([&] { return !r.ends.empty(); }), r.failureText().c_str());
            QCOMPARE(r.ends[0].end, SweepEnd::Finished);
            QCOMPARE(r.ends[0].storeError, std::string());
            check(*r.ends[0].grid, 1e-6);
            live = *r.ends[0].grid;
            // It filled cell by cell: one snapshot at the start, then one per cell.
            QCOMPARE(r.cells.size(), std::size_t{1 + 6});
            for (std::size_t i = 0; i < r.cells.size(); ++i) QCOMPARE(r.cells[i]->done(), static_cast<int>(i));
        }
        // Reopened: the stored sweep is there at once (float32 in the cache: 1e-6 at these NLLs).
        const auto stored = storedSweeps(path("cache.h5").toStdString(), model->config().nLayers);
        QCOMPARE(stored.size(), std::size_t{1});
        QCOMPARE(stored[0].definition, d);
        check(stored[0], 1e-6);
        QCOMPARE(stored[0].nll, live.nll); // float64 in the cache: the very numbers computed
        QCOMPARE(stored[0].baseline, live.baseline);
        // `analyze` replaces /analysis and keeps /sweeps.
        QCOMPARE(cli({"analyze", path("cache.h5")}), 0);
        QCOMPARE(storedSweeps(path("cache.h5").toStdString(), model->config().nLayers).size(), std::size_t{1});
        Recorder r;
        RefilterService service(cacheSource(), r.events());
        QVERIFY(r.waitFor([&] { return r.ready != nullptr; }));
        QCOMPARE(r.ready->storedSweeps.size(), std::size_t{1});
        QVERIFY(r.ready->storedSweeps[0]->complete());
        // Asking for it again computes nothing.
        service.sweep(d);
        QVERIFY(r.waitFor([&] { return !r.ends.empty(); }));
        QCOMPARE(r.cells.size(), std::size_t{1});
    }

    void sweepStoreRefusesBadInput()
    {
        const std::string cache = path("cache.h5").toStdString();
        const QByteArray before = test::readAll(cache);
        SPECTRO_VERIFY_ERROR(writeSweep(cache, {"../x", "{}", {1, 1}, {1.0}}), "name");
        SPECTRO_VERIFY_ERROR(writeSweep(cache, {"x", "{}", {2, 2}, {1.0}}), "shape");
        QFile junk(path("junk.h5"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a cache");
        junk.close();
        SPECTRO_VERIFY_ERROR(writeSweep(path("junk.h5").toStdString(), {"x", "{}", {1, 1}, {1.0}}), "junk.h5");
        QCOMPARE(test::readAll(cache), before); // unchanged
        // A sweep whose definition does not match its name is skipped, and said so.
        writeSweep(cache, {"phi-u_resid_all",
                           R"({"filter": "psi", "site": "resid", "positions": "all", "swap": false,
                                                   "seed": 0, "layers": [0], "ks": [1]})",
                           {1, 1},
                           {2.0}});
        std::vector<std::string> problems;
        const auto grids = storedSweeps(cache, model->config().nLayers, &problems);
        QVERIFY(std::none_of(grids.begin(), grids.end(),
                             [](const SweepGrid& g) { return g.definition.name() == "phi-u_resid_all"; }));
        QCOMPARE(problems.size(), std::size_t{1});
        QVERIFY(problems[0].find("describes the sweep 'psi_resid_all'") != std::string::npos);
        // (the full Phi_u sweep of the next test replaces it)
    }

    void supersededRequestIsAbandoned()
    {
        Recorder r;
        RefilterService service(cacheSource(), r.events());
        QVERIFY(r.waitFor([&] { return r.ready != nullptr; }));
        // Request 1's pass is slow: it waits in its first layer until request 2 has been made.
        std::atomic<bool> firstStarted{false}, secondMade{false};
        service.setPassObserver([&](std::uint64_t) {
            firstStarted = true;
            while (!secondMade) std::this_thread::sleep_for(1ms);
            std::this_thread::sleep_for(20ms);
        });
        FilterSetting a;
        a.kind = FilterKind::PhiU;
        a.k = 3;
        a.layers = {0};
        const std::uint64_t first = service.request(a);
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (!firstStarted && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
        QVERIFY(firstStarted);
        FilterSetting b = a;
        b.k = 18;
        const std::uint64_t second = service.request(b);
        secondMade = true;
        QVERIFY(r.waitFor([&] { return !r.outcomes.empty(); }));
        std::this_thread::sleep_for(300ms); // long enough for request 1 to have finished, had it gone on
        std::lock_guard l(r.m);
        QCOMPARE(r.outcomes.size(), std::size_t{1});
        QCOMPARE(r.outcomes[0]->request, second);
        QCOMPARE(r.outcomes[0]->setting, b);
        QCOMPARE(r.abandoned, std::vector<std::uint64_t>{first});
    }

    void cancelledSweepKeepsFinishedCells()
    {
        SweepDefinition d =
            SweepDefinition::full(FilterKind::PhiU, Site::Resid, Positions::All, false, 0, model->config().nLayers, 20);
        const int total = d.layers.size() * d.ks.size();
        Recorder r;
        auto service = std::make_unique<RefilterService>(cacheSource(), r.events());
        QVERIFY(r.waitFor([&] { return r.ready != nullptr; }));
        r.onCell = [&](const SweepGridPtr& g) {
            if (g->done() == 7) service->cancelSweep();
        };
        service->sweep(d);
        QVERIFY2(r.waitFor([&] { return !r.ends.empty(); }), r.failureText().c_str());
        QCOMPARE(r.ends[0].end, SweepEnd::Cancelled);
        const SweepGrid kept = *r.ends[0].grid;
        QVERIFY(kept.done() >= 7 && kept.done() < total);
        QCOMPARE(r.ends[0].storeError, std::string());
        // The cache is intact (its samples and the earlier sweep) and holds the finished cells.
        {
            const CacheReader cache(path("cache.h5").toStdString());
            QCOMPARE(cache.sampleIndices().size(), std::size_t{3});
            QCOMPARE(cache.read(0, "resid").shape[0], static_cast<std::int64_t>(model->config().nLayers + 1));
            const auto stored = storedSweeps(path("cache.h5").toStdString(), model->config().nLayers);
            const auto it =
                std::find_if(stored.begin(), stored.end(), [&](const SweepGrid& g) { return g.definition == d; });
            QVERIFY(it != stored.end());
            QCOMPARE(it->done(), kept.done());
            QVERIFY(std::any_of(stored.begin(), stored.end(),
                                [](const SweepGrid& g) { return g.definition.kind == FilterKind::OmegaU; }));
        }
        // Resumed by a new session: it starts from the kept cells and finishes the rest.
        r.onCell = nullptr;
        service.reset();
        Recorder again;
        RefilterService resumed(cacheSource(), again.events());
        QVERIFY(again.waitFor([&] { return again.ready != nullptr; }));
        resumed.sweep(d);
        QVERIFY(again.waitFor([&] { return !again.ends.empty(); }));
        QCOMPARE(again.ends[0].end, SweepEnd::Finished);
        QCOMPARE(again.cells.front()->done(), kept.done());
        QCOMPARE(static_cast<int>(again.cells.size()), 1 + total - kept.done());
        const SweepGrid& full = *again.ends[0].grid;
        for (int i = 0; i < kept.rows() * kept.columns(); ++i) {
            if (!std::isnan(kept.nll[i])) QCOMPARE(full.nll[i], kept.nll[i]); // resumed, not recomputed
        }
        // And the cells equal the CLI's sweep of the same options.
        const auto rows = cliSweep({"--filter", "phi-u"}, "full.csv");
        QCOMPARE(static_cast<int>(rows.size()), 1 + total);
        for (std::size_t i = 1; i < rows.size(); ++i) {
            QVERIFY(std::abs(full.at(rows[i].layer.toInt(), rows[i].k - 1) - rows[i].nll) < 1e-6);
        }
    }

    void requestsInterruptASweep()
    {
        // A slider request during a sweep is answered before the sweep goes on.
        SweepDefinition d = SweepDefinition::full(FilterKind::Random, Site::Resid, Positions::All, false, 7,
                                                  model->config().nLayers, 20);
        Recorder r;
        LabSource source = cacheSource();
        source.cachePath.clear(); // no cache: nothing stored
        source.samples = {{1, 403, 407, 261, 378, 432, 383, 286, 261, 376}, {1, 385, 328, 432, 317, 284, 316}};
        RefilterService service(source, r.events());
        QVERIFY(r.waitFor([&] { return r.ready != nullptr; }));
        std::atomic<int> cellsAtAnswer{-1};
        service.sweep(d);
        QVERIFY(r.waitFor([&] { return r.cells.size() >= 3; }));
        FilterSetting s;
        s.kind = FilterKind::PhiU;
        s.k = 5;
        const auto o = answer(service, r, s);
        QVERIFY(o);
        {
            std::lock_guard l(r.m);
            cellsAtAnswer = static_cast<int>(r.cells.size());
        }
        QVERIFY(r.waitFor([&] { return !r.ends.empty(); }));
        QCOMPARE(r.ends[0].end, SweepEnd::Finished);
        QVERIFY(r.ends[0].grid->complete());
        QVERIFY(cellsAtAnswer < static_cast<int>(r.cells.size())); // the sweep went on after the answer
        QCOMPARE(r.ends[0].storeError, std::string());
    }

    // For filters at each site: every stream x token of every sample against a full forward pass
    // from the embeddings with the intervention's hook and the resid tap, measured in float64.
    // Energies within 1e-6 of the row's total energy ||h||^2, not of each band's own: a removed
    // band holds only float rounding, and the lab's float32 projection (and the stored vs
    // recomputed stream, equal to float rounding) leave ~4e-7 of ||h||^2 in any band. Streams
    // before the restart are the unfiltered measurement, unchanged.
    void streamSpectraEqualAFilteredForwardPass()
    {
        Recorder r;
        RefilterService service(cacheSource(), r.events());
        QVERIFY2(r.waitFor([&] { return r.ready != nullptr; }), r.failureText().c_str());
        auto unembed = loadOrComputeSpectrum(model->checkpoint(), SpectralMatrix::Unembed);
        auto embed = loadOrComputeSpectrum(model->checkpoint(), SpectralMatrix::Embed);
        const BandLayout bands = makeBands(model->config().dim, r.ready->bands);
        FilterFactory factory(unembed, embed, bands);
        struct Case {
            FilterKind kind;
            int k;
            Site site;
            std::vector<int> layers;
            Positions positions;
            int first; // the stream the lab's pass restarts at
        };
        const std::vector<Case> cases = {
            {FilterKind::PhiU, 12, Site::Resid, {1}, Positions::All, 2},
            {FilterKind::OmegaU, 4, Site::MlpOut, {3}, Positions::All, 4},
            {FilterKind::Psi, 10, Site::AttnOut, {2}, Positions::NonBos, 2},
            {FilterKind::PhiU, 15, Site::Resid, {0, 2}, Positions::Bos, 1},
        };
        const OutcomePtr none = answer(service, r, FilterSetting::unfiltered());
        QVERIFY(none && none->unfilteredStreams);
        for (const auto& c : cases) {
            FilterSetting setting;
            setting.kind = c.kind;
            setting.k = c.k;
            setting.site = c.site;
            setting.layers = c.layers;
            setting.positions = c.positions;
            const OutcomePtr o = answer(service, r, setting);
            QVERIFY2(o && o->filteredStreams, r.failureText().c_str());
            const StreamSpectra& lab = *o->filteredStreams;
            const QString what = QString::fromStdString(setting.label());
            QVERIFY2(lab.firstFiltered == c.first, qPrintable(what));
            QCOMPARE(o->unfilteredStreams, none->unfilteredStreams); // measured once

            ForwardRequest request;
            request.samples = *o->tokens;
            request.taps = TapSet::parse("resid");
            request.hook = makeHook(std::make_shared<const Intervention>(intervention(setting, factory)));
            const std::vector<SampleTaps> reference = model->forward(request);
            QCOMPARE(lab.samples.size(), reference.size());
            // Energies within 1e-6 of the row's total; the ratio within what that tolerance allows
            // it (propagated: r = sqrt(D / L) moves by delta / (2 L) (1 / r + r) when D and L move
            // by delta = 1e-6 ||h||^2, at most sqrt(2 delta / L) once D itself is below delta).
            double worstEnergy = 0, worstRatio = 0;
            for (std::size_t b = 0; b < reference.size(); ++b) {
                const int T = lab.samples[b].tokens;
                for (int stream = 0; stream < lab.streams; ++stream) {
                    const double* e = lab.energyAt(static_cast<int>(b), stream);
                    const double* ratio = lab.ratioAt(static_cast<int>(b), stream);
                    if (stream < lab.firstFiltered) { // the unfiltered measurement, copied
                        const double* u = none->unfilteredStreams->energyAt(static_cast<int>(b), stream);
                        QVERIFY(std::equal(e, e + T * lab.bands, u));
                    }
                    for (int t = 0; t < T; ++t) {
                        const auto want = referenceEnergies(*unembed, bands,
                                                            reference[b].resid.slice(stream) +
                                                                static_cast<std::size_t>(t) * bands.dim);
                        double total = 0;
                        for (double v : want) total += v;
                        for (int j = 0; j < lab.bands; ++j) {
                            worstEnergy = std::max(worstEnergy, std::abs(e[t * lab.bands + j] - want[j]) / total);
                        }
                        const double r0 = referenceDarkRatio(want), delta = 1e-6 * total, light = total - want.back();
                        const double allowed =
                            want.back() > delta ? delta / (2 * light) * (1 / r0 + r0) : std::sqrt(2 * delta / light);
                        worstRatio = std::max(worstRatio, std::abs(ratio[t] - r0) / allowed);
                    }
                }
            }
            qInfo("%s: worst energy error %.2g of ||h||^2, worst ratio error %.2g of its tolerance", qPrintable(what),
                  worstEnergy, worstRatio);
            QVERIFY2(worstEnergy <= 1e-6, qPrintable(what));
            QVERIFY2(worstRatio <= 1, qPrintable(what));
            // The filter shows: Phi_u 1:12 at the exit of layer 1 leaves no dark band in stream 2.
            if (c.kind == FilterKind::PhiU && c.site == Site::Resid && c.positions == Positions::All) {
                QVERIFY(lab.meanRatio(0, 2) < 1e-3);
                QVERIFY(none->unfilteredStreams->meanRatio(0, 2) > 1e-2);
            }
        }
    }

    // Unfiltered, the Stream tab's figures are the cache's own spectrogram and dark-ratio figures:
    // the same float32 projection over row blocks of other sizes, so equal to rounding (ratios
    // 1e-6 relative, energies 1e-6 of the row's total: see above).
    void unfilteredStreamsAreTheCachesFigures()
    {
        Recorder r;
        RefilterService service(cacheSource(), r.events());
        QVERIFY2(r.waitFor([&] { return r.ready != nullptr; }), r.failureText().c_str());
        const OutcomePtr none = answer(service, r, FilterSetting::unfiltered());
        QVERIFY(none && none->filteredStreams);
        QCOMPARE(none->filteredStreams, none->unfilteredStreams);
        const StreamSpectra& lab = *none->filteredStreams;
        QCOMPARE(lab.firstFiltered, lab.streams);
        const CacheReader cache(path("cache.h5").toStdString());
        auto unembed = loadOrComputeSpectrum(model->checkpoint(), SpectralMatrix::Unembed);
        figures::ModelInputs inputs;
        inputs.unembed = unembed.get();
        auto near = [](double a, double b) { return std::abs(a - b) <= 1e-6 * std::abs(b); };
        for (int b = 0; b < 3; ++b) {
            const auto& ids = r.ready->tokens[static_cast<std::size_t>(b)];
            const auto mine = streamDarkRatioFigure(lab, b, ids, r.ready->vocabulary, r.ready->sampleIds);
            const auto theirs = figures::buildDarkRatioFigure(cache, r.ready->sampleIds[static_cast<std::size_t>(b)],
                                                              "unembed", inputs);
            QCOMPARE(mine.streams, theirs.streams);
            QCOMPARE(mine.tokens.pieces, theirs.tokens.pieces);
            QCOMPARE(mine.ratio.size(), theirs.ratio.size());
            for (std::size_t i = 0; i < mine.ratio.size(); ++i)
                QVERIFY2(near(mine.ratio[i], theirs.ratio[i]), qPrintable(QString("%1: %2 vs %3")
                                                                              .arg(i)
                                                                              .arg(mine.ratio[i], 0, 'g', 17)
                                                                              .arg(theirs.ratio[i], 0, 'g', 17)));
            using Axis = figures::SpectrogramFigure::Axis;
            const int last = static_cast<int>(ids.size()) - 1;
            for (auto [axis, fixed] : std::vector<std::pair<Axis, int>>{{Axis::TokenByBand, 0},
                                                                        {Axis::TokenByBand, 3},
                                                                        {Axis::TokenByBand, lab.streams - 1},
                                                                        {Axis::StreamByBand, 0},
                                                                        {Axis::StreamByBand, last}}) {
                const auto spec =
                    streamSpectrogramFigure(lab, b, axis, fixed, ids, r.ready->vocabulary, r.ready->sampleIds);
                const auto cached = figures::buildSpectrogramFigure(
                    cache, r.ready->sampleIds[static_cast<std::size_t>(b)], axis, fixed, inputs);
                QCOMPARE(spec.rows, cached.rows);
                QCOMPARE(spec.bands, cached.bands);
                QCOMPARE(spec.fixed, fixed);
                QCOMPARE(spec.energy.size(), cached.energy.size());
                for (int row = 0; row < spec.rows; ++row) {
                    const auto e = cached.energy.begin() + row * spec.bands;
                    const double total = std::accumulate(e, e + spec.bands, 0.0);
                    for (int j = 0; j < spec.bands; ++j)
                        QVERIFY(std::abs(spec.energy[static_cast<std::size_t>(row * spec.bands + j)] - e[j]) <=
                                1e-6 * total);
                }
            }
        }
        // A stream or sample outside the measurement is one line naming it.
        try {
            streamSpectrogramFigure(lab, 0, figures::SpectrogramFigure::Axis::TokenByBand, lab.streams,
                                    r.ready->tokens[0], r.ready->vocabulary);
            QFAIL("no error for a stream past L");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("stream 6") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(Error, streamDarkRatioFigure(lab, 3, r.ready->tokens[0], r.ready->vocabulary));
    }

    void generationSideBySide()
    {
        Recorder r;
        RefilterService service(cacheSource(), r.events());
        QVERIFY(r.waitFor([&] { return r.ready != nullptr; }));
        GenerationRequest g;
        g.prompt = r.ready->tokens[0];
        g.prompt.resize(8);
        g.steps = 24;
        g.setting.kind = FilterKind::PhiU;
        g.setting.k = 19; // the dark band removed
        g.setting.layers = {1};
        service.generate(g);
        QVERIFY2(r.waitFor([&] { return !r.generations.empty(); }), r.failureText().c_str());
        const GenerationOutcome& out = *r.generations[0];
        QCOMPARE(out.unfiltered.size(), std::size_t{24});
        QCOMPARE(out.filtered.size(), std::size_t{24});
        QVERIFY(out.unfiltered != out.filtered); // removing the dark band changes the continuation
        // Swap makes no sense for one prompt: one line naming it.
        g.setting.swap = true;
        service.generate(g);
        QVERIFY(!r.waitFor([&] { return false; }, 5s));
        QVERIFY(r.failureText().find("swap") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestRefilterService)
#include "test_refilter_service.moc"
