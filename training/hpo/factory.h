#pragma once
// Samplers and pruners from a sweep spec's `algorithm` and `earlyStopping` objects. Settings may
// be an object ({"n_startup_trials": 20}) or Katib's list ([{"name": ..., "value": "20"}]).
#include "training/hpo/pruner.h"
#include "training/hpo/sampler.h"
#include "training/hpo/search_space.h"

#include <nlohmann/json.hpp>

#include <memory>

namespace dllab::hpo {

// `algorithm`: {"name": "grid" | "random" | "tpe", "seed": N, "settings": {...}}.
// tpe settings: n_startup_trials, n_ei_candidates, multivariate, prior_weight, consider_prior,
// consider_magic_clip, consider_endpoints; grid: points. Throws dllab::Error on anything unknown.
std::unique_ptr<Sampler> makeSampler(const nlohmann::json &algorithm, const SearchSpace &space,
                                     Goal goal);

// `earlyStopping`: absent/null, {"name": "none"}, {"name": "median", "min_trials_required": 3,
// "start_step": 4} or {"name": "asha", "min_resource": 1, "reduction_factor": 4,
// "min_early_stopping_rate": 0}; settings may also sit under "settings". nullptr for none.
std::unique_ptr<Pruner> makePruner(const nlohmann::json &earlyStopping, Goal goal);

} // namespace dllab::hpo
