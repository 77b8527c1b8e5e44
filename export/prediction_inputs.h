#pragma once
// The inputs dllab-cli predict (and the GUI's "Try it") accept, read into raw model inputs:
// PNG/JPEG images (pixels scaled to [0,1]), CSV rows of feature values (a header row is
// skipped, and when it names the model's columns those columns are picked), JSON rows keyed by
// column name (an array of objects, or one object per line), and IDX files
// (images or N x F values, raw or gzip). A wrong size, channel count or feature count is an error
// naming the shape the model expects. Engine code; any one thread.
#include "predictor.h"

#include <torch/torch.h>

#include <filesystem>
#include <string>
#include <vector>

namespace dllab::exporting {

struct InputBatch {
    torch::Tensor x;                // N x shape, float32
    std::vector<std::string> names; // per sample: "digit.png", "rows.csv:3", "t10k.gz[17]"
};

InputBatch readPredictionInputs(const std::vector<std::filesystem::path> &files,
                                const InputSpec &spec);

// One raw row of a typed table, a cell per spec.typed column in order ("" is missing), as the
// model's input values; throws dllab::Error naming the column that does not read.
std::vector<float> typedRowValues(const std::vector<std::string> &cells, const InputSpec &spec);

// "a 28x28 image with 1 channel (model input 1x28x28)" or "4 feature values (a, b, c, d)".
std::string expectedInputText(const InputSpec &spec);

} // namespace dllab::exporting
