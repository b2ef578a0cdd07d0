// Interventions as controls (experiments/sink_control.h): the BoS stream or the massive
// activations set to zero, to their mean over samples, or to their mean over positions, on
// hand-built streams with known results, through re-filtering and the sweep, and on the demo
// model, whose real BoS sink (layers 1 and 2) makes zero catastrophic and the mean harmless, as
// Sun et al. report for LLaMa-2. Also the repetition score of generated text.
#include "analysis/repetition.h"
#include "corpus/samples.h"
#include "engine/generate.h"
#include "engine/transformer.h"
#include "experiments/sweep.h"
#include "model/checkpoint_loader.h"
#include "model/default_model.h"
#include "test_support.h"
#include "tokenizer/tokenizer.h"

#include <QTest>
#include <cmath>

using namespace spectro;

namespace {

// A base of B samples of T tokens and width d: resid[s][t][c] = value(b, s, t, c).
template <class Fn> std::vector<SampleTaps> base(int B, int S, int T, int d, Fn&& value)
{
    std::vector<SampleTaps> out(static_cast<std::size_t>(B));
    for (int b = 0; b < B; ++b) {
        out[static_cast<std::size_t>(b)].tokens.assign(static_cast<std::size_t>(T), 1);
        Array& r = out[static_cast<std::size_t>(b)].resid = Array({S, T, d});
        for (int s = 0; s < S; ++s)
            for (int t = 0; t < T; ++t)
                for (int c = 0; c < d; ++c)
                    r.data[static_cast<std::size_t>((s * T + t) * d + c)] = static_cast<float>(value(b, s, t, c));
    }
    return out;
}

} // namespace

