#pragma once
// The early-stopping interface. Pruners here keep no state of their own: every decision is a
// function of the trial and the sweep's history, so a resumed sweep decides as the first run did.
// Used from the sweep runner's thread; const methods only.
#include "training/hpo/trial.h"

#include <vector>

namespace dllab::hpo {

class Pruner {
public:
    virtual ~Pruner() = default;

    // Whether `trial` (running, its newest intermediate value just reported) should stop now.
    // `history`: the sweep's trials in any state; an entry with trial.number is ignored.
    virtual bool shouldPrune(const Trial &trial, const std::vector<Trial> &history) const = 0;
};

} // namespace dllab::hpo
