// Every sampler and every pruner through the same contract (TEST_P): a sampler is reproducible
// with its seed and keeps to the space (bounds, log-scaled ones too, step, integers, categorical
// values, each value offered; tst_samplers checks random search's distributions); a pruner decides
// from its inputs alone, never prunes without a history and ignores the trial's own entry in it.
#include "training/hpo/factory.h"
#include "training/hpo/pruner.h"
#include "training/hpo/sampler.h"
#include "training/hpo/search_space.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace dllab::hpo;
using nlohmann::json;

namespace {

constexpr int kTrials = 60;

SearchSpace space()
{
    return SearchSpace::fromJson(json::parse(R"([
        {"name": "lr", "type": "double", "min": 1e-5, "max": 1e-1, "log": true},
        {"name": "dropout", "type": "double", "min": 0.0, "max": 0.5, "step": 0.1},
        {"name": "hidden", "type": "int", "min": 16, "max": 512, "log": true},
        {"name": "layers", "type": "int", "min": 1, "max": 4},
        {"name": "optimizer", "type": "categorical", "values": ["adam", "sgd", "adamw"]}])"));
}

// A smooth objective, so that model-based samplers have something to follow.
double objective(const Params &p)
{
    return std::abs(std::log10(p.at("lr").get<double>()) + 3) + p.at("dropout").get<double>()
           + (p.at("optimizer") == "sgd" ? 0.5 : 0.0) + 0.01 * p.at("layers").get<double>();
}

// kTrials suggestions, each completed with its objective before the next is asked.
std::vector<Params> runSampler(const json &algorithm)
{
    const auto sampler = makeSampler(algorithm, space(), Goal::Minimize);
    std::vector<Trial> history;
    std::vector<Params> suggested;
    for (int i = 0; i < kTrials; ++i) {
        const std::optional<Params> params = sampler->suggest(history);
        if (!params)
            break; // a grid ran out
        suggested.push_back(*params);
        Trial t;
        t.number = i;
        t.params = *params;
        t.state = TrialState::Complete;
        t.value = objective(*params);
        history.push_back(t);
    }
    return suggested;
}

class SamplerContract : public testing::TestWithParam<const char *> {
protected:
    json algorithm() const { return json::parse(GetParam()); }
};

} // namespace

TEST_P(SamplerContract, IsReproducibleWithItsSeed)
{
    const auto first = runSampler(algorithm());
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(runSampler(algorithm()), first);
    json other = algorithm();
    other["seed"] = other.value("seed", 0) + 1;
    if (other["name"] != "grid") { // a grid's order is its own
        EXPECT_NE(runSampler(other), first);
    }
}

TEST_P(SamplerContract, KeepsToTheSpace)
{
    std::set<json> optimizers;
    for (const Params &p : runSampler(algorithm())) {
        ASSERT_EQ(p.size(), 5u);
        const double lr = p.at("lr").get<double>();
        EXPECT_GE(lr, 1e-5);
        EXPECT_LE(lr, 1e-1);
        const double dropout = p.at("dropout").get<double>();
        EXPECT_GE(dropout, 0.0);
        EXPECT_LE(dropout, 0.5);
        EXPECT_NEAR(dropout * 10, std::round(dropout * 10), 1e-9) << "off its step: " << dropout;
        for (const char *name : {"hidden", "layers"})
            EXPECT_TRUE(p.at(name).is_number_integer()) << name << " = " << p.at(name);
        EXPECT_GE(p.at("hidden").get<int>(), 16);
        EXPECT_LE(p.at("hidden").get<int>(), 512);
        EXPECT_GE(p.at("layers").get<int>(), 1);
        EXPECT_LE(p.at("layers").get<int>(), 4);
        optimizers.insert(p.at("optimizer"));
    }
    EXPECT_EQ(optimizers, (std::set<json>{"adam", "sgd", "adamw"})); // every value offered
}

INSTANTIATE_TEST_SUITE_P(
    Samplers, SamplerContract,
    testing::Values(
        R"({"name": "random", "seed": 3})",
        R"({"name": "grid", "seed": 3, "settings": {"points": 3}})",
        R"({"name": "tpe", "seed": 3})",
        R"({"name": "tpe", "seed": 3, "settings": {"multivariate": true, "n_startup_trials": 5}})"),
    [](const testing::TestParamInfo<const char *> &info) {
        return std::string(json::parse(info.param)["name"]) + std::to_string(info.index);
    });

namespace {

Trial reported(int number, TrialState state, std::map<std::int64_t, double> values)
{
    Trial t;
    t.number = number;
    t.state = state;
    t.intermediate = std::move(values);
    if (state == TrialState::Complete)
        t.value = t.intermediate.rbegin()->second;
    return t;
}

class PrunerContract : public testing::TestWithParam<const char *> {
protected:
    std::unique_ptr<Pruner> pruner(Goal goal = Goal::Minimize) const
    {
        return makePruner(json::parse(GetParam()), goal);
    }
};

} // namespace

TEST_P(PrunerContract, NeverPrunesWithoutAHistory)
{
    const Trial awful = reported(0, TrialState::Running, {{1, 1e9}, {2, 1e9}, {4, 1e9}, {8, 1e9}});
    EXPECT_FALSE(pruner()->shouldPrune(awful, {}));
    EXPECT_FALSE(pruner()->shouldPrune(awful, {awful})); // its own entry is no history
}

TEST_P(PrunerContract, DecidesFromItsInputsAlone)
{
    std::vector<Trial> history;
    for (int i = 0; i < 8; ++i)
        history.push_back(reported(i, TrialState::Complete,
                                   {{1, 1.0 - 0.01 * i}, {2, 0.9 - 0.01 * i}, {4, 0.8}, {8, 0.7}}));
    const Trial worse = reported(8, TrialState::Running, {{1, 5.0}, {2, 5.0}, {4, 5.0}, {8, 5.0}});
    const Trial better = reported(9, TrialState::Running, {{1, 0.1}, {2, 0.1}, {4, 0.1}, {8, 0.1}});
    const auto p = pruner();
    EXPECT_TRUE(p->shouldPrune(worse, history));
    EXPECT_TRUE(p->shouldPrune(worse, history)); // no state kept between calls
    EXPECT_TRUE(pruner()->shouldPrune(worse, history));
    EXPECT_FALSE(p->shouldPrune(better, history));
    // The goal turns it round: a large value is the good one when maximizing.
    EXPECT_FALSE(pruner(Goal::Maximize)->shouldPrune(worse, history));
}

INSTANTIATE_TEST_SUITE_P(
    Pruners, PrunerContract,
    testing::Values(R"({"name": "median", "min_trials_required": 3, "start_step": 1})",
                    R"({"name": "asha", "min_resource": 1, "reduction_factor": 2})"),
    [](const testing::TestParamInfo<const char *> &info) {
        return std::string(json::parse(info.param)["name"]);
    });
