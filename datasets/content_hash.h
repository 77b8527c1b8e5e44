#pragma once
// The content hash of a dataset version: SHA-256 over its canonical content (schema, arrays,
// splits), independent of file bytes and of where the data was imported from.
#include "dataset_content.h"

#include <string>

namespace dllab::datasets {

std::string contentHash(const DatasetContent &content);

} // namespace dllab::datasets
