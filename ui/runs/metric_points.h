#pragma once
// A run's metric points as the GUI passes them around (from the store to the charts).
#include "training/run_store.h"

#include <vector>

namespace dllab::ui {

using MetricPoints = std::vector<training::MetricPoint>;

} // namespace dllab::ui
