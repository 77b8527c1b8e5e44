#pragma once
// Trial records as samplers and pruners read them: plain values, copied freely, used from any
// thread. The sweep runner owns the real records (runs in the workspace) and hands copies here.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dllab::hpo {

enum class Goal { Minimize, Maximize };

enum class TrialState { Running, Complete, Pruned, Failed };

// Parameter name -> value: a JSON number for double and int parameters, one of `values` for a
// categorical one. Values stay JSON so that they substitute into run specs unchanged.
using Params = std::map<std::string, nlohmann::json>;

struct Trial {
    int number = 0;
    Params params;
    TrialState state = TrialState::Running;
    std::optional<double> value;                 // the objective, once complete
    std::map<std::int64_t, double> intermediate; // step -> objective reported at that step
};

// "minimize" | "maximize"; throws dllab::Error naming the bad value.
Goal parseGoal(std::string_view text);
std::string_view goalName(Goal goal);

TrialState parseTrialState(std::string_view text);
std::string_view trialStateName(TrialState state);

// True when `a` is strictly better than `b` under `goal`.
inline bool isBetter(Goal goal, double a, double b)
{
    return goal == Goal::Minimize ? a < b : a > b;
}

} // namespace dllab::hpo
