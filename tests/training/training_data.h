#pragma once
// Small datasets for trainer tests, built in memory and stored as a real dataset version.
#include "datasets/dataset_store.h"

#include <random>

namespace dllab::test {

// Three Gaussian blobs in 4-D, 3 classes, with a test split: learnable in a few epochs.
inline datasets::DatasetContent blobs(int perClass = 100, uint32_t seed = 1)
{
    datasets::DatasetContent c;
    c.kind = datasets::DatasetKind::Table;
    c.featureShape = {4};
    c.classNames = {"a", "b", "c"};
    c.columnNames = {"x0", "x1", "x2", "x3"};
    std::mt19937 random(seed);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    for (int i = 0; i < 3 * perClass; ++i) {
        const int label = i % 3;
        for (int f = 0; f < 4; ++f)
            c.values.push_back(noise(random) + (f == label ? 3.0f : 0.0f) + 10.0f);
        c.labels.push_back(label);
        (i % 5 == 0 ? c.splits["test"] : c.splits["train"]).push_back(i);
    }
    return c;
}

inline std::string addBlobs(workspace::Workspace &ws, const std::string &name = "blobs")
{
    return datasets::DatasetStore(ws).addVersion(name, blobs(), "test data", {}).version.ref();
}

} // namespace dllab::test
