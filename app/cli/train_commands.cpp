#include "train_commands.h"

#include "models/model_spec.h"
#include "training/checkpoint_pruning.h"
#include "training/run_scheduler.h"
#include "training/run_spec.h"
#include "training/run_store.h"
#include "training/trainer.h"
#include "workspace/error.h"
#include "workspace/workspace.h"

#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>

using nlohmann::json;

namespace dllab::cli {

namespace {

using training::RunRecord;
using training::RunStore;

struct TrainArgs {
    std::string dataset, model, specFile, resume, optimizer, device;
    std::vector<std::string> sets;
    std::optional<int64_t> epochs, batchSize, seed, threads;
    std::optional<double> lr;
    bool queue = false;
};

// Precedence, lowest first: defaults, --spec, the named options, --set (in order).
json composeSpec(const TrainArgs &args)
{
    json spec = args.specFile.empty() ? json::object() : readSpecFile(args.specFile, "run");
    if (!args.dataset.empty())
        spec["dataset"] = args.dataset;
    const json &model = spec.contains("model") ? spec["model"] : json();
    if (!args.model.empty() && !(model.is_object() && model.value("arch", json()) == args.model))
        spec["model"] = {{"arch", args.model}};
    if (!spec.contains("dataset") && args.dataset.empty())
        throw Error("train needs --dataset NAME[@vN] (or a --spec naming one), or --resume RUN");
    bool epochsGiven = spec.contains("epochs") || args.epochs.has_value();
    for (const auto &assignment : args.sets)
        epochsGiven = epochsGiven || assignment.rfind("epochs=", 0) == 0;
    spec = training::withDefaults(spec); // so --set can change one entry of a default
    if (!epochsGiven)
        spec.erase("epochs"); // a table's default depends on its size (training::createRun)
    if (args.epochs)
        spec["epochs"] = *args.epochs;
    if (args.batchSize)
        spec["batch_size"] = *args.batchSize;
    if (args.seed)
        spec["seed"] = *args.seed;
    if (args.threads)
        spec["threads"] = *args.threads;
    if (!args.device.empty())
        spec["device"] = args.device;
    if (args.lr)
        training::setDotted(spec, "optimizer.lr=" + json(*args.lr).dump());
    if (!args.optimizer.empty())
        training::setDotted(spec, "optimizer.name=" + json(args.optimizer).dump());
    for (const auto &assignment : args.sets)
        training::setDotted(spec, assignment);
    if (!args.specFile.empty()) {
        try {
            training::parseRunSpec(spec); // to name the file in what is wrong
        } catch (const Error &e) {
            throw Error(args.specFile + ": " + e.what());
        }
    }
    return spec;
}

// train --queue: the run waits in the workspace's queue for a scheduler (dllab, queue run).
void queueRun(const CliContext &context, const TrainArgs &args)
{
    workspace::Workspace ws(context.workspacePath());
    RunStore store(ws);
    int64_t runId = 0;
    if (!args.resume.empty()) {
        runId = store.get(args.resume).id;
        store.requeue(runId);
    } else {
        runId = training::createRun(ws, composeSpec(args));
    }
    const RunRecord run = store.get(runId);
    if (context.json)
        context.print({{"run", run.id}, {"name", run.name}, {"status", statusName(run.status)}});
    else
        std::printf("run %lld (%s) queued\n", static_cast<long long>(run.id), run.name.c_str());
}

json outcomeJson(const training::TrainOutcome &outcome)
{
    const json &summary = outcome.summary;
    json metrics = json::object();
    for (const char *key :
         {"train_loss", "val_loss", "val_accuracy", "val_rmse", "val_mae", "val_r2", "test_loss",
          "test_accuracy", "test_rmse", "test_mae", "test_r2"})
        if (summary.contains("metrics") && summary["metrics"].contains(key))
            metrics[key] = summary["metrics"][key];
    json out{{"run", outcome.runId},
             {"status", training::statusName(outcome.status)},
             {"metrics", metrics},
             {"samples_per_sec", summary.value("samples_per_sec", 0.0)},
             {"epochs", summary.value("epochs", int64_t(0))}};
    if (!outcome.error.empty())
        out["error"] = outcome.error;
    return out;
}

void report(const CliContext &context, const training::TrainOutcome &outcome)
{
    const json out = outcomeJson(outcome);
    if (context.json) {
        context.print(out);
    } else {
        std::printf("run %lld %s after %lld epochs", static_cast<long long>(outcome.runId),
                    training::statusName(outcome.status),
                    static_cast<long long>(out["epochs"].get<int64_t>()));
        for (const auto &[key, value] : out["metrics"].items())
            std::printf("  %s %.4f", key.c_str(), value.get<double>());
        std::printf("  %.0f samples/s\n", out["samples_per_sec"].get<double>());
    }
    if (outcome.status == training::RunStatus::Failed)
        throw Error(outcome.error);
    if (outcome.status == training::RunStatus::Cancelled)
        throw Cancelled();
}

void addTrain(CLI::App &app, CliContext &context)
{
    auto args = std::make_shared<TrainArgs>();
    auto *cmd = app.add_subcommand("train", "Train a model in the foreground (or resume a run)");
    cmd->add_option("--dataset", args->dataset, "Dataset version: NAME or NAME@vN");
    cmd->add_option("--model", args->model, "mlp|cnn|resnet")
        ->check(CLI::IsMember(models::architectures()));
    cmd->add_option("--spec", args->specFile, "Run spec JSON file");
    cmd->add_option("--set", args->sets,
                    "key.path=JSON value (repeatable), e.g. model.hidden=[64]");
    cmd->add_option("--epochs", args->epochs, "Epochs")
        ->check(wholeNumber(1, training::kMaxEpochs));
    cmd->add_option("--lr", args->lr, "Learning rate");
    cmd->add_option("--batch-size", args->batchSize, "Batch size")
        ->check(wholeNumber(1, training::kMaxBatchSize));
    cmd->add_option("--optimizer", args->optimizer, "sgd|adam|adamw")
        ->check(CLI::IsMember({"sgd", "adam", "adamw"}));
    cmd->add_option("--device", args->device, "auto|cpu|cuda|cuda:N");
    cmd->add_option("--seed", args->seed, "Random seed")
        ->check(wholeNumber(0, std::numeric_limits<int64_t>::max()));
    cmd->add_option("--threads", args->threads,
                    "Intra-op threads (default: the hardware threads, at most 8)")
        ->check(wholeNumber(0, std::numeric_limits<int>::max()));
    cmd->add_option("--resume", args->resume, "Continue run RUN from its last checkpoint");
    cmd->add_flag("--queue", args->queue,
                  "Queue the run (or the resume) for a scheduler to train: a running dllab, or "
                  "dllab-cli queue run");
    cmd->add_flag("--json", context.json, "Print JSON");
    cmd->callback([args, &context] {
        if (args->queue)
            return queueRun(context, *args);
        training::TrainOutcome outcome;
        context.runJob("train", [&](const JobContext &ctx) {
            workspace::Workspace ws(context.workspacePath());
            int64_t runId = 0;
            if (!args->resume.empty())
                runId = RunStore(ws).get(args->resume).id;
            else // claimed at once: no scheduler adopts a run trained here
                runId = training::createRun(ws, composeSpec(*args), "train", {}, {}, true);
            outcome = training::trainRun(ws, runId, ctx);
        });
        report(context, outcome);
    });
}

json runJson(const RunRecord &r)
{
    const json metrics = r.summary.value("metrics", json::object());
    return {{"run", r.id},
            {"name", r.name},
            {"kind", r.kind},
            {"status", statusName(r.status)},
            {"pruned", r.pruned()},
            {"dataset_version", r.datasetRef},
            {"model", r.spec.value("model", json::object()).value("arch", "")},
            {"epochs", r.summary.value("epochs", int64_t(0))},
            {"planned_epochs", r.spec.value("epochs", int64_t(0))},
            {"metrics", metrics},
            {"created_at", r.createdAt},
            {"started_at", r.startedAt},
            {"ended_at", r.endedAt}};
}

json runDetailJson(const RunRecord &r, RunStore &store)
{
    json out = runJson(r);
    out["spec"] = r.spec;
    out["env"] = r.env;
    out["error"] = r.error.empty() ? json(nullptr) : json(r.error);
    out["summary"] = r.summary;
    // The test split's report where there is one, else validation's.
    const json &report = r.summary.contains("test")  ? r.summary["test"]
                         : r.summary.contains("val") ? r.summary["val"]
                                                     : json::object();
    out["evaluated_on"] = r.summary.contains("test")  ? "test"
                          : r.summary.contains("val") ? "val"
                                                      : "";
    out["confusion_matrix"] = report.value("confusion_matrix", json::array());
    out["per_class"] = report.value("per_class", json::array());
    json artifacts = json::array();
    for (const auto &a : store.artifacts(r.id))
        artifacts.push_back({{"id", a.id},
                             {"kind", a.kind},
                             {"blob", a.blob},
                             {"epoch", a.meta.value("epoch", int64_t(0))},
                             {"created_at", a.createdAt}});
    out["artifacts"] = artifacts;
    return out;
}

void printRunLine(const json &r)
{
    const json &m = r["metrics"];
    // "-" where the run has no such number (a cancelled run was never tested).
    const auto metric = [&](const char *key) {
        char text[32] = "-";
        if (m.contains(key))
            std::snprintf(text, sizeof text, "%.4f", m[key].get<double>());
        return std::string(text);
    };
    // Regression runs show their R² where classifiers show accuracy.
    const bool regression = m.contains("val_r2") || m.contains("test_r2");
    std::printf(
        regression ? "%-6lld %-12s %-11s %-16s %-7s %3lld/%-3lld val_r2  %-6s test_r2  %s\n"
                   : "%-6lld %-12s %-11s %-16s %-7s %3lld/%-3lld val_acc %-6s test_acc %s\n",
        static_cast<long long>(r["run"].get<int64_t>()), r["name"].get<std::string>().c_str(),
        r["pruned"].get<bool>() ? "pruned" : r["status"].get<std::string>().c_str(),
        r["dataset_version"].get<std::string>().c_str(), r["model"].get<std::string>().c_str(),
        static_cast<long long>(r["epochs"].get<int64_t>()),
        static_cast<long long>(r["planned_epochs"].get<int64_t>()),
        metric(regression ? "val_r2" : "val_accuracy").c_str(),
        metric(regression ? "test_r2" : "test_accuracy").c_str());
}

void addRuns(CLI::App &app, CliContext &context)
{
    auto *runs = app.add_subcommand("runs", "Training runs: list, show, metrics, cancel");
    runs->require_subcommand(1);

    auto *list = runs->add_subcommand("list", "All runs, oldest first");
    list->add_flag("--json", context.json, "Print JSON");
    list->callback([&context] {
        workspace::Workspace ws(context.workspacePath());
        RunStore store(ws);
        store.recoverInterrupted();
        json out = json::array();
        for (const auto &r : store.list())
            out.push_back(runJson(r));
        if (context.json)
            return context.print(out);
        for (const auto &r : out)
            printRunLine(r);
    });

    auto ref = std::make_shared<std::string>();
    auto *show = runs->add_subcommand("show", "One run: spec, environment, results");
    show->add_option("run", *ref, "Run id or name")->required();
    show->add_flag("--json", context.json, "Print JSON");
    show->callback([ref, &context] {
        workspace::Workspace ws(context.workspacePath());
        RunStore store(ws);
        store.recoverInterrupted();
        const json out = runDetailJson(store.get(*ref), store);
        if (context.json)
            return context.print(out);
        printRunLine(out);
        if (!out["error"].is_null())
            std::printf("  error  %s\n", out["error"].get<std::string>().c_str());
        std::printf("  spec   %s\n  env    %s\n", out["spec"].dump().c_str(),
                    out["env"].dump().c_str());
        for (const auto &c : out["per_class"])
            std::printf("  class %-10s precision %.3f recall %.3f f1 %.3f support %lld\n",
                        c["class"].get<std::string>().c_str(), c["precision"].get<double>(),
                        c["recall"].get<double>(), c["f1"].get<double>(),
                        static_cast<long long>(c["support"].get<int64_t>()));
    });

    auto metricsArgs = std::make_shared<std::pair<std::string, std::string>>();
    auto *metrics = runs->add_subcommand("metrics", "A run's metric points");
    metrics->add_option("run", metricsArgs->first, "Run id or name")->required();
    metrics->add_option("--key", metricsArgs->second,
                        "Only this metric (train_loss, val_accuracy...)");
    metrics->add_flag("--json", context.json, "Print JSON");
    metrics->callback([metricsArgs, &context] {
        workspace::Workspace ws(context.workspacePath());
        RunStore store(ws);
        const RunRecord run = store.get(metricsArgs->first);
        json out = json::array();
        for (const auto &p : store.metrics(run.id, metricsArgs->second)) {
            if (context.json)
                out.push_back({{"key", p.key},
                               {"step", p.step},
                               {"epoch", p.epoch ? json(*p.epoch) : json(nullptr)},
                               {"value", p.value},
                               {"wall_ms", p.wallMs}});
            else
                std::printf("%-18s %8lld %4lld %.6g\n", p.key.c_str(),
                            static_cast<long long>(p.step),
                            static_cast<long long>(p.epoch.value_or(0)), p.value);
        }
        if (context.json)
            context.print(out);
    });

    auto *prune = runs->add_subcommand(
        "prune", "Delete checkpoints no run needs: all of cancelled runs', and finished runs' "
                 "but their model's");
    prune->add_flag("--json", context.json, "Print JSON");
    prune->callback([&context] {
        workspace::Workspace ws(context.workspacePath());
        RunStore store(ws);
        store.recoverInterrupted();
        int removed = 0, runsPruned = 0;
        for (const auto &r : store.list()) {
            int n = 0;
            if (r.status == training::RunStatus::Cancelled) {
                n = training::pruneCheckpoints(ws, r.id, 0, std::nullopt);
            } else if (training::hasModel(r.status)) {
                const auto models = store.artifacts(r.id, "model");
                const auto epoch = models.empty() ? std::optional<int64_t>()
                                                  : models.back().meta.value("epoch", int64_t(-1));
                n = training::pruneCheckpoints(ws, r.id, 0, epoch);
            }
            removed += n;
            runsPruned += n > 0;
        }
        if (context.json)
            context.print({{"checkpoints_removed", removed}, {"runs", runsPruned}});
        else
            std::printf("removed %d checkpoints of %d runs\n", removed, runsPruned);
    });

    for (const char *action : {"cancel", "pause"}) {
        auto target = std::make_shared<std::string>();
        auto *cmd = runs->add_subcommand(
            action,
            std::string(action == std::string("cancel") ? "Cancel a run (stops at the next batch)"
                                                        : "Pause a running run at its next batch"));
        cmd->add_option("run", *target, "Run id or name")->required();
        cmd->add_flag("--json", context.json, "Print JSON");
        const auto control = std::string(action) == "cancel" ? training::RunControl::Cancel
                                                             : training::RunControl::Pause;
        cmd->callback([target, action, control, &context] {
            workspace::Workspace ws(context.workspacePath());
            RunStore store(ws);
            const RunRecord run = store.get(*target);
            const training::RunStatus status = store.requestControl(run.id, control);
            // A running run stops at its owner's next check; any other changed at once.
            const bool requested = status == training::RunStatus::Running;
            if (context.json)
                context.print(
                    {{"run", run.id}, {"status", statusName(status)}, {"requested", requested}});
            else
                std::printf("run %lld: %s\n", static_cast<long long>(run.id),
                            requested ? (std::string(action) + " requested").c_str()
                                      : statusName(status));
        });
    }
}

} // namespace

// queue run: trains the workspace's queued runs, oldest first, as the GUI does, until none is
// left; queue slots: how many train at once (shared with the GUI's "at once").
void addQueue(CLI::App &app, CliContext &context)
{
    auto *queue = app.add_subcommand("queue", "The workspace's run queue: train it, size it");
    queue->require_subcommand(1);
    auto slots = std::make_shared<std::optional<int64_t>>();
    auto *run =
        queue->add_subcommand("run", "Train queued runs (train --queue) until none is left");
    run->add_option("--slots", *slots, "Runs at once (default: the workspace's setting, 1)")
        ->check(wholeNumber(1, 256));
    run->callback([slots, &context] {
        context.runJob("queue", [&](const JobContext &ctx) {
            if (*slots) {
                workspace::Workspace ws(context.workspacePath());
                ws.setSetting(training::RunScheduler::kSlotsSetting, std::to_string(**slots));
            }
            training::RunScheduler scheduler(context.workspacePath());
            scheduler.adoptQueued(true);
            scheduler.waitIdle(ctx.stop);
            // Ctrl-C: the runs training pause (resumable) as the scheduler goes; the rest stay
            // queued for the next one.
            ctx.throwIfCancelled();
        });
    });
    auto set = std::make_shared<std::optional<int64_t>>();
    auto *size = queue->add_subcommand("slots", "Show or set how many queued runs train at once");
    size->add_option("n", *set, "Runs at once")->check(wholeNumber(1, 256));
    size->add_flag("--json", context.json, "Print JSON");
    size->callback([set, &context] {
        workspace::Workspace ws(context.workspacePath());
        if (*set)
            ws.setSetting(training::RunScheduler::kSlotsSetting, std::to_string(**set));
        const int n =
            std::atoi(ws.setting(training::RunScheduler::kSlotsSetting).value_or("1").c_str());
        context.json ? context.print({{"slots", n}}) : (void)std::printf("%d\n", n);
    });
}

void addTrainCommands(CLI::App &app, CliContext &context)
{
    addTrain(app, context);
    addRuns(app, context);
    addQueue(app, context);
}

} // namespace dllab::cli
