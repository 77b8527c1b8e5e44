#pragma once
// Asynchronous successive halving (ASHA; Optuna's SuccessiveHalvingPruner). Rung k sits at step
// min_resource · reduction_factor^(min_early_stopping_rate + k). When a trial first reports at or
// past a rung, it continues only if its value there is in the top 1/reduction_factor of all
// values recorded at that rung so far (its own included); decisions are never revisited.
#include "training/hpo/pruner.h"

#include <cstdint>

namespace dllab::hpo {

struct AshaSettings {
    std::int64_t minResource = 1;
    int reductionFactor = 4;
    int minEarlyStoppingRate = 0;
};

class AshaPruner : public Pruner {
public:
    // Throws dllab::Error on a setting below its minimum.
    AshaPruner(Goal goal, AshaSettings settings = {});

    bool shouldPrune(const Trial &trial, const std::vector<Trial> &history) const override;

    // The step of rung k.
    std::int64_t rungStep(int rung) const;

private:
    Goal m_goal;
    AshaSettings m_settings;
};

} // namespace dllab::hpo
