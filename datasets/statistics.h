#pragma once
// Per-class counts (or the target's spread), per-column statistics and normalisation statistics of
// a dataset's content.
#include "dataset_content.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace dllab::datasets {

struct Statistics {
    std::map<std::string, int64_t> classCounts;
    // Per channel for images (pixels scaled to [0, 1]), per feature column for tables.
    // Over the cells present (missing ones left out).
    std::vector<double> mean, std;
    // Tables: per column {name, type, missing, ...}: numeric min/max/mean/std and a 20-bin
    // histogram; categorical the count of each value; text the number of distinct values;
    // date the first and last as text.
    nlohmann::json columns = nlohmann::json::array();
    // Regression: the target's min/max/mean/std and 20-bin histogram; null otherwise.
    nlohmann::json target;
};

Statistics computeStatistics(const DatasetContent &content);

} // namespace dllab::datasets
