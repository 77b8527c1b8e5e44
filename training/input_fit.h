#pragma once
// Fits a table model's column encoding (models::InputColumn) on the run's train split only, so
// that nothing about val or test leaks into the model. No torch; any thread.
#include "datasets/dataset_content.h"
#include "models/model_spec.h"

namespace dllab::training {

// True when `content` needs the column encoder: a table with a non-numeric column or a missing
// cell. Plain numeric tables keep the per-feature mean/std normalisation.
bool needsColumnEncoding(const datasets::DatasetContent &content);

// `input` with its columns fitted on the rows `train`. Throws dllab::Error when no column is a
// feature (every one is text).
models::ModelInput fitColumnEncoding(models::ModelInput input,
                                     const datasets::DatasetContent &content,
                                     const std::vector<int64_t> &train);

// Regression: `input` with the target's mean and std over the rows `train`.
models::ModelInput fitTarget(models::ModelInput input, const datasets::DatasetContent &content,
                             const std::vector<int64_t> &train);

} // namespace dllab::training
