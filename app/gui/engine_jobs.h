#pragma once
// The work the engine thread does, as plain functions: no threads, no signals. The controller
// decides when they run; these decide what they compute. Errors are thrown (spectro::Error,
// spectro::Cancelled when `progress` says stop), never reported here.
#include "engine_snapshots.h"
#include "util/progress.h"

#include <QString>
#include <memory>

namespace spectro {
struct Checkpoint;
class Tokenizer;
class Transformer;
} // namespace spectro

namespace spectro::gui {

// Everything the engine thread owns for one model. Only that thread touches it.
struct LoadedModel {
    std::shared_ptr<const Checkpoint> checkpoint;
    std::shared_ptr<const Tokenizer> tokenizer; // null when none was found
    std::unique_ptr<Transformer> transformer;
    ModelSnapshotPtr snapshot;

    LoadedModel();
    ~LoadedModel();
};

std::unique_ptr<LoadedModel> loadModelJob(const QString& path, const ProgressFn& progress);

// Tokenizes `prompt` (with BoS), records the top-`topK` next-token distribution at the last
// position, then generates `steps` greedy tokens.
PromptResultPtr runPromptJob(const LoadedModel& model, const QString& prompt, int steps, int topK,
                             const ProgressFn& progress);

} // namespace spectro::gui
