#include "corpus_dialog.h"

#include "default_model.h"
#include "engine/forward.h"
#include "spectral/spectrum_store.h"
#include "store/cache_size.h"
#include "store/tap_storage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace spectro::gui {
namespace {

bool isJsonl(const QString& path)
{
    return path.endsWith(QStringLiteral(".jsonl"), Qt::CaseInsensitive) ||
           path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
}

// The string fields of the first JSON object of a JSON-lines file, to offer as the field.
QStringList stringFields(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    for (int i = 0; i < 20 && !file.atEnd(); ++i) {
        const QByteArray line = file.readLine(1 << 22).trimmed();
        if (line.isEmpty()) continue;
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        QStringList fields;
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.value().isString()) fields << it.key();
        }
        return fields;
    }
    return {};
}

QString byteText(std::uint64_t bytes)
{
    return QLocale().formattedDataSize(static_cast<qint64>(std::min<std::uint64_t>(bytes, INT64_MAX)), 1,
                                       QLocale::DataSizeTraditionalFormat);
}

} // namespace

CorpusDialog::CorpusDialog(const ModelConfig& config, const QString& modelName, const CorpusRunSettings& initial,
                           QWidget* parent)
    : QDialog(parent), config_(config), modelName_(modelName)
{
    setWindowTitle(tr("Run Corpus"));
    auto* form = new QFormLayout;

    corpus_ = new QComboBox(this);
    for (const CorpusOffer& offer : offeredCorpora()) {
        corpus_->addItem(offer.label, QStringList{offer.path, offer.jsonlField});
    }
    corpus_->addItem(tr("Other file…"), QStringList{});
    corpus_->setToolTip(
        tr("The text to run: the demo corpus, the shared stories and code corpora, or a file of yours"));
    corpusPath_ = new QLineEdit(this);
    corpusPath_->setToolTip(tr("A plain text file (cut into windows of the token limit) or a JSON-lines file"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setToolTip(tr("Choose a .txt or .jsonl file"));
    auto* corpusRow = new QHBoxLayout;
    corpusRow->addWidget(corpusPath_, 1);
    corpusRow->addWidget(browse);
    form->addRow(tr("&Corpus:"), corpus_);
    form->addRow(tr("File:"), corpusRow);

    field_ = new QComboBox(this);
    field_->setEditable(true);
    field_->setToolTip(tr("JSON lines: the string field of each line that holds the sample's text"));
    form->addRow(tr("JSON &field:"), field_);

    samples_ = new QSpinBox(this);
    samples_->setRange(1, 1 << 20);
    samples_->setValue(initial.samples);
    samples_->setToolTip(tr("At most this many samples (text files: consecutive windows; JSON lines: one per line)"));
    form->addRow(tr("&Samples:"), samples_);
    maxTokens_ = new QSpinBox(this);
    maxTokens_->setRange(2, std::max(2, config.maxSeqLen));
    maxTokens_->setValue(std::min(initial.maxTokens, config.maxSeqLen));
    maxTokens_->setToolTip(
        tr("Tokens per sample, BoS included (at most the model's context, %1)").arg(config.maxSeqLen));
    form->addRow(tr("&Tokens per sample:"), maxTokens_);

    auto* taps = new QVBoxLayout;
    const TapSet chosen = TapSet::parse(initial.taps.toStdString());
    auto tap = [&](const QString& text, const QString& tip, bool on) {
        auto* box = new QCheckBox(text, this);
        box->setToolTip(tip);
        box->setChecked(on);
        taps->addWidget(box);
        return box;
    };
    auto* resid =
        tap(tr("resid (residual streams)"), tr("Always stored: every U-dark, spectrogram and BoS view needs it"), true);
    resid->setEnabled(false);
    attn_ = tap(tr("attn (attention probabilities)"),
                tr("Attention sinks, attention pattern, sink grid and HMLV need it; [L, H, T, T] per sample"),
                chosen.attention);
    attnOut_ =
        tap(tr("attn_out (attention outputs)"), tr("The BoS story's attention contributions need it"), chosen.attnOut);
    mlpOut_ = tap(tr("mlp_out (MLP outputs)"), tr("The BoS story's MLP contributions need it"), chosen.mlpOut);
    residMid_ = tap(tr("resid_mid (after the attention add)"), tr("Optional: the stream between attention and MLP"),
                    chosen.residMid);
    logits_ =
        tap(tr("logits"), tr("Optional and large ([T, V] per sample); the NLL is stored without it"), chosen.logits);
    form->addRow(tr("Taps:"), taps);

    dtype_ = new QComboBox(this);
    dtype_->addItem(tr("float32 (exact)"), QStringLiteral("f32"));
    dtype_->addItem(tr("bfloat16 (half the size, float32's range)"), QStringLiteral("bf16"));
    dtype_->addItem(tr("float16 (half the size, overflows above 65504)"), QStringLiteral("f16"));
    dtype_->setCurrentIndex(std::max(0, dtype_->findData(initial.dtype)));
    dtype_->setToolTip(tr("How float taps are stored; readers always get float32 back"));
    form->addRow(tr("S&torage:"), dtype_);

    cachePath_ = new QLineEdit(this);
    cachePath_->setToolTip(tr("The cache to write; an existing cache of the same model and options is extended "
                              "with the samples it lacks (an interrupted run resumes)"));
    auto* saveAs = new QPushButton(tr("Save As…"), this);
    saveAs->setToolTip(tr("Choose where the cache (.h5) goes"));
    auto* cacheRow = new QHBoxLayout;
    cacheRow->addWidget(cachePath_, 1);
    cacheRow->addWidget(saveAs);
    form->addRow(tr("Cac&he:"), cacheRow);
    replace_ = new QCheckBox(tr("Replace an existing cache of other options"), this);
    replace_->setToolTip(tr("Without this, a cache made with other weights or options is refused, never overwritten"));
    replace_->setChecked(initial.replace);
    analyze_ = new QCheckBox(tr("Analyse after the run (U-dark ratios, spectrograms, HMLV)"), this);
    analyze_->setToolTip(tr("What spectroscope-cli analyze does; the dark-signal views need it"));
    analyze_->setChecked(initial.analyze);
    form->addRow(QString(), replace_);
    form->addRow(QString(), analyze_);

    size_ = new QLabel(this);
    size_->setWordWrap(true);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Run"));
    buttons_->button(QDialogButtonBox::Ok)
        ->setToolTip(tr("Run the samples into the cache; Cancel in the status bar stops it"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(size_);
    layout->addWidget(buttons_);

    connect(browse, &QPushButton::clicked, this, &CorpusDialog::chooseCorpusFile);
    connect(saveAs, &QPushButton::clicked, this, &CorpusDialog::chooseCacheFile);
    connect(corpus_, &QComboBox::currentIndexChanged, this, [this] { corpusChosen(true); });
    connect(corpusPath_, &QLineEdit::textChanged, this, [this] {
        updateFields();
        updateEstimate();
    });
    connect(field_, &QComboBox::currentTextChanged, this, &CorpusDialog::updateEstimate);
    connect(cachePath_, &QLineEdit::textEdited, this, [this] { cachePathEdited_ = true; });
    connect(cachePath_, &QLineEdit::textChanged, this, &CorpusDialog::updateEstimate);
    for (QSpinBox* spin : {samples_, maxTokens_})
        connect(spin, &QSpinBox::valueChanged, this, &CorpusDialog::updateEstimate);
    for (QCheckBox* box : {attn_, attnOut_, mlpOut_, residMid_, logits_}) {
        connect(box, &QCheckBox::toggled, this, &CorpusDialog::updateEstimate);
    }
    connect(dtype_, &QComboBox::currentIndexChanged, this, &CorpusDialog::updateEstimate);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    if (!initial.corpusPath.isEmpty()) {
        const QSignalBlocker block(corpus_); // no file dialog for the pre-filled choice
        corpus_->setCurrentIndex(corpus_->count() - 1);
        for (int i = 0; i + 1 < corpus_->count(); ++i) {
            if (corpus_->itemData(i).toStringList().value(0) == initial.corpusPath) corpus_->setCurrentIndex(i);
        }
        corpusPath_->setText(initial.corpusPath);
        field_->setCurrentText(initial.jsonlField);
    } else {
        corpusChosen(false);
    }
    if (!initial.cachePath.isEmpty()) {
        cachePath_->setText(initial.cachePath);
        cachePathEdited_ = true;
    }
    updateEstimate();
}

void CorpusDialog::corpusChosen(bool interactive)
{
    const QStringList offer = corpus_->currentData().toStringList();
    if (offer.isEmpty()) {
        if (interactive) chooseCorpusFile();
        return;
    }
    corpusPath_->setText(offer.value(0));
    field_->setCurrentText(offer.value(1));
}

void CorpusDialog::chooseCorpusFile()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Choose Corpus"), QFileInfo(corpusPath_->text()).absolutePath(),
                                     tr("Text and JSON lines (*.txt *.jsonl *.json);;All files (*)"));
    if (path.isEmpty()) return;
    corpus_->blockSignals(true);
    corpus_->setCurrentIndex(corpus_->count() - 1);
    corpus_->blockSignals(false);
    corpusPath_->setText(path);
}

void CorpusDialog::chooseCacheFile()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Cache File"), cachePath_->text(), tr("HDF5 caches (*.h5)"), nullptr,
                                     QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty()) return;
    cachePathEdited_ = true;
    cachePath_->setText(path.endsWith(QStringLiteral(".h5")) ? path : path + QStringLiteral(".h5"));
}

