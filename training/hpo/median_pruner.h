#pragma once
// Median stopping (Katib's medianstop, Optuna's MedianPruner): stop a trial at step s when its
// best value so far is worse than the median of the completed trials' values at step s.
#include "training/hpo/pruner.h"

namespace dllab::hpo {

struct MedianSettings {
    int minTrialsRequired = 3; // completed trials with a value at step s needed to judge
    int startStep = 4;         // intermediate values a trial reports before it can be stopped
};

class MedianPruner : public Pruner {
public:
    // Throws dllab::Error on a setting below its minimum.
    MedianPruner(Goal goal, MedianSettings settings = {});

    bool shouldPrune(const Trial &trial, const std::vector<Trial> &history) const override;

private:
    Goal m_goal;
    MedianSettings m_settings;
};

} // namespace dllab::hpo
