#include "sweep_commands.h"

#include "training/sweep/katib_export.h"
#include "training/sweep/sweep_control.h"
#include "training/sweep/sweep_report.h"
#include "training/sweep/sweep_runner.h"
#include "training/sweep/sweep_spec.h"
#include "workspace/error.h"
#include "workspace/workspace.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

using nlohmann::json;

namespace dllab::cli {

namespace {

using sweep::SweepStore;

std::string paramsText(const hpo::Params &params)
{
    std::string text;
    for (const auto &[name, value] : params)
        text += (text.empty() ? "" : " ") + name + "=" + sweep::paramText(value);
    return text;
}

std::string objectiveText(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

// Progress lines on stderr, so that --json output stays one document.
class ProgressLines : public sweep::SweepEvents {
public:
    ProgressLines(std::string name, std::string metric)
        : m_name(std::move(name)), m_metric(std::move(metric))
    {}
    void onTrialStarted(int number, int64_t runId, const hpo::Params &params, bool resumed) override
    {
        print("trial " + std::to_string(number) + (resumed ? " resumed" : " started") + " (run "
              + std::to_string(runId) + "): " + paramsText(params));
    }
    void onTrialEnded(const sweep::TrialResult &result, const sweep::TrialRecord *best) override
    {
        std::string line =
            "trial " + std::to_string(result.number) + " " + sweep::stateName(result.state);
        if (result.objective)
            line += ": " + m_metric + "=" + objectiveText(*result.objective);
        if (!result.error.empty())
            line += ": " + result.error;
        if (best && best->objective)
            line += "  (best " + objectiveText(*best->objective) + ", trial "
                    + std::to_string(best->number) + ")";
        print(line);
    }
    void onStatus(sweep::SweepStatus status) override { print(sweep::statusName(status)); }
    void onNote(const std::string &message) override { print(message); }

private:
    void print(const std::string &line) const
    {
        std::fprintf(stderr, "sweep %s: %s\n", m_name.c_str(), line.c_str());
    }
    std::string m_name, m_metric;
};

void printSweepLine(const json &s)
{
    const json &best = s["best_objective"];
    // The start time (UTC, as stored) tells apart sweeps of one name (`sweep run --new`).
    std::printf("%-5lld %-20s %-11s %-20s %-6s %3lld/%-3lld trials  best %s %s\n",
                static_cast<long long>(s["sweep"].get<int64_t>()),
                s["name"].get<std::string>().c_str(), s["status"].get<std::string>().c_str(),
                s.value("created_at", "").c_str(), s["algorithm"].get<std::string>().c_str(),
                static_cast<long long>(s["trial_count"].get<int64_t>()),
                static_cast<long long>(s["maxTrialCount"].get<int64_t>()),
                s["objective"].value("metric", "").c_str(),
                best.is_null() ? "-" : objectiveText(best.get<double>()).c_str());
}

void printSweep(const json &s)
{
    printSweepLine(s);
    for (const auto &t : s["trials"]) {
        std::printf(
            "  trial %-3lld run %-5s %-11s %-12s %s%s\n",
            static_cast<long long>(t["number"].get<int64_t>()),
            t["run"].is_null() ? "-" : t["run"].dump().c_str(),
            t["status"].get<std::string>().c_str(),
            t["objective"].is_null() ? "-" : objectiveText(t["objective"].get<double>()).c_str(),
            paramsText(t["params"].get<hpo::Params>()).c_str(),
            t.contains("error") ? ("  error: " + t["error"].get<std::string>()).c_str() : "");
    }
    // Last, where a long list leaves the eye: which trial won, with the run to export.
    if (const json &best = s["best"]; best.is_object())
        std::printf("best: trial %lld (run %s) %s %s: %s\n",
                    static_cast<long long>(best["number"].get<int64_t>()),
                    best["run"].is_null() ? "-" : best["run"].dump().c_str(),
                    s["objective"].value("metric", "").c_str(),
                    best["objective"].is_null()
                        ? "-"
                        : objectiveText(best["objective"].get<double>()).c_str(),
                    paramsText(best["params"].get<hpo::Params>()).c_str());
}

void report(const CliContext &context, const json &document)
{
    if (context.json)
        context.print(document);
    else
        printSweep(document);
}

void addRun(CLI::App &sweepCmd, CliContext &context)
{
    struct Args {
        std::string specFile;
        bool fresh = false;
    };
    auto args = std::make_shared<Args>();
    auto *cmd =
        sweepCmd.add_subcommand("run", "Run a sweep, or resume the unfinished one of its name");
    cmd->add_option("spec", args->specFile, "Sweep spec JSON file")->required();
    cmd->add_flag("--new", args->fresh, "Start a new sweep even if one of that name exists");
    cmd->add_flag("--json", context.json, "Print JSON");
    cmd->callback([args, &context] {
        const json spec = readSpecFile(args->specFile, "sweep");
        try {
            sweep::SweepSpec::fromJson(spec); // to name the file in what is wrong
        } catch (const Error &e) {
            throw Error(args->specFile + ": " + e.what());
        }
        json document;
        sweep::SweepStatus status = sweep::SweepStatus::Interrupted;
        std::string noResult;
        context.runJob("sweep", [&](const JobContext &ctx) {
            workspace::Workspace ws(context.workspacePath());
            const auto opened = sweep::openSweep(ws, spec, args->fresh);
            SweepStore store(ws);
            const std::string name = store.get(opened.id).name;
            if (!opened.note.empty())
                std::fprintf(stderr, "sweep %s: %s\n", name.c_str(), opened.note.c_str());
            if (opened.how == sweep::OpenedSweep::How::Done) {
                std::fprintf(stderr,
                             "sweep %s (%lld) has already ended (%s); --new starts a new one\n",
                             name.c_str(), static_cast<long long>(opened.id),
                             sweep::statusName(store.get(opened.id).status));
            } else {
                ProgressLines progress(name, spec["objective"].value("metric", ""));
                sweep::runSweep(ws, opened.id, ctx, &progress);
            }
            const auto record = store.get(opened.id);
            status = record.status;
            document = sweep::sweepJson(store, record);
            noResult = sweep::noResultMessage(record, store.trials(record.id));
        });
        report(context, document);
        if (status == sweep::SweepStatus::Failed)
            throw Error("sweep " + document["name"].get<std::string>()
                        + " failed: " + document["counts"]["failed"].dump()
                        + " trials failed (maxFailedTrialCount "
                        + document["maxFailedTrialCount"].dump() + ")");
        if (status == sweep::SweepStatus::Interrupted)
            throw Cancelled();
        // The budget ran out, but nothing came of it: a script must not take that as a result.
        if (!noResult.empty())
            throw Error(noResult);
    });
}

void addQueries(CLI::App &sweepCmd, CliContext &context)
{
    auto *list = sweepCmd.add_subcommand("list", "All sweeps, oldest first");
    list->add_flag("--json", context.json, "Print JSON");
    list->callback([&context] {
        workspace::Workspace ws(context.workspacePath());
        SweepStore store(ws);
        store.recoverInterrupted();
        json out = json::array();
        for (const auto &s : store.list())
            out.push_back(sweep::sweepSummaryJson(s, store.trials(s.id)));
        if (context.json)
            return context.print(out);
        for (const auto &s : out)
            printSweepLine(s);
    });

    auto ref = std::make_shared<std::string>();
    auto *show = sweepCmd.add_subcommand("show", "One sweep: its trials and the best one");
    show->add_option("sweep", *ref, "Sweep id or name")->required();
    show->add_flag("--json", context.json, "Print JSON");
    show->callback([ref, &context] {
        workspace::Workspace ws(context.workspacePath());
        SweepStore store(ws);
        store.recoverInterrupted();
        report(context, sweep::sweepJson(store, store.get(*ref)));
    });
}

void addControl(CLI::App &sweepCmd, CliContext &context)
{
    for (const char *action : {"pause", "resume", "stop"}) {
        auto ref = std::make_shared<std::string>();
        const std::string help =
            std::string(action) == "pause"    ? "Pause a running sweep (its trials pause)"
            : std::string(action) == "resume" ? "Resume a paused sweep"
                                              : "Stop a sweep (its running trials stop)";
        auto *cmd = sweepCmd.add_subcommand(action, help);
        cmd->add_option("sweep", *ref, "Sweep id or name")->required();
        cmd->add_flag("--json", context.json, "Print JSON");
        cmd->callback([ref, action, &context] {
            workspace::Workspace ws(context.workspacePath());
            const auto id = SweepStore(ws).get(*ref).id;
            const char *status =
                sweep::statusName(sweep::controlSweep(ws, *ref, sweep::parseSweepAction(action)));
            if (context.json)
                context.print({{"sweep", id}, {"action", action}, {"status", status}});
            else
                std::printf("sweep %lld: %s requested (%s)\n", static_cast<long long>(id), action,
                            status);
        });
    }

    struct Budget {
        std::string ref;
        std::optional<int> parallel, maxTrials;
    };
    auto budget = std::make_shared<Budget>();
    auto *set = sweepCmd.add_subcommand(
        "set", "Change a sweep's parallelism or trial budget, even while it runs");
    set->add_option("sweep", budget->ref, "Sweep id or name")->required();
    set->add_option("--parallel", budget->parallel, "parallelTrialCount")
        ->check(wholeNumber(1, 1024));
    set->add_option("--max-trials", budget->maxTrials, "maxTrialCount")
        ->check(wholeNumber(1, 1'000'000));
    set->add_flag("--json", context.json, "Print JSON");
    set->callback([budget, &context] {
        if (!budget->parallel && !budget->maxTrials)
            throw Error("sweep set needs --parallel N and/or --max-trials N");
        workspace::Workspace ws(context.workspacePath());
        const json out =
            sweep::setSweepBudget(ws, budget->ref, budget->parallel, budget->maxTrials);
        if (context.json)
            context.print(out);
        else
            std::printf("sweep %lld: parallelTrialCount %lld, maxTrialCount %lld\n",
                        static_cast<long long>(out["sweep"].get<int64_t>()),
                        static_cast<long long>(out["parallelTrialCount"].get<int64_t>()),
                        static_cast<long long>(out["maxTrialCount"].get<int64_t>()));
    });
}

void addExport(CLI::App &sweepCmd, CliContext &context)
{
    struct Args {
        std::string ref;
        std::string trialKind = "job";
        sweep::KatibOptions options;
    };
    auto args = std::make_shared<Args>();
    auto *cmd = sweepCmd.add_subcommand("export-katib",
                                        "Print the sweep as a Katib v1beta1 Experiment (YAML)");
    cmd->add_option("sweep", args->ref, "Sweep id or name")->required();
    cmd->add_option("--image", args->options.image, "Container image with dllab-cli")->required();
    cmd->add_option("--name", args->options.name, "metadata.name (default: the sweep's name)");
    cmd->add_option("--container-workspace", args->options.workspace,
                    "DLLAB_WORKSPACE inside the container");
    cmd->add_option("--trial-kind", args->trialKind,
                    "job|pytorchjob: the trial's resource (default: job)")
        ->check(CLI::IsMember({"job", "pytorchjob"}, CLI::ignore_case));
    cmd->callback([args, &context] {
        std::string kind = args->trialKind;
        std::transform(kind.begin(), kind.end(), kind.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        args->options.trialKind = kind == "pytorchjob" ? sweep::KatibOptions::TrialKind::PyTorchJob
                                                       : sweep::KatibOptions::TrialKind::Job;
        workspace::Workspace ws(context.workspacePath());
        const auto record = SweepStore(ws).get(args->ref);
        std::cout << sweep::katibExperimentYaml(record.spec, args->options) << std::flush;
    });
}

} // namespace

void addSweepCommands(CLI::App &app, CliContext &context)
{
    auto *sweepCmd =
        app.add_subcommand("sweep", "Hyperparameter sweeps: run, list, show, control, export");
    sweepCmd->require_subcommand(1);
    addRun(*sweepCmd, context);
    addQueries(*sweepCmd, context);
    addControl(*sweepCmd, context);
    addExport(*sweepCmd, context);
}

} // namespace dllab::cli
