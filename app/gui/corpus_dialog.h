#pragma once
// Run > Run Corpus…: which text to run (a plain text file, or JSON lines with a field; the demo
// corpus and the shared stories and code corpora are offered), how many samples of how many
// tokens, which taps, and the cache to write or extend. The size the cache will take is stated
// and the free disk checked as the choices change, before anything runs; Run stays disabled when
// the disk cannot hold it.
#include "corpus_jobs.h"
#include "model/model_config.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace spectro::gui {

class CorpusDialog : public QDialog {
    Q_OBJECT
public:
    // `modelName` names the default cache file; `initial` pre-fills the choices (the session's).
    CorpusDialog(const ModelConfig& config, const QString& modelName, const CorpusRunSettings& initial,
                 QWidget* parent = nullptr);

    CorpusRunSettings settings() const;
    // The upper bound stated in the dialog: every sample at the token limit.
    std::uint64_t estimatedBytes() const;
    // The line under the choices ("About 12.3 MiB … free"), for tests.
    QString sizeText() const;

private:
    void chooseCorpusFile();
    void chooseCacheFile();
    void corpusChosen(bool interactive);
    void updateFields(); // JSONL field choices for the current corpus
    void updateEstimate();
    QString defaultCachePath() const;

    ModelConfig config_;
    QString modelName_;
    QComboBox* corpus_ = nullptr;
    QLineEdit* corpusPath_ = nullptr;
    QComboBox* field_ = nullptr;
    QSpinBox* samples_ = nullptr;
    QSpinBox* maxTokens_ = nullptr;
    QCheckBox* attn_ = nullptr;
    QCheckBox* attnOut_ = nullptr;
    QCheckBox* mlpOut_ = nullptr;
    QCheckBox* residMid_ = nullptr;
    QCheckBox* logits_ = nullptr;
    QComboBox* dtype_ = nullptr;
    QLineEdit* cachePath_ = nullptr;
    QCheckBox* replace_ = nullptr;
    QCheckBox* analyze_ = nullptr;
    QLabel* size_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    bool cachePathEdited_ = false;
};

} // namespace spectro::gui
