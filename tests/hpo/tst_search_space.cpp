// The sweep spec's parameter list: parsing, the errors a user sees, and the internal numbers
// samplers work with. Also the factory that reads `algorithm` and `earlyStopping`.
#include "training/hpo/factory.h"
#include "training/hpo/search_space.h"
#include "workspace/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

using namespace dllab;
using namespace dllab::hpo;
using nlohmann::json;

namespace {

std::string errorOf(const std::function<void()> &action)
{
    try {
        action();
    } catch (const Error &error) {
        return error.what();
    }
    return "(no error)";
}

} // namespace

TEST(SearchSpace, ParsesTheIssueExample)
{
    const auto space = SearchSpace::fromJson(json::parse(R"([
        {"name": "optimizer.lr", "type": "double", "min": 1e-4, "max": 1e-1, "log": true},
        {"name": "model.hidden.0", "type": "int", "min": 32, "max": 512, "log": true},
        {"name": "batch_size", "type": "categorical", "values": [32, 64, 128, 256]},
        {"name": "dropout", "type": "double", "min": 0, "max": 0.5, "step": 0.05}])"));
    ASSERT_EQ(space.size(), 4u);
    const auto &lr = space.params()[0];
    EXPECT_EQ(lr.name, "optimizer.lr");
    EXPECT_EQ(lr.type, ParamType::Double);
    EXPECT_TRUE(lr.log);
    EXPECT_DOUBLE_EQ(lr.min, 1e-4);
    EXPECT_DOUBLE_EQ(lr.max, 1e-1);
    const auto &hidden = *space.find("model.hidden.0");
    EXPECT_EQ(hidden.type, ParamType::Int);
    EXPECT_EQ(hidden.step, 1.0);
    EXPECT_EQ(space.find("batch_size")->values, (std::vector<json>{32, 64, 128, 256}));
    EXPECT_DOUBLE_EQ(space.find("dropout")->step, 0.05);
    EXPECT_EQ(space.find("nope"), nullptr);
    // The JSON form reads back to the same space.
    EXPECT_EQ(SearchSpace::fromJson(space.toJson()).toJson(), space.toJson());
}

struct BadParameter {
    const char *json;
    const char *message; // a substring the error must contain
};

class SearchSpaceErrors : public testing::TestWithParam<BadParameter> {};

