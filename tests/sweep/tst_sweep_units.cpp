// The sweep's pure parts: spec checks, parameters into run specs (list indices too), command
// placeholders, Katib's name=value lines, per-trial seeds, and the Katib Experiment YAML.
#include "../datasets/test_files.h"
#include "sweep_test_util.h"
#include "training/sweep/command_process.h"
#include "training/sweep/katib_export.h"
#include "training/sweep/sweep_runner.h"
#include "training/sweep/sweep_spec.h"
#include "workspace/error.h"

using nlohmann::json;
using namespace dllab;
using namespace dllab::sweep;

namespace {

json issueExample()
{
    return json::parse(
        R"({"name": "mlp-lr", "objective": {"metric": "val_accuracy", "goal": "maximize"},
     "algorithm": {"name": "tpe", "seed": 0},
     "parameters": [
       {"name": "optimizer.lr", "type": "double", "min": 1e-4, "max": 1e-1, "log": true},
       {"name": "model.hidden.0", "type": "int", "min": 32, "max": 512, "log": true},
       {"name": "batch_size", "type": "categorical", "values": [32, 64, 128, 256]}],
     "maxTrialCount": 20, "parallelTrialCount": 1, "maxFailedTrialCount": 3,
     "earlyStopping": {"name": "median"},
     "trial": {"run": {"dataset": "mnist", "model": {"arch": "mlp", "hidden": [128]}, "epochs": 5}}})");
}

