#pragma once
// dllab-cli train and runs: foreground training runs and their records. Main thread only.
#include "cli_context.h"

#include <CLI/CLI.hpp>

namespace dllab::cli {

void addTrainCommands(CLI::App &app, CliContext &context);

} // namespace dllab::cli