TEST_P(SearchSpaceErrors, NameTheParameterAndTheProblem)
{
    const auto message = errorOf([] { SearchSpace::fromJson(json::parse(GetParam().json)); });
    EXPECT_NE(message.find(GetParam().message), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SearchSpaceErrors,
    testing::Values(
        BadParameter{R"({"name": "x"})", "must be a list"}, BadParameter{R"([])", "is empty"},
        BadParameter{R"([42])", "parameter #1: expected an object"},
        BadParameter{R"([{"name": "a", "type": "int", "min": 0, "max": 3}, {"type": "int"}])",
                     "parameter #2: missing \"name\""},
        BadParameter{R"([{"name": "a..b", "type": "int", "min": 0, "max": 3}])",
                     "parameter \"a..b\": the name must be a dotted path"},
        BadParameter{R"([{"name": "x", "type": "float", "min": 0, "max": 1}])",
                     "parameter \"x\": unknown type \"float\""},
        BadParameter{R"([{"name": "x", "min": 0, "max": 1}])", "parameter \"x\": missing \"type\""},
        BadParameter{R"([{"name": "x", "type": "double", "max": 1}])",
                     "parameter \"x\": missing \"min\""},
        BadParameter{R"([{"name": "x", "type": "double", "min": "0", "max": 1}])",
                     "parameter \"x\": \"min\" must be a number"},
        BadParameter{R"([{"name": "x", "type": "double", "min": 1, "max": 1}])",
                     "parameter \"x\": \"min\" must be less than \"max\""},
        BadParameter{R"([{"name": "x", "type": "double", "min": 0, "max": 1, "log": true}])",
                     "parameter \"x\": a log parameter needs \"min\" > 0"},
        BadParameter{R"([{"name": "x", "type": "double", "min": 1, "max": 2, "log": "yes"}])",
                     "parameter \"x\": \"log\" must be true or false"},
        BadParameter{R"([{"name": "x", "type": "int", "min": 0.5, "max": 4}])",
                     "parameter \"x\": an int parameter's \"min\" and \"max\" must be whole"},
        BadParameter{R"([{"name": "x", "type": "int", "min": 0, "max": 4, "step": 1.5}])",
                     "parameter \"x\": an int parameter's \"step\" must be a whole number"},
        BadParameter{R"([{"name": "x", "type": "double", "min": 0, "max": 1, "step": -0.1}])",
                     "parameter \"x\": \"step\" must be positive"},
        BadParameter{
            R"([{"name": "x", "type": "double", "min": 1, "max": 8, "log": true, "step": 1}])",
            "parameter \"x\": \"step\" cannot be combined with \"log\""},
        BadParameter{
            R"([{"name": "x", "type": "double", "min": 0, "max": 1, "step": 0.3}])",
            "parameter \"x\": max - min is not a multiple of \"step\" (0.3); use \"max\": 0.9"},
        BadParameter{R"([{"name": "x", "type": "int", "min": 0, "max": 4, "values": [1]}])",
                     "parameter \"x\": \"values\" is only for categorical parameters"},
        BadParameter{R"([{"name": "x", "type": "categorical"}])",
                     "parameter \"x\": a categorical parameter needs \"values\""},
        BadParameter{R"([{"name": "x", "type": "categorical", "values": []}])",
                     "parameter \"x\": \"values\" must be a non-empty list"},
        BadParameter{R"([{"name": "x", "type": "categorical", "values": [1, "a", 1]}])",
                     "parameter \"x\": \"values\" lists 1 twice"},
        BadParameter{R"([{"name": "x", "type": "categorical", "values": [[1]]}])",
                     "parameter \"x\": each of \"values\" must be a number, string or boolean"},
        BadParameter{R"([{"name": "x", "type": "categorical", "values": [1, 2], "min": 1}])",
                     "parameter \"x\": \"min\" does not apply to a categorical parameter"},
        BadParameter{R"([{"name": "x", "type": "int", "min": 0, "max": 4, "mn": 1}])",
                     "parameter \"x\": unknown key \"mn\""},
        BadParameter{R"([{"name": "x", "type": "int", "min": 0, "max": 4},
                         {"name": "x", "type": "int", "min": 0, "max": 4}])",
                     "parameter \"x\" is listed twice"}));

TEST(SearchSpace, InternalNumbersRoundTrip)
{
    const auto space = SearchSpace::fromJson(json::parse(R"([
        {"name": "lr", "type": "double", "min": 1e-4, "max": 1e-1, "log": true},
        {"name": "units", "type": "int", "min": 32, "max": 512, "log": true},
        {"name": "layers", "type": "int", "min": 1, "max": 9, "step": 2},
        {"name": "act", "type": "categorical", "values": ["relu", "tanh", 3]}])"));
    const auto &lr = space.params()[0];
    EXPECT_DOUBLE_EQ(*lr.toInternal(1e-2), std::log(1e-2));
    EXPECT_DOUBLE_EQ(lr.toExternal(std::log(1e-2)).get<double>(), 1e-2);
    EXPECT_FALSE(lr.toInternal(0.5));
    EXPECT_FALSE(lr.toInternal("0.01"));
    EXPECT_DOUBLE_EQ(lr.internalLow(), std::log(1e-4));

    const auto &units = space.params()[1];
    EXPECT_TRUE(units.toExternal(std::log(100.4)).is_number_integer());
    EXPECT_EQ(units.toExternal(std::log(100.4)), 100);
    EXPECT_EQ(units.toExternal(std::log(1000.0)), 512); // clipped into range
    EXPECT_DOUBLE_EQ(units.internalLow(), std::log(31.5));
    EXPECT_EQ(units.internalStep(), 0.0); // continuous in log space, as in Optuna

    const auto &layers = space.params()[2];
    EXPECT_EQ(layers.toExternal(4.2), 5); // on the step grid from min
    EXPECT_EQ(layers.toExternal(3.9), 3);
    EXPECT_DOUBLE_EQ(layers.internalLow(), 0.0);
    EXPECT_DOUBLE_EQ(layers.internalHigh(), 10.0);
    EXPECT_TRUE(layers.toInternal(json(5.0))); // 5.0 is a whole number
    EXPECT_FALSE(layers.toInternal(json(5.5)));

    const auto &act = space.params()[3];
    EXPECT_EQ(*act.toInternal("tanh"), 1.0);
    EXPECT_EQ(*act.toInternal(3.0), 2.0); // JSON numbers compare by value
    EXPECT_FALSE(act.toInternal("gelu"));
    EXPECT_EQ(act.toExternal(2.0), 3);

    EXPECT_TRUE(space.contains({{"lr", 0.01}, {"units", 64}, {"layers", 3}, {"act", "relu"}}));
    EXPECT_FALSE(space.contains({{"lr", 0.01}, {"units", 64}, {"layers", 3}}));
}

