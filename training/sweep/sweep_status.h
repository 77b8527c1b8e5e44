#pragma once
// A sweep's status and a trial's state, with their rules (DESIGN.md §2). Text exists only where
// they are stored or printed: the *Name() and parse*() functions. No torch; any thread.
#include <string_view>

namespace dllab::sweep {

enum class SweepStatus {
    Running,    // a live runner holds it
    Paused,     // a live runner holds it, starting no trial
    Finished,   // its budget is spent or its space exhausted
    Failed,     // more trials failed than maxFailedTrialCount allows
    Stopped,    // stopped on request
    Interrupted // its runner died or was cut off: `sweep run` (or Resume) carries it on
};

const char *statusName(SweepStatus status);
SweepStatus parseSweepStatus(std::string_view text); // throws dllab::Error on unknown text

constexpr bool isFinal(SweepStatus s)
{
    return s == SweepStatus::Finished || s == SweepStatus::Failed || s == SweepStatus::Stopped;
}
constexpr bool isLive(SweepStatus s)
{
    return s == SweepStatus::Running || s == SweepStatus::Paused;
}

enum class TrialState {
    Queued,   // recorded, its run not started
    Running,  // its run trains (or was cut off: shownTrialState says interrupted)
    Complete, // has its objective
    Pruned,   // stopped early by the pruner
    Failed,
    Stopped // ended with its sweep
};

const char *stateName(TrialState state);
// A trial left queued or running by a sweep that was cut off: nothing runs it until the sweep is
// resumed, so it shows "interrupted" (the stored state stays, for the resume).
constexpr bool isCutOff(SweepStatus sweep, TrialState trial)
{
    return sweep == SweepStatus::Interrupted
           && (trial == TrialState::Queued || trial == TrialState::Running);
}
const char *shownStateName(SweepStatus sweep, TrialState trial); // stateName or "interrupted"
TrialState parseTrialState(std::string_view text); // throws dllab::Error on unknown text

constexpr bool isDone(TrialState s)
{
    return s == TrialState::Complete || s == TrialState::Pruned || s == TrialState::Failed;
}

// What a user asks of a sweep (`sweep pause|resume|stop`, the Sweeps view's buttons).
enum class SweepAction { Pause, Resume, Stop };
const char *actionName(SweepAction action);          // "pause", "resume", "stop"
SweepAction parseSweepAction(std::string_view text); // throws dllab::Error on unknown text

// What the sweep's runner is asked to do next, through the sweeps row.
enum class SweepControl { None, Pause, Stop };
const char *controlName(SweepControl control); // "", "pause", "stop"
SweepControl parseSweepControl(std::string_view text);

// What a user may ask of a sweep in `status` with `control` still in its row. A pause stays in
// the row for as long as the sweep stays paused; only a pause the runner has not taken up yet
// (status still running), or a stop, is pending.
constexpr bool isPending(SweepStatus s, SweepControl c)
{
    return c == SweepControl::Stop || (c == SweepControl::Pause && s == SweepStatus::Running);
}
constexpr bool canPause(SweepStatus s, SweepControl c)
{
    return s == SweepStatus::Running && c == SweepControl::None;
}
constexpr bool canResume(SweepStatus s, SweepControl c)
{
    return (s == SweepStatus::Paused && c != SweepControl::Stop) || s == SweepStatus::Interrupted;
}
constexpr bool canStop(SweepStatus s, SweepControl c)
{
    return (isLive(s) || s == SweepStatus::Interrupted) && c != SweepControl::Stop;
}

} // namespace dllab::sweep
