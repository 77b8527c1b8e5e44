#pragma once
// The model card that travels with every export (JSON and Markdown): where the model came from
// (run, dataset name@version and content hash), how good it is (metrics), and how to call it
// (input shape, dtype and scaling, normalisation, class names). Engine code; any one thread.
#include "trained_model.h"

#include <nlohmann/json.hpp>

#include <string>

namespace dllab::exporting {

nlohmann::json modelCard(const TrainedModel &trained, const std::string &modelName,
                         const std::string &exportedAt);

std::string modelCardMarkdown(const nlohmann::json &card);

// Now as ISO 8601 UTC ("2024-05-01T12:00:00Z").
std::string utcNow();

} // namespace dllab::exporting
