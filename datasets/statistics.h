#pragma once
// Per-class counts and normalisation statistics of a dataset's content.
#include "dataset_content.h"

#include <map>
#include <string>
#include <vector>

namespace dllab::datasets {

struct Statistics {
    std::map<std::string, int64_t> classCounts;
    // Per channel for images (pixels scaled to [0, 1]), per feature column for tables.
    std::vector<double> mean, std;
};

Statistics computeStatistics(const DatasetContent &content);

} // namespace dllab::datasets
