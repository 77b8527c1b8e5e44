#pragma once
// The first step of a table model with typed columns (DESIGN.md §5): stored columns as the
// version holds them (NaN for missing cells, category codes, days since 1970) become features,
// with the statistics fitted on the run's train split (ModelInput::columns). The constants come
// from the model's input description, not from its weights, so checkpoints hold none of them.
// Engine code only (includes torch); used from the model's thread.
#include "model_spec.h"

#include <torch/torch.h>

namespace dllab::models {

class TableEncoder {
public:
    explicit TableEncoder(const std::vector<InputColumn> &columns);
    // raw: N x columns -> N x ModelInput::featureWidth().
    torch::Tensor encode(const torch::Tensor &raw);

private:
    void moveTo(const torch::Device &device);

    torch::Tensor m_fill;                            // per column: what a missing cell becomes
    torch::Tensor m_numeric, m_scale, m_shift;       // numeric columns and their standardisation
    torch::Tensor m_categorical, m_limit, m_offset;  // categorical columns, counts, one-hot starts
    torch::Tensor m_dates, m_yearScale, m_yearShift; // date columns and their year's scaling
    int64_t m_oneHotWidth = 0;
};

} // namespace dllab::models
