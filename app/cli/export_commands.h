#pragma once
// dllab-cli export: a finished run's model for serving (TorchScript, ONNX, TorchServe .mar,
// Triton repository) with model cards and a parity check. Main thread only.
#include "cli_context.h"

#include <CLI/CLI.hpp>

namespace dllab::cli {

void addExportCommands(CLI::App &app, CliContext &context);

} // namespace dllab::cli
