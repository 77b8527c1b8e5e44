#pragma once
// How much each parameter of a sweep seems to matter, from its completed trials alone: a cheap,
// honest screening measure, not a causal one. For each parameter, the trials are grouped (a
// categorical parameter by its choice, a numeric one into 2-5 equal-count bins of its value) and
// the importance is the share of the variance of the objective's ranks that lies between the
// groups (eta squared), adjusted for the number of groups as adjusted R^2 is, so that noise
// scores about 0 rather than (groups - 1) / (trials - 1). Ranks and bins make it blind to log
// scales and outliers, and unlike a rank correlation it also sees an optimum inside the range
// (a learning rate too small and too large). Plain values; any thread.
#include "training/hpo/search_space.h"
#include "training/hpo/trial.h"

#include <string>
#include <vector>

namespace dllab::hpo {

// Below this many completed trials every importance is 0: there is nothing to tell apart yet.
constexpr int kMinImportanceTrials = 4;

struct ParamImportance {
    std::string name;
    double value = 0.0; // in [0, 1]; 0 with fewer than 4 trials or when nothing varies
    int groups = 0;     // choices seen or bins used
    int samples = 0;    // completed trials with an objective and a value for this parameter
};

// One entry per parameter of `space`, in its order. Only Complete trials with a value count.
std::vector<ParamImportance> parameterImportance(const SearchSpace &space,
                                                 const std::vector<Trial> &trials);

// Ranks of `values` (0-based, ties get their mean rank).
std::vector<double> fractionalRanks(const std::vector<double> &values);

// Eta squared of `y` grouped by `group`, adjusted for the number of groups; in [0, 1].
double adjustedEtaSquared(const std::vector<int> &group, const std::vector<double> &y);

} // namespace dllab::hpo
