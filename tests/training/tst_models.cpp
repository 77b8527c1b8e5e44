// Model specs and the architectures built from them: shapes, defaults, normalisation inside the
// model, seeded initialisation, and errors that name the field.
#include "models/architectures.h"
#include "models/classifier.h"
#include "models/model_spec.h"
#include "workspace/error.h"

#include <gtest/gtest.h>

using nlohmann::json;
using namespace dllab::models;

namespace {

ModelInput imageInput()
{
    ModelInput input;
    input.image = true;
    input.shape = {1, 28, 28};
    input.classes = 10;
    input.mean = {0.13};
    input.std = {0.31};
    return input;
}

ModelInput tableInput()
{
    ModelInput input;
    input.shape = {4};
    input.classes = 3;
    input.mean = {5.8, 3.0, 3.7, 1.2};
    input.std = {0.8, 0.4, 1.8, 0.0};
    return input;
}

int64_t parameterCount(ClassifierImpl &model)
{
    int64_t n = 0;
    for (const auto &p : model.parameters())
        n += p.numel();
    return n;
}

std::string errorOf(const json &spec, const ModelInput &input)
{
    try {
        completeModelSpec(spec, input);
    } catch (const dllab::Error &e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST(ModelSpec, DefaultsFromTheIssue)
{
    const json mlp = completeModelSpec({{"arch", "mlp"}}, imageInput());
    EXPECT_EQ(mlp["hidden"], json({256, 128}));
    EXPECT_EQ(mlp["activation"], "relu");
    EXPECT_EQ(mlp["dropout"], 0.0);
    const json cnn = completeModelSpec({{"arch", "cnn"}}, imageInput());
    EXPECT_EQ(cnn["blocks"][0]["channels"], 6);
    EXPECT_EQ(cnn["blocks"][0]["padding"], 2);
    EXPECT_EQ(cnn["blocks"][1]["channels"], 16);
    EXPECT_EQ(cnn["fc"], json({120, 84}));
}

TEST(ModelSpec, ErrorsNameTheField)
{
    EXPECT_NE(errorOf({{"arch", "transformer"}}, imageInput()).find("model.arch"),
              std::string::npos);
    EXPECT_NE(
        errorOf({{"arch", "mlp"}, {"hidden", {64, -1}}}, imageInput()).find("model.hidden[1]"),
        std::string::npos);
    EXPECT_NE(errorOf({{"arch", "mlp"}, {"dropout", 1.5}}, imageInput()).find("model.dropout"),
              std::string::npos);
    EXPECT_NE(
        errorOf({{"arch", "mlp"}, {"activation", "swish"}}, imageInput()).find("model.activation"),
        std::string::npos);
    EXPECT_NE(errorOf({{"arch", "mlp"}, {"width", 3}}, imageInput()).find("model.width"),
              std::string::npos);
    EXPECT_NE(errorOf({{"arch", "cnn"}}, tableInput()).find("image dataset"), std::string::npos);
    json tooDeep = {{"arch", "cnn"}, {"blocks", json::array()}};
    for (int i = 0; i < 6; ++i)
        tooDeep["blocks"].push_back({{"channels", 4}, {"kernel", 3}, {"pool", 2}});
    EXPECT_NE(errorOf(tooDeep, imageInput()).find("to nothing"), std::string::npos);
}

TEST(Models, LeNetShapeAndSize)
{
    auto model = buildModel(completeModelSpec({{"arch", "cnn"}}, imageInput()), imageInput(), 0);
    EXPECT_EQ(model->forward(torch::rand({3, 1, 28, 28})).sizes(), torch::IntArrayRef({3, 10}));
    // LeNet-5 on 28x28 with padding 2: 156 + 2416 + 48120 + 10164 + 850 parameters.
    EXPECT_EQ(parameterCount(*model), 61706);
}

TEST(Models, MlpAndResNetShapes)
{
    auto mlp = buildModel(completeModelSpec({{"arch", "mlp"}}, imageInput()), imageInput(), 0);
    EXPECT_EQ(parameterCount(*mlp), 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
    auto resnet =
        buildModel(completeModelSpec({{"arch", "resnet"}}, imageInput()), imageInput(), 0);
    EXPECT_EQ(resnet->forward(torch::rand({2, 1, 28, 28})).sizes(), torch::IntArrayRef({2, 10}));
    const json spec = completeModelSpec(
        {{"arch", "mlp"}, {"hidden", {8}}, {"activation", "gelu"}, {"dropout", 0.5}}, tableInput());
    auto table = buildModel(spec, tableInput(), 0);
    EXPECT_EQ(table->forward(torch::rand({5, 4})).sizes(), torch::IntArrayRef({5, 3}));
}

TEST(Models, NormalisationIsInsideTheModel)
{
    // With identity-like weights visible through the buffers: the saved scale/shift are
    // 1/std and -mean/std, and a zero std (a constant feature) leaves the feature unscaled.
    auto model = buildModel(completeModelSpec({{"arch", "mlp"}}, tableInput()), tableInput(), 0);
    torch::Tensor scale, shift;
    for (const auto &b : model->named_buffers()) {
        if (b.key() == "input_scale")
            scale = b.value();
        if (b.key() == "input_shift")
            shift = b.value();
    }
    ASSERT_TRUE(scale.defined() && shift.defined());
    EXPECT_NEAR(scale[0][0].item<double>(), 1 / 0.8, 1e-6);
    EXPECT_NEAR(shift[0][2].item<double>(), -3.7 / 1.8, 1e-6);
    EXPECT_NEAR(scale[0][3].item<double>(), 1.0, 1e-6);
    auto image = buildModel(completeModelSpec({{"arch", "cnn"}}, imageInput()), imageInput(), 0);
    for (const auto &b : image->named_buffers()) {
        if (b.key() == "input_scale") {
            EXPECT_EQ(b.value().sizes(), torch::IntArrayRef({1, 1, 1, 1}));
        }
    }
}

TEST(Models, InitialisationDependsOnTheSeedOnly)
{
    const json spec = completeModelSpec({{"arch", "mlp"}, {"hidden", {16}}}, tableInput());
    auto a = buildModel(spec, tableInput(), 5);
    torch::manual_seed(123); // the global generator must not matter
    auto b = buildModel(spec, tableInput(), 5);
    auto c = buildModel(spec, tableInput(), 6);
    const auto x = torch::rand({4, 4});
    EXPECT_TRUE(torch::equal(a->forward(x), b->forward(x)));
    EXPECT_FALSE(torch::equal(a->forward(x), c->forward(x)));
}

TEST(Models, SavedWeightsLoadIntoAFreshModel)
{
    const json spec = completeModelSpec({{"arch", "cnn"}}, imageInput());
    auto a = buildModel(spec, imageInput(), 1);
    torch::serialize::OutputArchive out;
    saveWeights(*a, out);
    std::stringstream bytes;
    out.save_to(bytes);
    auto b = buildModel(spec, imageInput(), 2);
    torch::serialize::InputArchive in;
    in.load_from(bytes);
    b->load(in);
    a->eval();
    b->eval();
    const auto x = torch::rand({2, 1, 28, 28});
    EXPECT_TRUE(torch::equal(a->forward(x), b->forward(x)));
}
