// The Run Corpus dialog: it states the size of the cache before anything runs (checked against the
// tap shapes of docs/cache-format.md), offers the demo corpus and the shared ones, and keeps Run
// disabled until the choice can run (a JSON-lines corpus needs its field).
#include "corpus_dialog.h"
#include "default_model.h"
#include "test_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using spectro::gui::CorpusDialog;
using spectro::gui::CorpusRunSettings;

namespace {

spectro::ModelConfig stories260KShape()
{
    spectro::ModelConfig c;
    c.dim = 64;
    c.hiddenDim = 172;
    c.nLayers = 5;
    c.nHeads = 8;
    c.nKvHeads = 4;
    c.vocabSize = 512;
    c.maxSeqLen = 512;
    return c;
}

QPushButton* runButton(CorpusDialog& dialog)
{
    return dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

} // namespace

class TestCorpusDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void statesTheCacheSize();
    void offersTheDemoAndSharedCorpora();
    void jsonlNeedsAField();

private:
    QTemporaryDir cacheDir_;
};

void TestCorpusDialog::initTestCase()
{
    qputenv("SPECTRO_CACHE_DIR", cacheDir_.path().toUtf8());
}

void TestCorpusDialog::statesTheCacheSize()
{
    CorpusRunSettings initial;
    initial.taps = QStringLiteral("resid,attn");
    initial.samples = 3;
    initial.maxTokens = 100;
    CorpusDialog dialog(stories260KShape(), QStringLiteral("stories260K"), initial);
    // resid [L+1, T, d] and attn [L, H, T, T] in float32 per sample, plus the NLL and tokens.
    const std::uint64_t T = 100, L = 5, d = 64, H = 8;
    const std::uint64_t taps = 4 * ((L + 1) * T * d + L * H * T * T);
    QVERIFY2(dialog.estimatedBytes() >= 3 * taps && dialog.estimatedBytes() <= 3 * (taps + 8 * T + 4096),
             qPrintable(QString::number(dialog.estimatedBytes())));
    QVERIFY(dialog.sizeText().contains(QStringLiteral("3 samples of 100 tokens")));
    QVERIFY(dialog.sizeText().contains(QStringLiteral("free in")));

    // bfloat16 halves the taps; the token limit is clamped to the context.
    auto* dtype = dialog.findChildren<QComboBox*>().at(2);
    dtype->setCurrentIndex(dtype->findData(QStringLiteral("bf16")));
    QVERIFY(dialog.estimatedBytes() < 3 * taps / 2 + 3 * (8 * T + 4096));
    auto* tokens = dialog.findChildren<QSpinBox*>().at(1);
    QCOMPARE(tokens->maximum(), 512);

    const CorpusRunSettings s = dialog.settings();
    QCOMPARE(s.taps, QStringLiteral("resid,attn"));
    QCOMPARE(s.dtype, QStringLiteral("bf16"));
    QCOMPARE(s.samples, 3);
    // The default cache goes to the spectroscope cache folder, named after model, corpus and extent.
    QVERIFY2(s.cachePath.startsWith(cacheDir_.path()) && s.cachePath.endsWith(QStringLiteral("-3x100.h5")),
             qPrintable(s.cachePath));
}

void TestCorpusDialog::offersTheDemoAndSharedCorpora()
{
    const auto offers = spectro::gui::offeredCorpora();
    QVERIFY(!offers.isEmpty());
    QCOMPARE(offers.first().path, spectro::gui::demoCorpusPath());
    QVERIFY(offers.first().path.endsWith(QStringLiteral("demo-stories.txt")));
    if (QFileInfo::exists(QStringLiteral(SPECTRO_SHARED_DIR "/corpora/HumanEval.jsonl"))) {
        const bool code = std::any_of(offers.begin(), offers.end(), [](const auto& o) {
            return o.path.endsWith(QStringLiteral("HumanEval.jsonl")) && o.jsonlField == QStringLiteral("prompt");
        });
        QVERIFY(code);
    }
    CorpusDialog dialog(stories260KShape(), QStringLiteral("m"), CorpusRunSettings{});
    QCOMPARE(dialog.settings().corpusPath, offers.first().path); // the demo corpus is the default
    QVERIFY(runButton(dialog)->isEnabled());
}

void TestCorpusDialog::jsonlNeedsAField()
{
    QTemporaryDir dir;
    const QString jsonl = dir.filePath(QStringLiteral("c.jsonl"));
    spectro::test::writeAll(jsonl, "{\"id\": 1, \"body\": \"def f(): pass\", \"title\": \"f\"}\n");
    CorpusRunSettings initial;
    initial.corpusPath = jsonl;
    CorpusDialog dialog(stories260KShape(), QStringLiteral("m"), initial);
    auto* field = dialog.findChildren<QComboBox*>().at(1);
    // The string fields of the first line are offered.
    QCOMPARE(field->count(), 2);
    QVERIFY(field->findText(QStringLiteral("body")) >= 0 && field->findText(QStringLiteral("title")) >= 0);
    field->setEditText(QString());
    QVERIFY(!runButton(dialog)->isEnabled());
    field->setCurrentText(QStringLiteral("body"));
    QVERIFY(runButton(dialog)->isEnabled());
    QCOMPARE(dialog.settings().jsonlField, QStringLiteral("body"));
}

QTEST_MAIN(TestCorpusDialog)
#include "test_gui_corpus_dialog.moc"