class TestSinkControl : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void namesRoundTrip()
    {
        for (const auto& name : controlNames()) QCOMPARE(parseControl(name).name(), name);
        QCOMPARE(controlNames().size(), std::size_t{6});
        SPECTRO_VERIFY_ERROR(parseControl("bos-one"), "bos-zero");
    }

    void bosControlsOnAHandBuiltStream()
    {
        // Exit of layer 0 = stream 1: BoS = (b + 10, 20), other tokens (t, -t).
        const int T = 3, d = 2;
        const auto taps = base(2, 2, T, d, [](int b, int, int t, int c) {
            return t == 0 ? (c == 0 ? b + 10.0 : 20.0) : (c == 0 ? t : -t);
        });
        auto apply = [&](ControlValue v, std::vector<int> lengths) {
            const SinkControl control = makeSinkControl({ControlTarget::Bos, v, {}}, taps, {0});
            std::vector<float> x(taps[0].resid.slice(1), taps[0].resid.slice(1) + T * d);
            x.insert(x.end(), taps[1].resid.slice(1), taps[1].resid.slice(1) + T * d);
            ActivationView view{x.data(), 2, T, d, &lengths};
            applyControl(control, 0, view);
            return x;
        };
        auto zero = apply(ControlValue::Zero, {3, 3});
        QCOMPARE(zero[0], 0.0f);
        QCOMPARE(zero[1], 0.0f);
        QCOMPARE(zero[2], 1.0f); // other tokens untouched
        auto mean = apply(ControlValue::Mean, {3, 3});
        QCOMPARE(mean[0], 10.5f); // (10 + 11) / 2 over the samples
        QCOMPARE(mean[1], 20.0f);
        QCOMPARE(mean[6], 10.5f);
        // Mean over positions, within each sample's length: sample 1 has 2 real tokens.
        auto positions = apply(ControlValue::PositionMean, {3, 2});
        QCOMPARE(positions[0], static_cast<float>((10 + 1 + 2) / 3.0));
        QCOMPARE(positions[1], static_cast<float>((20 - 1 - 2) / 3.0));
        QCOMPARE(positions[6], static_cast<float>((11 + 1) / 2.0));
        QCOMPARE(positions[10], 2.0f); // the padded row is left alone
    }

    void massiveControlsOnAHandBuiltStream()
    {
        // 1 x 4 x 4 stream: entries 0.1, with h[0][2] = 500 + 100 b and h[2][2] = -300 (massive
        // under above 100, ratio 1000), and h[1][3] = 50 (not massive).
        const int T = 4, d = 4;
        const auto taps = base(2, 2, T, d, [](int b, int, int t, int c) {
            if (t == 0 && c == 2) return 500.0 + 100 * b;
            if (t == 2 && c == 2) return -300.0;
            if (t == 1 && c == 3) return 50.0;
            return 0.1;
        });
        const MassiveOptions detection;
        const SinkControl control = makeSinkControl({ControlTarget::Massive, ControlValue::Mean, detection}, taps, {0});
        QCOMPARE(control.baseEntries(0), 4);
        QCOMPARE(control.massiveMean.at(0).size(), std::size_t{1});
        QCOMPARE(control.massiveMean.at(0).at(2), static_cast<float>((500 + 600 - 300 - 300) / 4.0));
        for (ControlValue v : {ControlValue::Zero, ControlValue::Mean, ControlValue::PositionMean}) {
            SinkControl c = control;
            c.spec.value = v;
            std::vector<float> x(taps[0].resid.slice(1), taps[0].resid.slice(1) + T * d);
            ActivationView view{x.data(), 1, T, d, nullptr};
            applyControl(c, 0, view);
            const float expected = v == ControlValue::Zero   ? 0.0f
                                   : v == ControlValue::Mean ? 125.0f
                                                             : static_cast<float>((500 + 0.1 - 300 + 0.1) / 4);
            QCOMPARE(x[0 * d + 2], expected);
            QCOMPARE(x[2 * d + 2], expected);
            QCOMPARE(x[1 * d + 3], 50.0f); // not massive
            QCOMPARE(x[3 * d + 2], 0.1f);  // a massive channel, but not a massive entry
        }
    }

    void repetitionScore()
    {
        QCOMPARE(repetitionRate({1, 2, 3, 4, 5, 6}, 4), 0.0);
        QCOMPARE(repetitionRate({7, 7, 7, 7, 7, 7}, 4), 1.0 - 1.0 / 3.0);
        // 1 2 3 1 2 3 1 2: 4-grams 1231 2312 3123 1231 2312 -> 3 distinct of 5.
        QCOMPARE(repetitionRate({1, 2, 3, 1, 2, 3, 1, 2}, 4), 1.0 - 3.0 / 5.0);
        QCOMPARE(repetitionRate({1, 2}, 4), 0.0);
        SPECTRO_VERIFY_ERROR(repetitionRate({1}, 0), "at least 1");
    }

    void meanIsHarmlessAndZeroIsNotOnTheDemoModel()
    {
        SPECTRO_REQUIRE_SHARED();
        const auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(defaultModelPath()));
        const Transformer model(ckpt);
        const auto tokenizer = findTokenizer(*ckpt);
        std::vector<std::vector<int>> samples;
        for (auto& s : samplesFromTextFile(
                 spectro::test::sharedPath("corpora/tinystories_validation_first_stories.txt"), *tokenizer, 64, 6)) {
            samples.push_back(std::move(s.tokens));
        }
        const Refilter refilter(model, samples);
        const double baseline = refilter.baseline().nll;
        auto nll = [&](ControlTarget target, ControlValue value, int layer, bool naive = false) {
            MassiveOptions detection; // the demo's BoS entry in channel 18 is ~3, 37 x the median
            detection.above = 1.0;
            detection.ratio = 10.0;
            auto control = std::make_shared<const SinkControl>(
                makeSinkControl({target, value, detection}, refilter.base(), {layer}));
            const Intervention iv{nullptr, Site::Resid, {layer}, Positions::All, false, control};
            return naive ? refilter.runNaive(iv).nll : refilter.run(iv).nll;
        };
        // The BoS sink forms at the exit of layer 0 (docs/demo-model.md): zeroing it there is costly,
        // its mean over samples (the stream itself) costs nothing.
        const double zero = nll(ControlTarget::Bos, ControlValue::Zero, 0),
                     mean = nll(ControlTarget::Bos, ControlValue::Mean, 0);
        QVERIFY2(zero > baseline + 0.1, qPrintable(QString("bos-zero %1 vs %2").arg(zero).arg(baseline)));
        QVERIFY2(std::abs(mean - baseline) < 1e-4, qPrintable(QString("bos-mean %1 vs %2").arg(mean).arg(baseline)));
        // The massive activations alone (BoS, channels 18 and 38): the same contrast.
        const double massiveZero = nll(ControlTarget::Massive, ControlValue::Zero, 0);
        const double massiveMean = nll(ControlTarget::Massive, ControlValue::Mean, 0);
        QVERIFY2(massiveZero > baseline + 0.05,
                 qPrintable(QString("massive-zero %1 vs %2").arg(massiveZero).arg(baseline)));
        QVERIFY2(std::abs(massiveMean - baseline) < 0.01,
                 qPrintable(QString("massive-mean %1 vs %2").arg(massiveMean).arg(baseline)));
        qInfo("demo NLL %.4f; exit of layer 0: bos-zero %.4f, bos-mean %.6f, massive-zero %.4f, massive-mean %.6f",
              baseline, zero, mean, massiveZero, massiveMean);
        // Restarting from the stored stream equals a full pass with the control as a hook.
        QVERIFY(std::abs(nll(ControlTarget::Massive, ControlValue::Zero, 1, true) -
                         nll(ControlTarget::Massive, ControlValue::Zero, 1)) < 1e-5);
        QVERIFY(std::abs(nll(ControlTarget::Bos, ControlValue::PositionMean, 0, true) -
                         nll(ControlTarget::Bos, ControlValue::PositionMean, 0)) < 1e-5);

        // The same through the sweep: one row per layer, no k.
        SweepSpec spec;
        spec.layers = {0, 1};
        spec.control = ControlSpec{ControlTarget::Bos, ControlValue::Zero, {}};
        FilterFactory unused(nullptr, nullptr, makeBands(ckpt->config.dim, 20));
        const auto rows = runSweep(refilter, unused, spec);
        QCOMPARE(rows.size(), std::size_t{3});
        QCOMPARE(rows[1].filter, std::string("bos-zero"));
        QVERIFY(std::abs(rows[1].nll - zero) < 1e-9);
        QVERIFY(sweepCsv(rows).find("\nbos-zero,resid,0,,all,0,") != std::string::npos);
        spec.site = Site::MlpOut;
        SPECTRO_VERIFY_ERROR(runSweep(refilter, unused, spec), "--site resid");

        // Generation with the BoS stream zeroed at every step: another text.
        GenerateOptions plain;
        plain.steps = 48;
        const std::vector<int> prompt = tokenizer->encode("Once upon a time", true);
        const auto free = generate(model, prompt, plain);
        GenerateOptions controlled = plain;
        ForwardRequest request;
        request.samples = {prompt};
        auto control = std::make_shared<const SinkControl>(
            makeSinkControl({ControlTarget::Bos, ControlValue::Zero, {}}, model.forward(request), {0}));
        controlled.hook = makeHook(
            std::make_shared<Intervention>(nullptr, Site::Resid, std::vector<int>{0}, Positions::All, false, control));
        const auto changed = generate(model, prompt, controlled);
        QVERIFY(changed.tokens != free.tokens);
        qInfo("rep-4 without control %.3f, with bos-zero at layer 0 %.3f", repetitionRate(free.tokens),
              repetitionRate(changed.tokens));
    }
};

QTEST_GUILESS_MAIN(TestSinkControl)
#include "test_sink_control.moc"
