#pragma once
// dllab-cli predict: class probabilities from a run's model or an exported TorchScript file for
// images, CSV rows or IDX files. Main thread only.
#include "cli_context.h"

#include <CLI/CLI.hpp>

namespace dllab::cli {

void addPredictCommands(CLI::App &app, CliContext &context);

} // namespace dllab::cli