TEST(Factory, MakesSamplersFromTheAlgorithmObject)
{
    const auto space = SearchSpace::fromJson(
        json::parse(R"([{"name": "x", "type": "double", "min": 0, "max": 1}])"));
    EXPECT_TRUE(makeSampler(json::parse(R"({"name": "tpe", "seed": 3,
        "settings": {"n_startup_trials": 5, "consider_endpoints": true}})"),
                            space, Goal::Minimize));
    // Katib's form: a list of name/value strings.
    EXPECT_TRUE(makeSampler(json::parse(R"({"name": "tpe",
        "settings": [{"name": "n_ei_candidates", "value": "48"}]})"),
                            space, Goal::Maximize));
    EXPECT_TRUE(
        makeSampler(json::parse(R"({"name": "random", "seed": 1})"), space, Goal::Minimize));
    EXPECT_TRUE(makeSampler(json::parse(R"({"name": "grid", "settings": {"points": 3}})"), space,
                            Goal::Minimize));

    auto error = [&](const char *text) {
        return errorOf([&] { makeSampler(json::parse(text), space, Goal::Minimize); });
    };
    EXPECT_EQ(error(R"({"name": "bayes"})"),
              "unknown algorithm \"bayes\" (expected grid, random or tpe)");
    EXPECT_EQ(error(R"({"name": "tpe", "settings": {"n_startup": 5}})"),
              "algorithm \"tpe\": unknown setting \"n_startup\"");
    EXPECT_EQ(error(R"({"name": "tpe", "settings": {"n_ei_candidates": "many"}})"),
              "algorithm \"tpe\": setting \"n_ei_candidates\" must be a number");
    EXPECT_EQ(error(R"({"name": "tpe", "settings": {"n_startup_trials": 2.5}})"),
              "algorithm \"tpe\": setting \"n_startup_trials\" must be a whole number");
    EXPECT_EQ(error(R"({"name": "tpe", "seed": -1})"),
              "algorithm \"tpe\": \"seed\" must be a whole number >= 0");
    EXPECT_NE(error(R"({"name": "grid"})").find("grid search needs a \"step\""), std::string::npos);
    EXPECT_EQ(error(R"({"seed": 1})"), "\"algorithm\" needs a \"name\"");
}

TEST(Factory, MakesPrunersFromTheEarlyStoppingObject)
{
    EXPECT_EQ(makePruner(json(), Goal::Minimize), nullptr);
    EXPECT_EQ(makePruner(json::parse(R"({"name": "none"})"), Goal::Minimize), nullptr);
    EXPECT_TRUE(makePruner(json::parse(R"({"name": "median"})"), Goal::Maximize));
    EXPECT_TRUE(makePruner(json::parse(R"({"name": "median", "min_trials_required": 5,
        "start_step": 1})"),
                           Goal::Maximize));
    EXPECT_TRUE(makePruner(json::parse(R"({"name": "asha",
        "settings": {"min_resource": 2, "reduction_factor": 3}})"),
                           Goal::Minimize));
    auto error = [](const char *text) {
        return errorOf([&] { makePruner(json::parse(text), Goal::Minimize); });
    };
    EXPECT_EQ(error(R"({"name": "hyperband"})"),
              "unknown early stopping \"hyperband\" (expected none, median or asha)");
    EXPECT_EQ(error(R"({"name": "median", "start": 2})"),
              "early stopping \"median\": unknown setting \"start\"");
    EXPECT_EQ(error(R"({"name": "asha", "reduction_factor": 1})"),
              "asha: reduction_factor must be at least 2");
}
