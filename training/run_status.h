#pragma once
// A run's status and the rules that go with it (DESIGN.md §2). Text exists only where a status
// is stored or printed: statusName() and parseRunStatus(). No torch; any thread.
#include <string_view>

namespace dllab::training {

enum class RunStatus {
    Queued,     // waits for a scheduler (in any process) to train it
    Running,    // a live process trains it
    Paused,     // stopped with its checkpoint; resumes where it stopped
    Finished,   // trained to the end: has a model
    Failed,     // stopped by an error (kept in the run)
    Cancelled,  // stopped on request (a pruned sweep trial too)
    Interrupted // found running with its process gone
};

const char *statusName(RunStatus status); // "queued", "running", ...
// Throws dllab::Error on text that names no status (a damaged catalog row).
RunStatus parseRunStatus(std::string_view text);

constexpr bool isLive(RunStatus s) { return s == RunStatus::Queued || s == RunStatus::Running; }
constexpr bool isFinal(RunStatus s)
{
    return s == RunStatus::Finished || s == RunStatus::Failed || s == RunStatus::Cancelled;
}
constexpr bool canPause(RunStatus s) { return isLive(s); }
constexpr bool canCancel(RunStatus s)
{
    return isLive(s) || s == RunStatus::Paused || s == RunStatus::Interrupted;
}
// Trains on from the last checkpoint (a queued run nobody trains is started).
constexpr bool canResume(RunStatus s)
{
    return s != RunStatus::Running && s != RunStatus::Finished;
}
constexpr bool hasModel(RunStatus s) { return s == RunStatus::Finished; }

// What another process asks of a running run, through its row.
enum class RunControl { None, Pause, Cancel };
const char *controlName(RunControl control); // "", "pause", "cancel"
RunControl parseRunControl(std::string_view text);
// The status a run ends with when it honours `control` (Paused or Cancelled).
constexpr RunStatus endFor(RunControl control)
{
    return control == RunControl::Pause ? RunStatus::Paused : RunStatus::Cancelled;
}

} // namespace dllab::training