std::string errorOf(const json &spec)
{
    try {
        SweepSpec::fromJson(spec);
    } catch (const Error &e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST(SweepSpec, ParsesTheIssueExample)
{
    const SweepSpec spec = SweepSpec::fromJson(issueExample());
    EXPECT_EQ(spec.name, "mlp-lr");
    EXPECT_EQ(spec.metric, "val_accuracy");
    EXPECT_EQ(spec.goal, hpo::Goal::Maximize);
    EXPECT_EQ(spec.space.size(), 3u);
    EXPECT_EQ(spec.maxTrialCount, 20);
    EXPECT_EQ(spec.maxFailedTrialCount, 3);
    EXPECT_FALSE(spec.isCommand());
}

TEST(SweepSpec, RefusesMistakesByName)
{
    json spec = issueExample();
    spec["maxTrialCuont"] = 3;
    EXPECT_NE(errorOf(spec).find("maxTrialCuont"), std::string::npos);
    spec = issueExample();
    spec.erase("name");
    EXPECT_NE(errorOf(spec).find("name"), std::string::npos);
    spec = issueExample();
    spec["parallelTrialCount"] = 0;
    EXPECT_NE(errorOf(spec).find("parallelTrialCount"), std::string::npos);
    spec = issueExample();
    spec["algorithm"] = {{"name", "bayes"}};
    EXPECT_NE(errorOf(spec).find("bayes"), std::string::npos);
    spec = issueExample();
    spec["trial"]["run"]["optimiser"] = {{"lr", 1}};
    EXPECT_NE(errorOf(spec).find("optimiser"), std::string::npos);
    spec = issueExample();
    spec["trial"] = {{"command", {"train.py", "--lr", "${trialParameters.lr}"}}};
    EXPECT_NE(errorOf(spec).find("${trialParameters.lr}"), std::string::npos);
    // Runs record no val_acc; a command trial's metrics are whatever it prints.
    spec = issueExample();
    spec["objective"]["metric"] = "val_acc";
    EXPECT_NE(errorOf(spec).find("\"val_acc\" is not a metric a run records"), std::string::npos)
        << errorOf(spec);
    spec["trial"] = {{"command", {"train.py"}}};
    EXPECT_EQ(errorOf(spec), "");
}

TEST(SweepSpec, ParametersGoIntoTheRunSpecIncludingListIndices)
{
    const json base{{"dataset", "mnist"}, {"model", {{"arch", "mlp"}, {"hidden", {128, 64}}}}};
    const json spec =
        applyParams(base, {{"optimizer.lr", 0.01}, {"model.hidden.1", 32}, {"batch_size", 256}});
    EXPECT_EQ(spec["optimizer"]["lr"], 0.01);
    EXPECT_EQ(spec["model"]["hidden"], json({128, 32}));
    EXPECT_EQ(spec["batch_size"], 256);
    EXPECT_EQ(applyParams(base, {{"model.hidden.2", 16}})["model"]["hidden"], json({128, 64, 16}));
    EXPECT_THROW(applyParams(base, {{"model.hidden.5", 16}}), Error);
    EXPECT_THROW(applyParams(base, {{"dataset.x", 1}}), Error);
}

TEST(SweepSpec, CommandPlaceholders)
{
    const auto argv = substituteCommand(
        {"python3", "train.py", "--lr=${trialParameters.optimizer.lr}", "${trialParameters.act}"},
        {{"optimizer.lr", 0.001}, {"act", "relu"}});
    EXPECT_EQ(argv, (std::vector<std::string>{"python3", "train.py", "--lr=0.001", "relu"}));
    EXPECT_THROW(substituteCommand({"${trialParameters.nope}"}, {}), Error);
}

TEST(MetricLines, KatibStdOutFormat)
{
    const auto m = parseMetricLine("epoch 2: loss=0.31 accuracy = 0.9 val/loss=-1.5e-3 note=x");
    ASSERT_EQ(m.size(), 3u);
    EXPECT_EQ(m[0].first, "loss");
    EXPECT_DOUBLE_EQ(m[0].second, 0.31);
    EXPECT_EQ(m[1].first, "accuracy");
    EXPECT_EQ(m[2].first, "val/loss");
    EXPECT_DOUBLE_EQ(m[2].second, -1.5e-3);
    EXPECT_TRUE(parseMetricLine("no metrics here").empty());
}

TEST(TrialSeed, DependsOnSeedAndNumberOnly)
{
    EXPECT_EQ(trialSeed(7, 3), trialSeed(7, 3));
    EXPECT_NE(trialSeed(7, 3), trialSeed(7, 4));
    EXPECT_NE(trialSeed(7, 3), trialSeed(8, 3));
    EXPECT_LT(trialSeed(~0ull, 5), 1ull << 63);
}

TEST(CommandProcess, ReadsLinesAndExitStatus)
{
    std::vector<std::string> lines;
    const auto outcome = runCommand(
        {"/bin/sh", "-c", "echo a=1; echo oops >&2; echo b=2; exit 3"},
        [&](std::string_view l) { lines.emplace_back(l); }, [] { return CommandAction::Run; });
    EXPECT_EQ(lines, (std::vector<std::string>{"a=1", "b=2"}));
    EXPECT_EQ(outcome.exitCode, 3);
    EXPECT_EQ(outcome.stderrTail, "oops\n");
    const auto missing = runCommand(
        {"/no/such/program"}, [](std::string_view) {}, [] { return CommandAction::Run; });
    EXPECT_NE(missing.error.find("/no/such/program"), std::string::npos);
    const auto start = std::chrono::steady_clock::now();
    const auto stopped = runCommand(
        {"/bin/sh", "-c", "sleep 30"}, [](std::string_view) {}, [] { return CommandAction::Stop; });
    EXPECT_TRUE(stopped.stopped);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

// Katib export (the YAML half): the export parses and holds the Experiment's fields.
TEST(KatibExport, ParsesAndHoldsTheExperimentFields)
{
    json spec = issueExample();
    spec["earlyStopping"] = {{"name", "median"}, {"min_trials_required", 3}, {"start_step", 2}};
    const std::string yaml = katibExperimentYaml(spec, {"registry.example/dllab:1", "", "/ws"});
    test::ScratchDir dir;
    const json doc = test::yamlAsJson(dir.write("experiment.yaml", yaml));
    ASSERT_TRUE(doc.is_object()) << yaml;
    EXPECT_EQ(doc["apiVersion"], "kubeflow.org/v1beta1");
    EXPECT_EQ(doc["kind"], "Experiment");
    EXPECT_EQ(doc["metadata"]["name"], "mlp-lr");
    const json &s = doc["spec"];
    EXPECT_EQ(s["objective"]["type"], "maximize");
    EXPECT_EQ(s["objective"]["objectiveMetricName"], "val_accuracy");
    EXPECT_EQ(s["algorithm"]["algorithmName"], "tpe");
    EXPECT_EQ(s["algorithm"]["algorithmSettings"][0]["name"], "random_state");
    EXPECT_EQ(s["algorithm"]["algorithmSettings"][0]["value"], "0");
    EXPECT_EQ(s["maxTrialCount"], 20);
    EXPECT_EQ(s["parallelTrialCount"], 1);
    EXPECT_EQ(s["maxFailedTrialCount"], 3);
    EXPECT_EQ(s["earlyStopping"]["algorithmName"], "medianstop");
    EXPECT_EQ(s["earlyStopping"]["algorithmSettings"].size(), 2u);
    EXPECT_EQ(s["metricsCollectorSpec"]["collector"]["kind"], "StdOut");
    ASSERT_EQ(s["parameters"].size(), 3u);
    EXPECT_EQ(s["parameters"][0]["name"], "optimizer.lr");
    EXPECT_EQ(s["parameters"][0]["parameterType"], "double");
    EXPECT_EQ(s["parameters"][0]["feasibleSpace"]["min"], "0.0001");
    EXPECT_EQ(s["parameters"][0]["feasibleSpace"]["max"], "0.1");
    EXPECT_EQ(s["parameters"][0]["feasibleSpace"]["distribution"], "logUniform");
    EXPECT_EQ(s["parameters"][1]["parameterType"], "int");
    EXPECT_EQ(s["parameters"][1]["feasibleSpace"]["min"], "32");
    EXPECT_EQ(s["parameters"][2]["parameterType"], "categorical");
    EXPECT_EQ(s["parameters"][2]["feasibleSpace"]["list"], json({"32", "64", "128", "256"}));

    const json &t = s["trialTemplate"];
    EXPECT_EQ(t["primaryContainerName"], "training-container");
    ASSERT_EQ(t["trialParameters"].size(), 3u);
    EXPECT_EQ(t["trialParameters"][0]["name"], "optimizer_lr");
    EXPECT_EQ(t["trialParameters"][0]["reference"], "optimizer.lr");
    EXPECT_EQ(t["trialParameters"][1]["name"], "model_hidden_0");
    const json &job = t["trialSpec"];
    EXPECT_EQ(job["kind"], "Job");
    const json &container = job["spec"]["template"]["spec"]["containers"][0];
    EXPECT_EQ(container["name"], "training-container");
    EXPECT_EQ(container["image"], "registry.example/dllab:1");
    EXPECT_EQ(container["env"][0]["value"], "/ws");
    const auto command = container["command"].get<std::vector<std::string>>();
    ASSERT_GE(command.size(), 4u);
    EXPECT_EQ(command[0], "dllab-cli");
    EXPECT_EQ(command[1], "train");
    EXPECT_EQ(command.back(), "--json");
    const auto has = [&](const std::string &arg) {
        return std::find(command.begin(), command.end(), arg) != command.end();
    };
    EXPECT_TRUE(has("optimizer.lr=${trialParameters.optimizer_lr}"));
    EXPECT_TRUE(has("batch_size=${trialParameters.batch_size}"));
    // dllab-cli train --set addresses objects, so a list entry sets the whole list.
    EXPECT_TRUE(has("model.hidden=[${trialParameters.model_hidden_0}]"));
    EXPECT_TRUE(has("epochs=5"));
    // Every placeholder in the command names a trialParameter.
    for (const auto &arg : command)
        for (size_t at = arg.find("${trialParameters."); at != std::string::npos;
             at = arg.find("${trialParameters.", at + 1)) {
            const auto name = arg.substr(at + 18, arg.find('}', at) - at - 18);
            bool known = false;
            for (const auto &p : t["trialParameters"])
                known = known || p["name"] == name;
            EXPECT_TRUE(known) << name;
        }
}

// The same trial as a Kubeflow PyTorchJob: one Master replica running the same command, in the
// container Katib is told to watch.
TEST(KatibExport, PyTorchJobTrialRunsTheSameCommand)
{
    test::ScratchDir dir;
    const auto exported = [&](KatibOptions::TrialKind kind) {
        KatibOptions options{"img", "", "/ws"};
        options.trialKind = kind;
        return test::yamlAsJson(
            dir.write("experiment.yaml", katibExperimentYaml(issueExample(), options)));
    };
    const json job = exported(KatibOptions::TrialKind::Job);
    const json doc = exported(KatibOptions::TrialKind::PyTorchJob);
    ASSERT_TRUE(doc.is_object());
    const json &t = doc["spec"]["trialTemplate"];
    EXPECT_EQ(t["trialParameters"], job["spec"]["trialTemplate"]["trialParameters"]);
    EXPECT_EQ(t["trialSpec"]["apiVersion"], "kubeflow.org/v1");
    EXPECT_EQ(t["trialSpec"]["kind"], "PyTorchJob");
    const json &master = t["trialSpec"]["spec"]["pytorchReplicaSpecs"]["Master"];
    EXPECT_EQ(master["replicas"], 1);
    EXPECT_EQ(master["restartPolicy"], "Never");
    EXPECT_FALSE(t["trialSpec"]["spec"]["pytorchReplicaSpecs"].contains("Worker"));
    const json &container = master["template"]["spec"]["containers"][0];
    EXPECT_EQ(container["name"], "pytorch");
    EXPECT_EQ(t["primaryContainerName"], "pytorch");
    EXPECT_EQ(container["image"], "img");
    EXPECT_EQ(container["env"][0]["value"], "/ws");
    const json &jobContainer =
        job["spec"]["trialTemplate"]["trialSpec"]["spec"]["template"]["spec"]["containers"][0];
    EXPECT_EQ(container["command"], jobContainer["command"]);
    EXPECT_EQ(doc["spec"]["parameters"], job["spec"]["parameters"]);
}

TEST(KatibExport, CommandTrialsKeepTheirArgv)
{
    const json spec = test::shellSweep("Shell Sweep!", test::lossScript(), {1, 2}, 2);
    const std::string yaml = katibExperimentYaml(spec, {"img", "", ""});
    test::ScratchDir dir;
    const json doc = test::yamlAsJson(dir.write("experiment.yaml", yaml));
    ASSERT_TRUE(doc.is_object()) << yaml;
    EXPECT_EQ(doc["metadata"]["name"], "shell-sweep");
    EXPECT_EQ(doc["spec"]["objective"]["type"], "minimize");
    EXPECT_EQ(doc["spec"]["algorithm"]["algorithmName"], "grid");
    EXPECT_FALSE(doc["spec"].contains("earlyStopping"));
    const json &container =
        doc["spec"]["trialTemplate"]["trialSpec"]["spec"]["template"]["spec"]["containers"][0];
    EXPECT_EQ(container["command"][0], "/bin/sh");
    EXPECT_EQ(container["command"][2], test::lossScript());
    EXPECT_EQ(container["command"][4], "${trialParameters.x}");
    EXPECT_THROW(katibExperimentYaml(spec, {"", "", ""}), Error);
}

TEST(KatibExport, MultivariateTpeIsOptunasWithItsSettingNames)
{
    json spec = issueExample();
    spec["algorithm"] = {
        {"name", "tpe"}, {"seed", 3}, {"multivariate", true}, {"n_ei_candidates", 48}};
    const std::string yaml = katibExperimentYaml(spec, {"img", "", ""});
    test::ScratchDir dir;
    const json doc = test::yamlAsJson(dir.write("experiment.yaml", yaml));
    ASSERT_TRUE(doc.is_object()) << yaml;
    const json &algorithm = doc["spec"]["algorithm"];
    EXPECT_EQ(algorithm["algorithmName"], "multivariate-tpe");
    std::map<std::string, std::string> settings;
    for (const json &entry : algorithm["algorithmSettings"])
        settings[entry["name"]] = entry["value"];
    EXPECT_EQ(settings, (std::map<std::string, std::string>{{"n_ei_candidates", "48"},
                                                            {"random_state", "3"}}));
    EXPECT_EQ(yaml.find("has no Katib equivalent"), std::string::npos) << yaml;
}
