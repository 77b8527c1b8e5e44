#pragma once
// The sampler interface: proposes the next trial's parameters from the sweep's history. A sampler
// is used from one thread at a time (the sweep runner's); it owns its random state.
#include "training/hpo/trial.h"

#include <optional>
#include <vector>

namespace dllab::hpo {

class Sampler {
public:
    virtual ~Sampler() = default;

    // `history`: every trial of the sweep so far, in creation order, in any state. Returns the
    // next trial's parameters, or nullopt when the space is exhausted (only a grid ever is).
    virtual std::optional<Params> suggest(const std::vector<Trial> &history) = 0;
};

} // namespace dllab::hpo
