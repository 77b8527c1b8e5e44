#pragma once
// `dllab-cli dataset ...`: import, list, log, show, verify, diff, split.
#include "cli_context.h"

#include <CLI/CLI.hpp>

namespace dllab::cli {

void addDatasetCommands(CLI::App &app, CliContext &context);

} // namespace dllab::cli
