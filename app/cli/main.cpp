// dllab-cli: the dllab engine without a GUI, for scripts, CI and cluster jobs.
#include "cli_context.h"
#include "dataset_commands.h"
#include "export_commands.h"
#include "predict_commands.h"
#include "sweep_commands.h"
#include "train_commands.h"
#include "training/blas_kernels.h"
#include "workspace/error.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char **argv)
{
    dllab::training::selectBlasKernels(); // before any thread or BLAS call
    CLI::App app{"dllab-cli: versioned datasets, training runs and sweeps, headless"};
    app.require_subcommand(1);
    dllab::cli::CliContext context;
    app.add_option("--workspace", context.workspaceDir,
                   "Workspace folder (default: $DLLAB_WORKSPACE or ~/.local/share/dllab)");
    dllab::cli::addDatasetCommands(app, context);
    dllab::cli::addTrainCommands(app, context);
    dllab::cli::addExportCommands(app, context);
    dllab::cli::addPredictCommands(app, context);
    dllab::cli::addSweepCommands(app, context);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        return app.exit(e);
    } catch (const dllab::Cancelled &) {
        std::fprintf(stderr, "cancelled\n");
        return 130;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
