// The exporters without training: models built in memory with random weights (and random batch
// norm statistics), exported, and compared with the model they came from.
#include "datasets/date_text.h"
#include "export/model_graph.h"
#include "export/onnx_export.h"
#include "export/prediction_inputs.h"
#include "export/torchscript_export.h"
#include "export_fixture.h"
#include "models/classifier.h"
#include "models/model_spec.h"
#include "tests/datasets/error_checks.h"
#include "tests/datasets/test_files.h"
#include "workspace/error.h"

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

using nlohmann::json;
using namespace dllab;

namespace {

models::ModelInput imageInput(int64_t channels, int64_t size)
{
    models::ModelInput input;
    input.image = true;
    input.shape = {channels, size, size};
    input.classes = 10;
    for (int64_t c = 0; c < channels; ++c) {
        input.mean.push_back(0.13 + 0.1 * double(c));
        input.std.push_back(0.31 + 0.05 * double(c));
    }
    return input;
}

models::ModelInput tableInput()
{
    models::ModelInput input;
    input.shape = {4};
    input.classes = 3;
    input.mean = {5.8, 3.0, 3.7, 1.2};
    input.std = {0.8, 0.4, 1.7, 0.0}; // a constant feature: std 0
    return input;
}

struct Case {
    std::string name;
    json spec;
    models::ModelInput input;
};

// gtest prints a parameter in test names CTest lists; the case name is what matters.
void PrintTo(const Case &c, std::ostream *out) { *out << c.name; }

std::vector<Case> cases()
{
    return {
        {"mlp_image_relu", {{"arch", "mlp"}}, imageInput(1, 28)},
        {"mlp_table_tanh",
         {{"arch", "mlp"}, {"activation", "tanh"}, {"hidden", {16, 8}}},
         tableInput()},
        {"mlp_gelu_dropout",
         {{"arch", "mlp"}, {"activation", "gelu"}, {"dropout", 0.3}},
         imageInput(3, 8)},
        {"cnn_lenet", {{"arch", "cnn"}}, imageInput(1, 28)},
        {"cnn_batch_norm",
         {{"arch", "cnn"},
          {"blocks",
           {{{"channels", 4}, {"kernel", 3}, {"padding", 1}, {"pool", 2}, {"batch_norm", true}}}}},
         imageInput(3, 16)},
        {"resnet",
         {{"arch", "resnet"}, {"channels", {8, 16}}, {"blocks_per_stage", 1}},
         imageInput(3, 16)},
    };
}

std::shared_ptr<models::ClassifierImpl> build(const Case &c)
{
    const json spec = models::completeModelSpec(c.spec, c.input);
    auto model = models::buildModel(spec, c.input, 7);
    // Non-trivial batch norm statistics, so eval-mode normalisation is really exercised.
    torch::NoGradGuard noGrad;
    for (auto &buffer : model->named_buffers()) {
        if (buffer.key().find("running_mean") != std::string::npos)
            buffer.value().uniform_(-0.5, 0.5);
        if (buffer.key().find("running_var") != std::string::npos)
            buffer.value().uniform_(0.5, 2.0);
    }
    model->eval();
    return model;
}

torch::Tensor sample(const models::ModelInput &input, int64_t n)
{
    std::vector<int64_t> shape{n};
    shape.insert(shape.end(), input.shape.begin(), input.shape.end());
    return input.image ? torch::rand(shape) : torch::randn(shape) * 2 + 3;
}

class ExportUnits : public testing::TestWithParam<Case> {};

TEST_P(ExportUnits, TorchScriptComputesWhatTheModelComputes)
{
    const Case &c = GetParam();
    auto model = build(c);
    const json spec = models::completeModelSpec(c.spec, c.input);
    const auto graph = exporting::buildGraph(*model, spec, c.input);
    test::ScratchDir dir;
    exporting::saveTorchScript(graph, R"({"hello": "card"})", dir / "model.pt");
    auto loaded = exporting::loadTorchScript(dir / "model.pt");
    EXPECT_EQ(loaded.card["hello"], "card");
    const torch::Tensor x = sample(c.input, 16);
    torch::NoGradGuard noGrad;
    const torch::Tensor expected = model->forward(x);
    const torch::Tensor got = loaded.module.forward({x}).toTensor();
    ASSERT_EQ(got.sizes(), expected.sizes());
    EXPECT_LE((got - expected).abs().max().item<double>(), 1e-5)
        << exporting::torchScriptSource(graph);
}

TEST_P(ExportUnits, OnnxPassesTheCheckerWithWeightsAsInitializers)
{
    const Case &c = GetParam();
    auto model = build(c);
    const json spec = models::completeModelSpec(c.spec, c.input);
    const auto graph = exporting::buildGraph(*model, spec, c.input);
    const std::string bytes = exporting::toOnnx(graph, "{}");
    onnx::ModelProto proto;
    ASSERT_TRUE(proto.ParseFromString(bytes));
    EXPECT_EQ(proto.ir_version(), exporting::kOnnxIrVersion);
    ASSERT_EQ(proto.opset_import_size(), 1);
    EXPECT_EQ(proto.opset_import(0).version(), 13);
    EXPECT_EQ(proto.graph().input(0).name(), "input");
    EXPECT_EQ(proto.graph().output(0).name(), "logits");
    int64_t weights = 0;
    for (const auto &init : proto.graph().initializer())
        weights += int64_t(init.raw_data().size() / sizeof(float));
    int64_t expected = 0;
    for (const auto &[name, tensor] : graph.params)
        expected += tensor.numel();
    EXPECT_GE(weights, expected); // plus the GELU constants
}

TEST_P(ExportUnits, OnnxRuntimeComputesWhatTheModelComputes)
{
    DLLAB_NEEDS_CONSUMER(test::onnxRuntimeMissing());
    const Case &c = GetParam();
    auto model = build(c);
    const json spec = models::completeModelSpec(c.spec, c.input);
    const auto graph = exporting::buildGraph(*model, spec, c.input);
    test::ScratchDir dir;
    exporting::saveOnnx(graph, "{}", dir / "model.onnx");
    const torch::Tensor x = sample(c.input, 16);
    test::writeFloats(dir / "input.f32", x);
    std::string args = test::shellQuote((dir / "model.onnx").string()) + " "
                       + test::shellQuote((dir / "input.f32").string());
    for (int64_t d : x.sizes())
        args += " " + std::to_string(d);
    const auto r = test::runShell(
        test::nodeCommand() + " "
        + test::shellQuote(std::string(DLLAB_SOURCE_DIR) + "/tests/export/check_onnx.js") + " "
        + args);
    ASSERT_EQ(r.status, 0) << r.err;
    const torch::Tensor got = test::logitsFromJson(json::parse(r.out)["logits"]);
    torch::NoGradGuard noGrad;
    const torch::Tensor expected = model->forward(x);
    ASSERT_EQ(got.sizes(), expected.sizes());
    EXPECT_LE((got - expected).abs().max().item<double>(), 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Architectures, ExportUnits, testing::ValuesIn(cases()),
                         [](const auto &info) { return info.param.name; });

TEST(ExportGraph, RefusesAModelWithTensorsItDoesNotKnow)
{
    const auto input = imageInput(1, 28);
    const json spec = models::completeModelSpec({{"arch", "mlp"}}, input);
    auto model = models::buildModel(spec, input, 1);
    model->register_buffer("surprise", torch::zeros({2}));
    EXPECT_THROW(exporting::buildGraph(*model, spec, input), Error);
}

// Raw rows for a model of a typed table: columns found by the header, categories by their text
// (an unseen one past the known codes), dates as days, missing cells as NaN, quoted commas.
// A typed table's input: a number, a category and a date.
exporting::InputSpec typedTableSpec()
{
    using datasets::ColumnType;
    exporting::InputSpec spec{false, {3}, {"x", "city", "when"}, {}};
    spec.typed = {{"x", ColumnType::Numeric, {}, 0, 0, 1},
                  {"city", ColumnType::Categorical, {"Paris", "Rome, IT"}, 0, 0, 1},
                  {"when", ColumnType::Date, {}, 0, 0, 1}};
    return spec;
}

TEST(PredictionInputs, RawRowsOfATypedTable)
{
    test::ScratchDir dir;
    const exporting::InputSpec spec = typedTableSpec();
    const auto rows = dir.write("raw.csv", "label,when,city,x\n"
                                           "a,2012-01-31,\"Rome, IT\",1.5\n"
                                           "b,,Oslo,NA\n");
    const auto batch = exporting::readPredictionInputs({rows}, spec);
    ASSERT_EQ(batch.x.sizes(), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(batch.x[0][0].item<float>(), 1.5f);
    EXPECT_EQ(batch.x[0][1].item<float>(), 1.0f);
    EXPECT_EQ(batch.x[0][2].item<float>(), float(datasets::daysFromCivil(2012, 1, 31)));
    EXPECT_TRUE(std::isnan(batch.x[1][0].item<float>()));
    EXPECT_EQ(batch.x[1][1].item<float>(), 2.0f); // unseen
    EXPECT_TRUE(std::isnan(batch.x[1][2].item<float>()));
    EXPECT_THROW(
        exporting::readPredictionInputs({dir.write("h.csv", "x,when\n1,2012-01-01\n")}, spec),
        Error); // no city column
    try {
        exporting::readPredictionInputs({dir.write("d.csv", "x,city,when\n1,Paris,soon\n")}, spec);
        FAIL() << "a bad date was accepted";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("d.csv line 2, column 'when': \"soon\" is not a date"),
                  std::string::npos)
            << e.what();
    }
}

TEST(PredictionInputs, JsonRowsKeyedByColumnNameReadAsTheirCsvCells)
{
    test::ScratchDir dir;
    const exporting::InputSpec spec = typedTableSpec();
    // An array of objects: keys in any order, extra keys ignored, a missing key or null missing.
    const auto array = dir.write("rows.json", R"([{"when": "2012-01-31", "city": "Rome, IT",
        "x": 1.5, "label": "a"}, {"city": "Oslo", "x": null}])");
    const auto batch = exporting::readPredictionInputs({array}, spec);
    ASSERT_EQ(batch.x.sizes(), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(batch.x[0][0].item<float>(), 1.5f);
    EXPECT_EQ(batch.x[0][1].item<float>(), 1.0f);
    EXPECT_EQ(batch.x[0][2].item<float>(), float(datasets::daysFromCivil(2012, 1, 31)));
    EXPECT_TRUE(std::isnan(batch.x[1][0].item<float>()));
    EXPECT_EQ(batch.x[1][1].item<float>(), 2.0f); // unseen
    EXPECT_TRUE(std::isnan(batch.x[1][2].item<float>()));
    EXPECT_EQ(batch.names, (std::vector<std::string>{"rows.json[0]", "rows.json[1]"}));

    // JSON Lines; a bad cell names the line and the column.
    const auto lines = dir.write("rows.jsonl", "{\"x\": 2, \"city\": \"Paris\"}\n\n"
                                               "{\"x\": 3, \"when\": \"soon\"}\n");
    EXPECT_ERROR_HAS(exporting::readPredictionInputs({lines}, spec),
                     "rows.jsonl:3, column 'when': \"soon\" is not a date");
    const auto broken = dir.write("broken.jsonl", "{\"x\": 2}\n{\"x\": \n");
    EXPECT_THROW(exporting::readPredictionInputs({broken}, spec), Error);
    const auto scalar = dir.write("scalar.json", "[1, 2]");
    EXPECT_THROW(exporting::readPredictionInputs({scalar}, spec), Error);

    // A plain numeric model takes numbers by column name.
    exporting::InputSpec plain{false, {2}, {"a", "b"}, {}};
    const auto numbers = dir.write("n.json", R"([{"b": 2, "a": 1}])");
    const auto picked = exporting::readPredictionInputs({numbers}, plain);
    EXPECT_EQ(picked.x[0][0].item<float>(), 1.0f);
    EXPECT_EQ(picked.x[0][1].item<float>(), 2.0f);
    EXPECT_ERROR_HAS(exporting::readPredictionInputs({dir.write("m.json", R"([{"a": 1}])")}, plain),
                     "m.json[0], column 'b': expected a number, got nothing");
}

TEST(PredictionInputs, WrongShapesNameTheExpectedShape)
{
    test::ScratchDir dir;
    exporting::InputSpec table{false, {4}, {"a", "b", "c", "d"}, {}};
    const auto rows = dir.write("rows.csv", "1,2,3,4\n1,2,3,4,5\n");
    try {
        exporting::readPredictionInputs({rows}, table);
        FAIL() << "five values were accepted";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("line 2: expected 4 feature values (a, b, c, d)"),
                  std::string::npos)
            << e.what();
    }
    // A header naming the model's columns picks them, in the model's order.
    const auto named = dir.write("named.csv", "d,label,c,b,a\n4,x,3,2,1\n");
    const auto batch = exporting::readPredictionInputs({named}, table);
    ASSERT_EQ(batch.x.size(0), 1);
    EXPECT_EQ(batch.x[0][0].item<float>(), 1.0f);
    EXPECT_EQ(batch.x[0][3].item<float>(), 4.0f);

    exporting::InputSpec image{true, {3, 28, 28}, {}, {}};
    const auto png = test::sharedData() / "mnist-png-500" / "7";
    const auto first = *std::filesystem::directory_iterator(png);
    try {
        exporting::readPredictionInputs({first.path()}, image);
        FAIL() << "a grayscale image was accepted by an RGB model";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("expected a 28x28 image with 3 channels"),
                  std::string::npos)
            << e.what();
    }
    exporting::InputSpec gray{true, {1, 28, 28}, {}, {}};
    const auto ok = exporting::readPredictionInputs({first.path()}, gray);
    EXPECT_EQ(ok.x.sizes(), (std::vector<int64_t>{1, 1, 28, 28}));
    EXPECT_LE(ok.x.max().item<float>(), 1.0f);
}

} // namespace
