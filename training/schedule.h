#pragma once
// Learning-rate schedules as a pure function of the step, so a resumed run gets exactly the rate
// an uninterrupted one would. Any thread.
#include "run_spec.h"

namespace dllab::training {

// The rate for optimizer step `step` (0-based) of a run of `totalSteps` steps,
// `stepsPerEpoch` per epoch, with base (for onecycle: peak) rate `lr`.
double learningRate(const ScheduleSpec &schedule, double lr, int64_t step, int64_t stepsPerEpoch,
                    int64_t totalSteps);

} // namespace dllab::training
