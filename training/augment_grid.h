#pragma once
// A picture of what a run's "augment" does to a dataset: a PNG grid with one row per class (up to
// `rows`), each row a training sample and then `variants` random draws of its augmentation, as
// New Run shows it and `dllab-cli dataset preview --augment` writes it. No torch in this header.
#include "datasets/dataset_content.h"
#include "run_spec.h"

#include <filesystem>
#include <string>

namespace dllab::training {

struct AugmentGrid {
    int width = 0, height = 0, channels = 0;
    std::string png; // the encoded picture
};

// Throws dllab::Error for a dataset that is not images.
AugmentGrid augmentGrid(const datasets::DatasetContent &content, const AugmentSpec &spec,
                        uint64_t seed, int rows = 4, int variants = 7);

} // namespace dllab::training
