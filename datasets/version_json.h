#pragma once
// JSON forms of dataset versions, as the CLI prints them (--json) and lab.db stores them.
#include "dataset_store.h"
#include "statistics.h"

#include <nlohmann/json.hpp>

namespace dllab::datasets {

nlohmann::json toJson(const VersionInfo &version);
nlohmann::json toJson(const DiffResult &diff);

// The schema_json column of dataset_versions.
nlohmann::json schemaJson(const DatasetContent &content, const Statistics &stats);
// Fills the schema fields of `version` from a schema_json value.
void applySchemaJson(const nlohmann::json &schema, VersionInfo &version);

} // namespace dllab::datasets
