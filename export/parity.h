#pragma once
// Parity at export: the exported model must compute what the trained model computes on real
// samples of its dataset. Engine code only; the export's thread.
#include "trained_model.h"

#include <torch/torch.h>

#include <string>

namespace dllab::exporting {

struct ParityBatch {
    torch::Tensor x;    // raw model inputs (pixels in [0,1] or feature values), on the CPU
    std::string source; // "mnist@v1 test split" or "random inputs (dataset version gone)"
};

// Up to `limit` samples of the run's dataset version: its test split when it has one, else its
// val split, else the first samples; random inputs of the right shape when the version is gone.
ParityBatch parityBatch(workspace::Workspace &ws, const TrainedModel &trained, int64_t limit);

double maxAbsDiff(const torch::Tensor &a, const torch::Tensor &b);

} // namespace dllab::exporting
