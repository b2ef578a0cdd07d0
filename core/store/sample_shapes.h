#pragma once
// The shape every dataset of a sample must have, from /model/config and the sample's token count
// (docs/cache-format.md). The reader checks each dataset against it before handing out a single
// value: a cache whose attn, resid or tokens disagree with its config crashed `analyze` (one
// analysis indexes another's rows) before this check existed.
#include "model/model_config.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spectro {

// The shape of tap `dataset` ("resid", "attn", ...; "nll") of a sample of `tokens` tokens, or
// nullopt for names the format does not define.
std::optional<std::vector<std::int64_t>> expectedSampleShape(const ModelConfig& config, const std::string& dataset,
                                                             std::int64_t tokens);

} // namespace spectro
