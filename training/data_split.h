#pragma once
// Which samples a run trains, validates and tests on, and in what order: all seeded and
// computed, never stored, so a resumed run sees the same data in the same order. Any thread.
#include "datasets/dataset_content.h"

#include <cstdint>
#include <vector>

namespace dllab::training {

struct RunSplits {
    std::vector<int64_t> train, val, test;
    bool valFromVersion = false; // the version's own val split, not a fraction of train
};

// The version's val split if it has one, else a stratified `valFraction` of train drawn with
// `seed`; test is the version's test split (maybe empty). A version without a train split trains
// on every sample in no other split.
RunSplits splitForRun(const datasets::DatasetContent &content, double valFraction, uint64_t seed);

// The order of `n` training samples in `epoch`: a permutation that depends on (seed, epoch) only.
std::vector<int64_t> epochOrder(int64_t n, uint64_t seed, int64_t epoch);

} // namespace dllab::training
