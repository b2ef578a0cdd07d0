// Layer placement (engine/placement.h): how --device lists split the layers into blocks, the
// errors for bad lists, and that blocks on one device compute exactly what one device does
// ("cpu,cpu": the stream moves between blocks, the RoPE tables and the mask are made again, the
// CPU's layers are widened per block; the values must not change by a bit). The same placements
// on a GPU ("cuda:0,cuda:0", "cpu,cuda:0") are checked by tests/device/test_gpu_equality.cpp.
#include "engine/runtime.h"
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "taps_compare.h"
#include "test_support.h"

#include <QTest>

using namespace spectro;
using spectro::test::modelPath;

namespace {

std::unique_ptr<Transformer> stories(const std::string& device, std::uint64_t budget = 2ull << 30)
{
    EngineOptions options;
    options.device = device;
    options.residentBudgetBytes = budget;
    return std::make_unique<Transformer>(
        std::make_shared<const Checkpoint>(loadCheckpoint(modelPath("stories260K/stories260K.bin"))), options);
}

void compareExactly(const std::vector<SampleTaps>& a, const std::vector<SampleTaps>& ref, const std::string& what)
{
    QCOMPARE(a.size(), ref.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        for (const auto& d : spectro::test::tapDifferences(a[i], ref[i])) {
            QVERIFY2(d.maxAbs == 0,
                     qPrintable(QString::fromStdString(what + ", sample " + std::to_string(i) + ", tap " + d.tap +
                                                       ": max |diff| " + std::to_string(d.maxAbs))));
        }
    }
}

}  // namespace

