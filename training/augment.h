#pragma once
// Applies a run's "augment" to a batch of images (N × C × H × W, pixels 0 to 1): the flip, shift,
// rotation and scale of each sample as one affine resampling (one grid_sample for the batch),
// then brightness and contrast. Reproducible: the same batch seed draws the same transforms.
// Engine code; the run's thread.
#include "run_spec.h"

#include <torch/torch.h>

namespace dllab::training {

torch::Tensor augmentBatch(const torch::Tensor &batch, const AugmentSpec &spec, uint64_t seed);

// The seed of batch `batch` of epoch `epoch` of a run seeded `runSeed` (a resumed run draws the
// same transforms as the run it continues).
uint64_t batchSeed(uint64_t runSeed, int64_t epoch, int64_t batch);

} // namespace dllab::training
