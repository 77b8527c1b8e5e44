#pragma once
// How much each parameter of a sweep seems to matter, from its completed trials alone: a cheap,
// honest screening measure, not a causal one. A numeric parameter's importance is the absolute
// Spearman rank correlation between its value and the objective; a categorical one's is the
// correlation ratio (eta) of the objective's ranks grouped by choice. Both lie in [0, 1] and
// use ranks, so log scales and outliers do not change them. Plain values; any thread.
#include "training/hpo/search_space.h"
#include "training/hpo/trial.h"

#include <string>
#include <vector>

namespace dllab::hpo {

struct ParamImportance {
    std::string name;
    std::string method; // "spearman" (numeric) or "eta" (categorical)
    double value = 0.0; // 0 when fewer than 3 trials have a value or nothing varies
    int samples = 0;    // completed trials with an objective and a value for this parameter
};

// One entry per parameter of `space`, in its order. Only Complete trials with a value count.
std::vector<ParamImportance> parameterImportance(const SearchSpace &space,
                                                 const std::vector<Trial> &trials);

// Ranks of `values` (0-based, ties get their mean rank), as Spearman's correlation uses them.
std::vector<double> fractionalRanks(const std::vector<double> &values);

} // namespace dllab::hpo