void CorpusDialog::updateFields()
{
    const QString path = corpusPath_->text();
    const bool jsonl = isJsonl(path);
    field_->setEnabled(jsonl);
    if (!jsonl) return;
    const QString current = field_->currentText();
    field_->clear();
    field_->addItems(stringFields(path));
    if (!current.isEmpty()) field_->setCurrentText(current);
}

QString CorpusDialog::defaultCachePath() const
{
    const QString corpus = QFileInfo(corpusPath_->text()).completeBaseName();
    const QString name = QStringLiteral("%1-%2-%3x%4.h5")
                             .arg(modelName_.isEmpty() ? QStringLiteral("model") : modelName_,
                                  corpus.isEmpty() ? QStringLiteral("corpus") : corpus)
                             .arg(samples_->value())
                             .arg(maxTokens_->value());
    return QDir(QString::fromStdString(spectroCacheFolder())).filePath(QStringLiteral("caches/") + name);
}

CorpusRunSettings CorpusDialog::settings() const
{
    CorpusRunSettings s;
    s.corpusPath = corpusPath_->text();
    s.jsonlField = isJsonl(s.corpusPath) ? field_->currentText() : QString();
    s.samples = samples_->value();
    s.maxTokens = maxTokens_->value();
    QStringList taps{QStringLiteral("resid")};
    if (residMid_->isChecked()) taps << QStringLiteral("resid_mid");
    if (attnOut_->isChecked()) taps << QStringLiteral("attn_out");
    if (mlpOut_->isChecked()) taps << QStringLiteral("mlp_out");
    if (attn_->isChecked()) taps << QStringLiteral("attn");
    if (logits_->isChecked()) taps << QStringLiteral("logits");
    s.taps = taps.join(QLatin1Char(','));
    s.dtype = dtype_->currentData().toString();
    s.cachePath = cachePath_->text();
    s.replace = replace_->isChecked();
    s.analyze = analyze_->isChecked();
    return s;
}