class TestPlacement : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsSplitTheLayersIntoEqualBlocks()
    {
        const Placement one = parsePlacement("cpu", 5, 0);
        QCOMPARE(one.stages, (std::vector<std::string>{"cpu"}));
        QCOMPARE(one.firstLayer, (std::vector<int>{0}));
        QVERIFY(one.cpuOnly());
        QCOMPARE(one.toString(), std::string("cpu"));

        // 5 layers on 2 devices: 3 + 2 (the first block takes the remainder).
        const Placement two = parsePlacement("cuda:0,cuda:1", 5, 2);
        QCOMPARE(two.firstLayer, (std::vector<int>{0, 3}));
        QCOMPARE(two.stageOf(2), 0);
        QCOMPARE(two.stageOf(3), 1);
        QCOMPARE(two.deviceOf(4), std::string("cuda:1"));
        QCOMPARE(two.outputDevice(), std::string("cuda:1"));
        QVERIFY(!two.cpuOnly());
        QCOMPARE(two.toString(), std::string("cuda:0[0-2],cuda:1[3-4]"));

        // 80 layers (70B) on 3: 27 + 27 + 26; 32 on "cpu,cpu,cpu": 11 + 11 + 10.
        QCOMPARE(parsePlacement("cuda:0,cuda:1,cuda:2", 80, 3).firstLayer, (std::vector<int>{0, 27, 54}));
        QCOMPARE(parsePlacement("cpu,cpu,cpu", 32, 0).firstLayer, (std::vector<int>{0, 11, 22}));
        QCOMPARE(parsePlacement("cpu,cuda", 2, 1).stages, (std::vector<std::string>{"cpu", "cuda"}));
    }

    void autoTakesEveryGpu()
    {
        QCOMPARE(parsePlacement("auto", 32, 0).stages, (std::vector<std::string>{"cpu"}));
        QCOMPARE(parsePlacement("auto", 80, 2).stages, (std::vector<std::string>{"cuda:0", "cuda:1"}));
        QCOMPARE(parsePlacement("auto", 80, 2).firstLayer, (std::vector<int>{0, 40}));
        // Never more blocks than layers.
        QCOMPARE(parsePlacement("auto", 2, 8).stages.size(), std::size_t{2});
    }

    void badListsAreOneLineErrors()
    {
        SPECTRO_VERIFY_ERROR(parsePlacement("gpu", 5, 0), "unknown device 'gpu'");
        SPECTRO_VERIFY_ERROR(parsePlacement("cuda:", 5, 0), "unknown device 'cuda:'");
        SPECTRO_VERIFY_ERROR(parsePlacement("cuda:x", 5, 0), "unknown device 'cuda:x'");
        SPECTRO_VERIFY_ERROR(parsePlacement("cpu,,cpu", 5, 0), "unknown device ''");
        SPECTRO_VERIFY_ERROR(parsePlacement("", 5, 0), "unknown device ''");
        SPECTRO_VERIFY_ERROR(parsePlacement("cpu,cpu,cpu", 2, 0), "3 devices for a model of 2 layers");
        if (!cudaAvailable()) {
            SPECTRO_VERIFY_ERROR(resolvePlacement("cpu,cuda:0", 5), "built without CUDA");
            SPECTRO_VERIFY_ERROR(stories("cuda"), "built without CUDA");
        } else {
            SPECTRO_VERIFY_ERROR(resolvePlacement("cuda:" + std::to_string(cudaDeviceCount()), 5), "is not available");
        }
    }

    void gemmModes()
    {
        QCOMPARE(parseGemmMode("f32"), GemmMode::Float32);
        QCOMPARE(parseGemmMode("split-bf16"), GemmMode::SplitBf16);
        QCOMPARE(gemmModeName(GemmMode::SplitBf16), std::string("split-bf16"));
        SPECTRO_VERIFY_ERROR(parseGemmMode("tf32"), "unknown GEMM mode 'tf32'");
        SPECTRO_REQUIRE_SHARED();
        // The CPU computes in float32 whatever the mode, and says so when split-bf16 is demanded.
        QVERIFY(!stories("cpu")->splitBf16());
        EngineOptions options;
        options.gemm = GemmMode::SplitBf16;
        SPECTRO_VERIFY_ERROR(
            Transformer(std::make_shared<const Checkpoint>(loadCheckpoint(modelPath("stories260K/stories260K.bin"))),
                        options),
            "split-bf16 needs a GPU");
    }

    void blocksOnOneDeviceComputeWhatOneDeviceDoes()
    {
        SPECTRO_REQUIRE_SHARED();
        const auto one = stories("cpu");
        QCOMPARE(one->gpuWeightBytes(), std::uint64_t{0});
        std::vector<int> longer{1};
        for (int i = 1; i < 40; ++i) longer.push_back(3 + (i * 37) % 509);
        ForwardRequest single, batch;
        single.samples = {longer};
        batch.samples = {longer, {1, 385, 328}, {1}};
        single.taps = batch.taps = TapSet::parse("all,nll");
        // A hook that changes the stream at the exit of layer 1, in the first block.
        batch.hook = [](Site site, int layer, ActivationView& view) {
            if (site != Site::Resid || layer != 1) return;
            for (std::int64_t i = 0; i < view.batch * view.tokens * view.dim; ++i) view.data[i] *= 0.5f;
        };
        const auto oneSingle = one->forward(single), oneBatch = one->forward(batch);
        // A re-filter's restart taps no attention probabilities, so its attention takes the fused
        // kernel: its reference is a whole pass with the same taps.
        ForwardRequest whole;
        whole.samples = {longer};
        whole.taps = TapSet::parse("resid,logits,nll");
        const auto oneWhole = one->forward(whole);
        for (const char* spec : {"cpu,cpu", "cpu,cpu,cpu,cpu,cpu"}) {
            for (std::uint64_t budget : {std::uint64_t{2} << 30, std::uint64_t{0}}) {  // resident, and widened per layer
                const auto split = stories(spec, budget);
                QCOMPARE(split->placement().stages.size(), std::string(spec).size() / 4 + 1);
                const std::string what = std::string(spec) + (budget ? " resident" : " streamed");
                compareExactly(split->forward(single), oneSingle, what + ", one sample");
                compareExactly(split->forward(batch), oneBatch, what + ", a padded batch with a hook");
                // Restarting in the second block from a stored stream, as a re-filter does.
                ForwardRequest restart;
                restart.samples = {longer};
                restart.taps = TapSet::parse("resid,logits,nll");
                restart.startLayer = 3;
                Array start({static_cast<std::int64_t>(longer.size()), 64});
                std::copy_n(oneWhole[0].resid.slice(3), start.numel(), start.data.begin());
                restart.startResid = {start};
                const auto restarted = split->forward(restart);
                QCOMPARE(restarted[0].logits.data, oneWhole[0].logits.data);
                QCOMPARE(restarted[0].nll.data, oneWhole[0].nll.data);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestPlacement)
#include "test_placement.moc"
