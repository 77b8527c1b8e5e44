#include "ui/shell/status_color.h"

namespace dllab::ui {

namespace {

const QColor kLive(0x1f, 0x5f, 0xa8), kDone(0x2e, 0x7d, 0x32), kFailed(0xc6, 0x28, 0x28),
    kHeld(0xb2, 0x6a, 0x00), kQuiet(0x6b, 0x72, 0x80);

} // namespace

QColor statusColor(training::RunStatus status)
{
    using S = training::RunStatus;
    return status == S::Running                              ? kLive
           : status == S::Finished                           ? kDone
           : status == S::Failed                             ? kFailed
           : status == S::Paused || status == S::Interrupted ? kHeld
                                                             : kQuiet;
}

QColor statusColor(sweep::SweepStatus status)
{
    using S = sweep::SweepStatus;
    return status == S::Running                              ? kLive
           : status == S::Finished                           ? kDone
           : status == S::Failed                             ? kFailed
           : status == S::Paused || status == S::Interrupted ? kHeld
                                                             : kQuiet;
}

QColor statusColor(sweep::TrialState state, bool cutOff)
{
    using T = sweep::TrialState;
    return cutOff || state == T::Pruned ? kHeld
           : state == T::Running        ? kLive
           : state == T::Complete       ? kDone
           : state == T::Failed         ? kFailed
                                        : kQuiet;
}

QColor statusColor(JobState state)
{
    using J = JobState;
    return state == J::Pending || state == J::Running ? kLive
           : state == J::Done                         ? kDone
           : state == J::Failed                       ? kFailed
           : state == J::Paused                       ? kHeld
                                                      : kQuiet;
}

} // namespace dllab::ui
