#include "training/sweep/sweep_status.h"

#include "workspace/error.h"

#include <array>
#include <string>

namespace dllab::sweep {

namespace {

constexpr std::array<const char *, 6> kSweepNames{"running", "paused",  "finished",
                                                  "failed",  "stopped", "interrupted"};
constexpr std::array<const char *, 6> kTrialNames{"queued", "running", "complete",
                                                  "pruned", "failed",  "stopped"};
constexpr std::array<const char *, 3> kControlNames{"", "pause", "stop"};
constexpr std::array<const char *, 3> kActionNames{"pause", "resume", "stop"};

template <typename E, size_t N>
E parse(const std::array<const char *, N> &names, std::string_view text, const char *what)
{
    for (size_t i = 0; i < N; ++i)
        if (text == names[i])
            return E(i);
    throw Error(std::string("unknown ") + what + " \"" + std::string(text) + "\" in the catalog");
}

} // namespace

const char *statusName(SweepStatus status) { return kSweepNames[size_t(status)]; }
SweepStatus parseSweepStatus(std::string_view text)
{
    return parse<SweepStatus>(kSweepNames, text, "sweep status");
}

const char *stateName(TrialState state) { return kTrialNames[size_t(state)]; }
TrialState parseTrialState(std::string_view text)
{
    return parse<TrialState>(kTrialNames, text, "trial state");
}

const char *shownStateName(SweepStatus sweep, TrialState trial)
{
    return isCutOff(sweep, trial) ? "interrupted" : stateName(trial);
}

const char *actionName(SweepAction action) { return kActionNames[size_t(action)]; }
SweepAction parseSweepAction(std::string_view text)
{
    for (size_t i = 0; i < kActionNames.size(); ++i)
        if (text == kActionNames[i])
            return SweepAction(i);
    throw Error("unknown sweep control \"" + std::string(text) + "\" (pause, resume or stop)");
}

const char *controlName(SweepControl control) { return kControlNames[size_t(control)]; }
SweepControl parseSweepControl(std::string_view text)
{
    return parse<SweepControl>(kControlNames, text, "sweep control");
}

} // namespace dllab::sweep
