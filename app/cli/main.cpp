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

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <new>

int main(int argc, char **argv)
{
    dllab::training::selectBlasKernels(); // before any thread or BLAS call
    // Past a file-size limit (ulimit -f, a quota) a write then fails with EFBIG and the command
    // ends with an error, its temporary files removed, instead of being killed mid-write.
    std::signal(SIGXFSZ, SIG_IGN);
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
    } catch (const dllab::Error &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::bad_alloc &) {
        std::fprintf(stderr, "error: not enough memory for this command\n");
        return 1;
    } catch (const std::filesystem::filesystem_error &e) {
        // The engine wraps what it expects; the library's own text stays out of the message.
        std::fprintf(stderr, "error: %s: %s\n", e.path1().string().c_str(),
                     e.code().message().c_str());
        return 1;
    } catch (const nlohmann::json::exception &e) {
        std::fprintf(stderr, "error: a JSON document does not have the structure expected (%s)\n",
                     dllab::printableMessage(e.what()).c_str());
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "error: %s\n", dllab::printableMessage(e.what()).c_str());
        return 1;
    }
    return 0;
}
