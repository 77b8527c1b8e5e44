#include "training/hpo/trial.h"

#include "workspace/error.h"

namespace dllab::hpo {

Goal parseGoal(std::string_view text)
{
    if (text == "minimize")
        return Goal::Minimize;
    if (text == "maximize")
        return Goal::Maximize;
    throw Error("objective goal must be \"minimize\" or \"maximize\", not \"" + std::string(text)
                + "\"");
}

std::string_view goalName(Goal goal) { return goal == Goal::Minimize ? "minimize" : "maximize"; }

TrialState parseTrialState(std::string_view text)
{
    if (text == "running")
        return TrialState::Running;
    if (text == "complete")
        return TrialState::Complete;
    if (text == "pruned")
        return TrialState::Pruned;
    if (text == "failed")
        return TrialState::Failed;
    throw Error("unknown trial state \"" + std::string(text) + "\"");
}

std::string_view trialStateName(TrialState state)
{
    switch (state) {
    case TrialState::Running:
        return "running";
    case TrialState::Complete:
        return "complete";
    case TrialState::Pruned:
        return "pruned";
    case TrialState::Failed:
        return "failed";
    }
    return "unknown";
}

} // namespace dllab::hpo
