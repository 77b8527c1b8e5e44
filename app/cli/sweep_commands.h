#pragma once
// `dllab-cli sweep ...`: run (or resume) a sweep, list, show, pause, resume, stop, set the
// budget, export as a Katib Experiment. Main thread only.
#include "cli_context.h"

#include <CLI/CLI.hpp>

namespace dllab::cli {

void addSweepCommands(CLI::App &app, CliContext &context);

} // namespace dllab::cli
