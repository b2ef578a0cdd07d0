#pragma once
// Immutable results that the engine thread hands to the GUI thread. They are created once,
// wrapped in std::shared_ptr<const T> and never modified, so that any number of views can
// hold them without locks.
#include "model/model_config.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <memory>
#include <utility>
#include <vector>

namespace spectro {
struct Checkpoint;
class Tokenizer;
} // namespace spectro

namespace spectro::gui {

struct ModelSnapshot {
    QString path;
    QString format;      // formatName(): "llama2.c v0", "GGUF", ...
    QString storedDType; // f32, f16, bf16, q8_0 or mixed
    ModelConfig config;
    std::int64_t parameterCount = 0;
    QString tokenizerSource; // empty when no tokenizer was found
    int tokenizerVocabSize = 0;
    double loadSeconds = 0.0;
    QString fingerprint; // model/fingerprint.h: compared with a cache's model_fingerprint
    // The weights and tokenizer themselves, read-only, for the figures that need them (aptitude,
    // token labels) on the figure loader's threads. Both are immutable once loaded.
    std::shared_ptr<const Checkpoint> checkpoint;
    std::shared_ptr<const Tokenizer> tokenizer; // null when none was found
};

struct PromptResult {
    QString prompt;
    int steps = 0;
    std::vector<int> tokens; // the prompt's ids, BoS first
    QStringList pieces;      // the same, as the vocabulary spells them
    std::vector<int> continuationTokens;
    QString continuation; // greedy continuation, decoded
    // The k most probable next tokens after the prompt's LAST position: (piece, probability).
    std::vector<std::pair<QString, double>> topNext;
    bool hitContextLimit = false;
    double seconds = 0.0;
};

using ModelSnapshotPtr = std::shared_ptr<const ModelSnapshot>;
using PromptResultPtr = std::shared_ptr<const PromptResult>;

} // namespace spectro::gui

Q_DECLARE_METATYPE(spectro::gui::ModelSnapshotPtr)
Q_DECLARE_METATYPE(spectro::gui::PromptResultPtr)
