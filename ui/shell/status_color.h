#pragma once
// The colour a status shows in, alike everywhere: blue live, green done, red failed, amber held
// (paused, interrupted, pruned), grey otherwise.
#include "training/run_status.h"
#include "training/sweep/sweep_status.h"
#include "ui/shell/job_handle.h"

#include <QColor>

namespace dllab::ui {

QColor statusColor(training::RunStatus status);
QColor statusColor(sweep::SweepStatus status);
// `cutOff`: its sweep was interrupted while it ran (shown "interrupted").
QColor statusColor(sweep::TrialState state, bool cutOff);
QColor statusColor(JobState state);

} // namespace dllab::ui
