#pragma once
// The first step of a table model with typed columns (DESIGN.md §5): stored columns as the
// version holds them (NaN for missing cells, category codes, days since 1970) become features,
// with the statistics fitted on the run's train split (ModelInput::columns). The constants come
// from the model's input description, not from its weights, so checkpoints hold none of them.
//
// It is written as a short chain of plain ops (fill, matrix products with 0/1 selection
// matrices, affine maps, equality, floor, fmod, sin, cos, concat) so that the exports
// (export/graph_builder.cpp) replay the same chain op for op in TorchScript and ONNX.
// Engine code only (includes torch); used from the model's thread.
#include "model_spec.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace dllab::models {

class TableEncoder {
public:
    explicit TableEncoder(const std::vector<InputColumn> &columns);
    // raw: N x columns -> N x ModelInput::featureWidth().
    torch::Tensor encode(const torch::Tensor &raw);

    // The constants by name ("enc_fill", ...), float32 on the CPU; a part the columns do not need
    // (no date column, say) has none of its names here.
    std::vector<std::pair<std::string, torch::Tensor>> constants() const;

private:
    torch::Tensor &constant(const std::string &name);

    std::vector<std::pair<std::string, torch::Tensor>> m_constants;
    bool m_numeric = false, m_categorical = false, m_dates = false;
};

} // namespace dllab::models
