// Export, end to end: tiny runs exported in every format through dllab-cli, then
// checked from outside: Python's torch.jit.load and ONNX Runtime (node) give the logits of
// `dllab-cli predict` (max abs diff <= 1e-4) and the same accuracy; the .mar's handler, called as
// TorchServe calls it, labels PNGs as predict does; a failed export leaves nothing behind.
#include "datasets/importers.h"
#include "export/prediction_inputs.h"
#include "export_fixture.h"
#include "triton_config_schema.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

using nlohmann::json;
using namespace dllab;
using namespace dllab::test;
namespace fs = std::filesystem;

namespace {

constexpr double kTolerance = 1e-4;
constexpr const char *kBirdsLabel = "Effect Amount of damage";

struct RunCase {
    std::string name;
    std::string TrainedRuns::*run;
    bool mnist;
    bool birds = false;     // a table with text categories, a date and missing cells
    bool gapminder = false; // a regression target (life_expect) and a categorical column
};

void PrintTo(const RunCase &c, std::ostream *out) { *out << c.name; }

fs::path inputFile(const RunCase &c)
{
    return c.mnist       ? sharedData() / "mnist-10k" / "t10k-images-idx3-ubyte.gz"
           : c.birds     ? sharedData() / "birdstrikes.csv"
           : c.gapminder ? sharedData() / "gapminder.csv"
                         : sharedData() / "iris.csv";
}

struct Exported {
    json report;
    fs::path out;
};

// Each run exported once (all formats), shared by the tests of that run.
const Exported &exported(const RunCase &c)
{
    static std::map<std::string, Exported> cache;
    static ScratchDir root;
    auto it = cache.find(c.name);
    if (it != cache.end())
        return it->second;
    const auto &runs = trainedRuns();
    Exported e;
    e.out = root / c.name;
    const auto r = runShell(runs.cli("export " + runs.*c.run + " --format all --out "
                                     + shellQuote(e.out.string()) + " --json"));
    if (r.status != 0)
        throw std::runtime_error("export failed: " + r.err);
    e.report = json::parse(r.out);
    return cache.emplace(c.name, e).first->second;
}

struct Predicted {
    torch::Tensor logits;
    std::vector<std::string> labels;
};

Predicted predictWithCli(const std::string &model, const std::vector<fs::path> &inputs)
{
    std::string args = "predict " + shellQuote(model);
    for (const auto &in : inputs)
        args += " " + shellQuote(in.string());
    const auto r = runShell(trainedRuns().cli(args + " --top-k 1 --json"));
    if (r.status != 0)
        throw std::runtime_error("predict failed: " + r.err);
    const json doc = json::parse(r.out);
    Predicted p;
    json rows = json::array();
    for (const auto &prediction : doc["predictions"]) {
        if (prediction.contains("value")) { // regression: one output, no label
            rows.push_back(json::array({prediction["value"]}));
            continue;
        }
        rows.push_back(prediction["logits"]);
        p.labels.push_back(prediction["label"]);
    }
    p.logits = logitsFromJson(rows);
    return p;
}

// The true class name of every sample in the input file, read by the dataset importers.
std::vector<std::string> truth(const RunCase &c)
{
    const auto content =
        c.mnist   ? datasets::readIdx({sharedData() / "mnist-10k" / "t10k-images-idx3-ubyte.gz",
                                       sharedData() / "mnist-10k" / "t10k-labels-idx1-ubyte.gz"},
                                      JobContext{})
        : c.birds ? datasets::readCsv(sharedData() / "birdstrikes.csv", kBirdsLabel, JobContext{})
                  : datasets::readCsv(sharedData() / "iris.csv", "species", JobContext{});
    std::vector<std::string> names;
    for (int64_t label : content.labels)
        names.push_back(content.classNames.at(size_t(label)));
    return names;
}

double accuracy(const torch::Tensor &logits, const std::vector<std::string> &classNames,
                const std::vector<std::string> &truth)
{
    const torch::Tensor best = logits.argmax(1);
    int64_t right = 0;
    for (int64_t i = 0; i < best.size(0); ++i)
        right += classNames.at(size_t(best[i].item<int64_t>())) == truth.at(size_t(i));
    return double(right) / double(truth.size());
}

// The raw model inputs predict reads from the case's input file, written for the outside tools.
std::string rawInputArgs(const RunCase &c, const json &card, const fs::path &file)
{
    exporting::InputSpec spec;
    spec.image = card["input"]["kind"] == "image";
    const auto shape = card["input"]["shape"].get<std::vector<int64_t>>();
    spec.shape.assign(shape.begin() + 1, shape.end());
    spec.columns = card["input"].value("columns", std::vector<std::string>{});
    if (card["input"].contains("column_types"))
        spec.typed = models::modelInputFromJson({{"image", false},
                                                 {"shape", spec.shape},
                                                 {"classes", 0},
                                                 {"columns", card["input"]["column_types"]}})
                         .columns;
    const auto batch = exporting::readPredictionInputs({inputFile(c)}, spec);
    writeFloats(file, batch.x);
    std::string args = shellQuote(file.string());
    for (int64_t d : batch.x.sizes())
        args += " " + std::to_string(d);
    return args;
}

class ExportE2E : public testing::TestWithParam<RunCase> {};

TEST_P(ExportE2E, ExportsEveryFormatWithACardAndParity)
{
    const auto &e = exported(GetParam());
    const json &report = e.report;
    EXPECT_LE(report["max_abs_diff"].get<double>(), kTolerance);
    EXPECT_TRUE(report["parity"]["passed"].get<bool>());
    EXPECT_GT(report["parity"]["samples"].get<int64_t>(), 0);
    const std::string name = report["model_name"];
    for (const std::string &file : std::vector<std::string>{
             "model.pt", "model.onnx", name + ".mar", "model_card.json", "model_card.md",
             "triton/" + name + "/config.pbtxt", "triton/" + name + "/1/model.pt",
             "triton/" + name + "_onnx/config.pbtxt", "triton/" + name + "_onnx/1/model.onnx"})
        EXPECT_TRUE(fs::is_regular_file(e.out / file)) << file;
    const json card = json::parse(std::ifstream(e.out / "model_card.json"));
    EXPECT_EQ(card["run"]["id"].get<int64_t>(), std::stoll(trainedRuns().*GetParam().run));
    EXPECT_FALSE(card["dataset"]["hash"].get<std::string>().empty());
    EXPECT_EQ(card["dataset"]["ref"], GetParam().mnist       ? "mnist@v1"
                                      : GetParam().birds     ? "birds@v1"
                                      : GetParam().gapminder ? "gapminder@v1"
                                                             : "iris@v1");
    EXPECT_TRUE(card["metrics"].contains("train_loss"));
    EXPECT_EQ(card["input"]["dtype"], "float32");
    EXPECT_FALSE(card["normalization"]["mean"].empty());
    EXPECT_FALSE(card["libtorch_version"].get<std::string>().empty());
    EXPECT_EQ(card["class_names"].size(), GetParam().mnist       ? 10u
                                          : GetParam().birds     ? 6u
                                          : GetParam().gapminder ? 0u
                                                                 : 3u);
    if (GetParam().gapminder) { // answers in years, scaled back inside the model
        EXPECT_EQ(card["task"], "regression");
        EXPECT_EQ(card["target"]["name"], "life_expect");
        EXPECT_GT(card["target"]["mean"].get<double>(), 40.0);
        EXPECT_EQ(card["output"]["shape"], json::array({-1, 1}));
        EXPECT_TRUE(card["metrics"].contains("val_r2"));
    }
    if (GetParam().birds) { // the raw columns, typed, are documented for outside callers
        EXPECT_EQ(card["input"]["column_types"].size(), 13u);
        EXPECT_EQ(card["input"]["column_types"][2]["type"], "date");
    }
    EXPECT_GT(report["artifact_id"].get<int64_t>(), 0);
    std::printf("[ export ] %s: max_abs_diff %.3g on %s; %.0f ms in all\n", GetParam().name.c_str(),
                report["max_abs_diff"].get<double>(),
                report["parity"]["data"].get<std::string>().c_str(),
                report["timings"]["total_ms"].get<double>());
}

struct ConsumerResult {
    json output;             // what the consumer printed
    torch::Tensor logits;    // its logits, one row per sample of the case's input file
    torch::Tensor runLogits; // predict's on the run, the same rows
    double maxAbsDiff = 0;   // against predict on the run
    double accuracy = 0;
};

// Runs an outside consumer (`program script MODEL RAW-INPUT...`) on the case's exported `model`
// file and checks it against `dllab-cli predict` on the run: the same logits within kTolerance,
// the same accuracy, and on mnist the test accuracy the run reported (t10k is the version's test
// split).
ConsumerResult checkOutsideConsumer(const RunCase &c, const std::string &program,
                                    const std::string &script, const std::string &model)
{
    const auto &e = exported(c);
    const json card = e.report["model_card"];
    const auto fromRun = predictWithCli(trainedRuns().*c.run, {inputFile(c)});
    ScratchDir dir;
    const auto r = runShell(
        program + " " + shellQuote(std::string(DLLAB_SOURCE_DIR) + "/tests/export/" + script) + " "
        + shellQuote((e.out / model).string()) + " " + rawInputArgs(c, card, dir / "input.f32"));
    ConsumerResult result;
    result.runLogits = fromRun.logits;
    EXPECT_EQ(r.status, 0) << r.err;
    if (r.status != 0)
        return result;
    result.output = json::parse(r.out);
    result.logits = logitsFromJson(result.output["logits"]);
    EXPECT_EQ(result.logits.sizes(), fromRun.logits.sizes());
    if (result.logits.sizes() != fromRun.logits.sizes())
        return result;
    result.maxAbsDiff = (result.logits - fromRun.logits).abs().max().item<double>();
    EXPECT_LE(result.maxAbsDiff, kTolerance);
    if (c.gapminder) { // regression: the values themselves are compared above
        const auto content =
            datasets::readCsv(sharedData() / "gapminder.csv", "life_expect", JobContext{});
        const torch::Tensor actual = torch::tensor(content.targets).reshape({-1, 1});
        const double rmse = (result.logits - actual).square().mean().sqrt().item<double>();
        // Far better than predicting the mean (whose error is the spread).
        EXPECT_LT(rmse, 0.5 * actual.std().item<double>());
        result.accuracy = rmse; // printed as the case's score
        return result;
    }
    const auto names = card["class_names"].get<std::vector<std::string>>();
    const auto labels = truth(c);
    result.accuracy = accuracy(result.logits, names, labels);
    EXPECT_EQ(result.accuracy, accuracy(fromRun.logits, names, labels));
    if (c.mnist) {
        EXPECT_NEAR(result.accuracy, card["metrics"]["test_accuracy"].get<double>(), 1e-9);
    }
    return result;
}

TEST_P(ExportE2E, PythonTorchJitLoadGivesPredictsLogitsAndAccuracy)
{
    DLLAB_NEEDS_CONSUMER(pythonTorchMissing());
    const RunCase &c = GetParam();
    const auto py = checkOutsideConsumer(c, "/usr/bin/python3", "check_torchscript.py", "model.pt");
    ASSERT_FALSE(HasFailure());
    // The TorchScript file carries the class names itself.
    EXPECT_EQ(py.output["class_names"], exported(c).report["model_card"]["class_names"]);
    // predict on the exported file gives the same as predict on the run.
    const auto fromFile = predictWithCli((exported(c).out / "model.pt").string(), {inputFile(c)});
    EXPECT_LE((fromFile.logits - py.runLogits).abs().max().item<double>(), kTolerance);
    std::printf("[ python ] %s: torch %s, %lld samples, max_abs_diff %.3g, accuracy (rmse) %.4f\n",
                c.name.c_str(), py.output["torch"].get<std::string>().c_str(),
                static_cast<long long>(py.logits.size(0)), py.maxAbsDiff, py.accuracy);
}

TEST_P(ExportE2E, OnnxRuntimeGivesPredictsLogitsAndAccuracy)
{
    DLLAB_NEEDS_CONSUMER(onnxRuntimeMissing());
    const RunCase &c = GetParam();
    const auto ort = checkOutsideConsumer(c, nodeCommand(), "check_onnx.js", "model.onnx");
    ASSERT_FALSE(HasFailure());
    std::printf("[ onnxrt ] %s: ORT %s, %lld samples, max_abs_diff %.3g, accuracy (rmse) %.4f\n",
                c.name.c_str(), ort.output["ort"]["node"].get<std::string>().c_str(),
                static_cast<long long>(ort.logits.size(0)), ort.maxAbsDiff, ort.accuracy);
}

INSTANTIATE_TEST_SUITE_P(Runs, ExportE2E,
                         testing::Values(RunCase{"mnist_mlp", &TrainedRuns::mnistMlp, true},
                                         RunCase{"mnist_cnn", &TrainedRuns::mnistCnn, true},
                                         RunCase{"iris_mlp", &TrainedRuns::irisMlp, false},
                                         RunCase{"birds_mlp", &TrainedRuns::birdsMlp, false, true},
                                         RunCase{"gapminder_mlp", &TrainedRuns::gapminderMlp, false,
                                                 false, true}),
                         [](const auto &info) { return info.param.name; });

TEST(ExportE2EServing, MarHandlerCalledAsTorchServeLabelsPngsAsPredictDoes)
{
    DLLAB_NEEDS_CONSUMER(pythonTorchMissing());
    const RunCase c{"mnist_cnn", &TrainedRuns::mnistCnn, true};
    const auto &e = exported(c);
    std::vector<fs::path> pngs;
    std::vector<std::string> digits;
    for (int digit = 0; digit < 10; ++digit) {
        int taken = 0;
        for (const auto &entry :
             fs::directory_iterator(sharedData() / "mnist-png-500" / std::to_string(digit))) {
            if (taken++ == 2)
                break;
            pngs.push_back(entry.path());
            digits.push_back(std::to_string(digit));
        }
    }
    std::string args;
    for (const auto &png : pngs)
        args += " " + shellQuote(png.string());
    const std::string mar = (e.out / (e.report["model_name"].get<std::string>() + ".mar")).string();
    const auto r =
        runShell("/usr/bin/python3 "
                 + shellQuote(std::string(DLLAB_SOURCE_DIR) + "/tests/export/check_mar.py") + " "
                 + shellQuote(mar) + args);
    ASSERT_EQ(r.status, 0) << r.err;
    const json result = json::parse(r.out);
    EXPECT_EQ(result["manifest"]["runtime"], "python");
    EXPECT_EQ(result["manifest"]["model"]["serializedFile"], "model.pt");
    const auto predicted = predictWithCli(trainedRuns().mnistCnn, pngs);
    int right = 0;
    for (size_t i = 0; i < pngs.size(); ++i) {
        EXPECT_EQ(result["results"][i]["top1"], predicted.labels[i]) << pngs[i];
        right += result["results"][i]["top1"] == digits[i];
    }
    // The real check is agreement with predict above; this one guards against both being
    // wrong the same way. One epoch of LeNet is ~89% accurate, chance is 2 of 20.
    EXPECT_GE(right, 12) << r.out;
}

TEST(ExportE2EServing, MarHandlerTakesRawRowsOfATypedTableAsPredictDoes)
{
    DLLAB_NEEDS_CONSUMER(pythonTorchMissing());
    const RunCase c{"birds_mlp", &TrainedRuns::birdsMlp, false, true};
    const auto &e = exported(c);
    // birdstrikes.csv's first rows as they come: text categories, a date, empty cells, and the
    // label column (predict picks the model's columns by the header; the handler ignores keys
    // it does not use).
    ScratchDir dir;
    std::ifstream in(sharedData() / "birdstrikes.csv");
    std::string text, line;
    for (int i = 0; i < 13 && std::getline(in, line); ++i)
        text += line + "\n";
    const auto rows = dir.write("rows.csv", text);
    const std::string mar = (e.out / (e.report["model_name"].get<std::string>() + ".mar")).string();
    const auto r =
        runShell("/usr/bin/python3 "
                 + shellQuote(std::string(DLLAB_SOURCE_DIR) + "/tests/export/check_mar.py") + " "
                 + shellQuote(mar) + " --csv " + shellQuote(rows.string()));
    ASSERT_EQ(r.status, 0) << r.err;
    const json result = json::parse(r.out);
    const auto predicted = predictWithCli(trainedRuns().birdsMlp, {rows});
    ASSERT_EQ(result["results"].size(), 12u);
    ASSERT_EQ(predicted.labels.size(), 12u);
    for (size_t i = 0; i < 12; ++i) {
        EXPECT_EQ(result["results"][i]["top1"], predicted.labels[i]) << "row " << i;
        for (const auto &[label, probability] : result["results"][i]["scores"].items())
            EXPECT_NEAR(probability.get<double>(),
                        result["results"][i]["scores_csv"][label].get<double>(), 1e-6)
                << "row " << i << ": the JSON object and the CSV line differ";
    }
}

TEST(ExportE2EServing, TritonRepositoryFromARunReadsBack)
{
    const RunCase c{"mnist_mlp", &TrainedRuns::mnistMlp, true};
    const auto &e = exported(c);
    const std::string name = e.report["model_name"];
    for (const std::string &dir : {name, name + "_onnx"}) {
        std::ifstream in(e.out / "triton" / dir / "config.pbtxt");
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        std::string error;
        const auto config = parseTritonConfig(text, error);
        ASSERT_TRUE(config) << error;
        EXPECT_NE(text.find("dims: [ 1, 28, 28 ]"), std::string::npos) << text;
        EXPECT_NE(text.find("dims: [ 10 ]"), std::string::npos) << text;
    }
    EXPECT_EQ(fs::file_size(e.out / "triton" / name / "1" / "model.pt"),
              fs::file_size(e.out / "model.pt"));
}

TEST(ExportE2EFailures, AFailedExportLeavesNothingBehind)
{
    const auto &runs = trainedRuns();
    ScratchDir dir;
    // A file-size limit (as a full disk) stops the export after it began writing files.
    auto r = runShell("ulimit -f 256; "
                      + runs.cli("export " + runs.mnistMlp + " --format all --out "
                                 + shellQuote((dir / "out").string()) + " --json"));
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("error: "), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(dir.path())) << "left behind in " << dir.path();
    // A tolerance no check can mean is refused before anything is written.
    r = runShell(runs.cli("export " + runs.mnistMlp + " --out " + shellQuote((dir / "out").string())
                          + " --tolerance -1"));
    EXPECT_NE(r.err.find("tolerance must be a finite number >= 0"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(dir.path())) << "left behind in " << dir.path();

    const auto kept = dir.write("busy/keep.txt", "mine");
    r = runShell(
        runs.cli("export " + runs.mnistMlp + " --out " + shellQuote((dir / "busy").string())));
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("already holds files"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("(--force)"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(kept));

    r = runShell(runs.cli("export no-such-run --out " + shellQuote((dir / "x").string())));
    EXPECT_NE(r.status, 0);
    EXPECT_FALSE(fs::exists(dir / "x"));
}

TEST(ExportE2EFailures, PredictNamesTheExpectedShape)
{
    const auto &runs = trainedRuns();
    ScratchDir dir;
    auto r = runShell(runs.cli("predict " + runs.mnistMlp + " "
                               + shellQuote((sharedData() / "iris.csv").string())));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("a 28x28 image with 1 channel"), std::string::npos) << r.err;
    const auto png = *fs::directory_iterator(sharedData() / "mnist-png-500" / "3");
    r = runShell(runs.cli("predict " + runs.irisMlp + " " + shellQuote(png.path().string())));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("4 feature values"), std::string::npos) << r.err;
    const auto rows = dir.write("short.csv", "5.1,3.5,1.4\n");
    r = runShell(runs.cli("predict " + runs.irisMlp + " " + shellQuote(rows.string())));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("expected 4 feature values"), std::string::npos) << r.err;
}

} // namespace
