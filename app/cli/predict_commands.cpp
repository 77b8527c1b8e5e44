#include "predict_commands.h"

#include "export/prediction_inputs.h"
#include "export/predictor.h"
#include "workspace/workspace.h"

#include <cstdio>
#include <filesystem>
#include <memory>

namespace dllab::cli {

namespace {

struct PredictArgs {
    std::string model;
    std::vector<std::string> inputs;
    int64_t topK = 3;
};

void printPredictions(const std::string &source, const nlohmann::json &predictions)
{
    std::printf("model: %s\n", source.c_str());
    for (const auto &p : predictions) {
        if (p.contains("value")) { // regression
            std::printf("%s  %s %.6g\n", p["input"].get<std::string>().c_str(),
                        p["target"].get<std::string>().c_str(), p["value"].get<double>());
            continue;
        }
        std::printf("%s  %s", p["input"].get<std::string>().c_str(),
                    p["label"].get<std::string>().c_str());
        for (const auto &t : p["top"])
            std::printf("  %s:%.4f", t["label"].get<std::string>().c_str(),
                        t["probability"].get<double>());
        std::printf("\n");
    }
}

} // namespace

void addPredictCommands(CLI::App &app, CliContext &context)
{
    auto args = std::make_shared<PredictArgs>();
    auto *cmd = app.add_subcommand(
        "predict",
        "Classify (or, for regression, predict the value of) images (PNG/JPEG), CSV rows, JSON "
        "rows or IDX files with a run or an export");
    cmd->add_option("model", args->model,
                    "Run id or name, or an exported model.pt (or its export folder)")
        ->required();
    cmd->add_option("inputs", args->inputs, "Input files")->required();
    cmd->add_option("--top-k", args->topK, "Classes shown per input")->capture_default_str();
    cmd->add_flag("--json", context.json, "Print JSON");
    cmd->callback([args, &context] {
        nlohmann::json predictions;
        std::string source;
        context.runJob("predict", [&](const JobContext &) {
            // A path that exists is an export; anything else names a run in the workspace.
            std::unique_ptr<workspace::Workspace> ws;
            exporting::Predictor predictor;
            if (std::filesystem::exists(args->model)) {
                predictor = exporting::predictorForExport(args->model);
            } else {
                ws = std::make_unique<workspace::Workspace>(context.workspacePath());
                predictor = exporting::predictorForRun(*ws, args->model);
            }
            const std::vector<std::filesystem::path> files(args->inputs.begin(),
                                                           args->inputs.end());
            const auto batch = exporting::readPredictionInputs(files, predictor.input);
            predictions = exporting::predict(predictor, batch.x, batch.names, args->topK);
            source = predictor.source;
        });
        if (context.json)
            context.print({{"model", source}, {"predictions", predictions}});
        else
            printPredictions(source, predictions);
    });
}

} // namespace dllab::cli
