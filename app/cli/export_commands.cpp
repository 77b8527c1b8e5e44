#include "export_commands.h"

#include "export/exporter.h"
#include "workspace/workspace.h"

#include <cstdio>
#include <memory>

namespace dllab::cli {

namespace {

struct ExportArgs {
    std::string run, format = "all", out;
    bool force = false;
    int64_t samples = 256;
    double tolerance = 1e-4;
};

void printReport(const nlohmann::json &report)
{
    std::printf("exported run %s as %s to %s\n", report["run"].get<std::string>().c_str(),
                report["model_name"].get<std::string>().c_str(),
                report["out"].get<std::string>().c_str());
    for (const auto &file : report["files"])
        std::printf("  %-44s %10lld bytes\n", file["path"].get<std::string>().c_str(),
                    static_cast<long long>(file["bytes"].get<int64_t>()));
    const auto &parity = report["parity"];
    std::printf("parity: max_abs_diff %.3g on %s (tolerance %.0e)\n",
                parity["max_abs_diff"].get<double>(), parity["data"].get<std::string>().c_str(),
                parity["tolerance"].get<double>());
    std::printf("took %.0f ms\n", report["timings"]["total_ms"].get<double>());
}

} // namespace

void addExportCommands(CLI::App &app, CliContext &context)
{
    auto args = std::make_shared<ExportArgs>();
    auto *cmd = app.add_subcommand("export", "Export a finished run's model for serving");
    cmd->add_option("run", args->run, "Run id or name")->required();
    cmd->add_option("--format", args->format, "torchscript|onnx|torchserve|triton|all")
        ->capture_default_str();
    cmd->add_option("--out", args->out, "Output folder (created)")->required();
    cmd->add_flag("--force", args->force, "Replace --out when it exists");
    cmd->add_option("--parity-samples", args->samples, "Dataset samples compared at export")
        ->capture_default_str();
    cmd->add_option("--tolerance", args->tolerance,
                    "Largest max abs logit difference the parity check accepts")
        ->capture_default_str();
    cmd->add_flag("--json", context.json, "Print JSON");
    cmd->callback([args, &context] {
        exporting::ExportOptions options;
        options.formats = exporting::parseExportFormats(args->format);
        options.out = args->out;
        options.force = args->force;
        options.paritySamples = args->samples;
        options.tolerance = args->tolerance;
        nlohmann::json report;
        context.runJob("export " + args->run, [&](const JobContext &ctx) {
            workspace::Workspace ws(context.workspacePath());
            try {
                report = exporting::exportRun(ws, args->run, options, ctx);
            } catch (const exporting::OutputNotEmpty &e) {
                throw Error(std::string(e.what()) + " (--force)");
            }
        });
        if (context.json)
            context.print(report);
        else
            printReport(report);
    });
}

} // namespace dllab::cli