std::uint64_t CorpusDialog::estimatedBytes() const
{
    const CorpusRunSettings s = settings();
    const TapSet taps = TapSet::parse(s.taps.toStdString());
    return estimateSampleBytes(config_, taps, parseTapDType(s.dtype.toStdString()), s.maxTokens) *
           static_cast<std::uint64_t>(s.samples);
}

QString CorpusDialog::sizeText() const
{
    return size_->text();
}

void CorpusDialog::updateEstimate()
{
    if (!cachePathEdited_) {
        cachePath_->blockSignals(true);
        cachePath_->setText(defaultCachePath());
        cachePath_->blockSignals(false);
    }
    const CorpusRunSettings s = settings();
    const std::uint64_t bytes = estimatedBytes();
    // The cache's folder may not exist yet (it is made when the run starts): ask the disk it will be on.
    QString dir = QFileInfo(s.cachePath).absolutePath();
    while (!QFileInfo(dir).isDir() && QFileInfo(dir).path() != dir) dir = QFileInfo(dir).path();
    const QDir folder(dir);
    const std::uint64_t free = freeBytesBeside(folder.filePath(QStringLiteral("cache.h5")).toStdString());
    QString text = tr("The cache takes at most %1 (%2 samples of %3 tokens); an existing cache of the same "
                      "options is extended, and only the samples it lacks are computed.")
                       .arg(byteText(bytes))
                       .arg(s.samples)
                       .arg(s.maxTokens);
    // The CLI's rule: the new samples plus a 16 MiB margin (extending also copies the cache).
    const bool enough = free == UINT64_MAX || free > bytes + (16u << 20);
    if (free != UINT64_MAX)
        text += QLatin1Char(' ') +
                tr("%1 free in %2.").arg(byteText(free), QDir::toNativeSeparators(folder.absolutePath()));
    if (!enough) text = QStringLiteral("<b>%1</b> ").arg(tr("Not enough free disk.")) + text.toHtmlEscaped();
    size_->setText(text);
    const bool ready = enough && !s.corpusPath.isEmpty() && !s.cachePath.isEmpty() &&
                       (s.jsonlField.isEmpty() == !isJsonl(s.corpusPath));
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(ready);
}

} // namespace spectro::gui
