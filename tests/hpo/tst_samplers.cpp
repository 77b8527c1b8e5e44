// Random search against the distributions it promises, and grid search against the exact product.
#include "training/hpo/grid_sampler.h"
#include "training/hpo/random_sampler.h"
#include "workspace/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

using namespace dllab;
using namespace dllab::hpo;
using nlohmann::json;

namespace {

constexpr int kDraws = 20000;

ParamSpec param(const char *text) { return ParamSpec::fromJson(json::parse(text)); }

std::vector<json> draw(const ParamSpec &spec, std::uint64_t seed, int count = kDraws)
{
    RandomSampler sampler(SearchSpace({spec}), seed);
    std::vector<json> values;
    for (int i = 0; i < count; ++i)
        values.push_back(sampler.sample().at(spec.name));
    return values;
}

// Pearson's statistic of observed counts against equal expected shares.
double chiSquare(const std::map<json, int> &counts, std::size_t categories)
{
    const double expected = static_cast<double>(kDraws) / static_cast<double>(categories);
    double statistic = 0.0;
    for (const auto &[value, count] : counts)
        statistic += (count - expected) * (count - expected) / expected;
    return statistic;
}

struct Moments {
    double mean = 0.0;
    double variance = 0.0;
};

Moments moments(const std::vector<double> &xs)
{
    Moments m;
    for (double x : xs)
        m.mean += x;
    m.mean /= static_cast<double>(xs.size());
    for (double x : xs)
        m.variance += (x - m.mean) * (x - m.mean);
    m.variance /= static_cast<double>(xs.size() - 1);
    return m;
}

} // namespace

// Tolerances are about five standard errors at 20000 draws; the seeds are fixed, so the test is
// deterministic, and a broken sampler misses by far more.
TEST(RandomSampler, UniformDoubleHasUniformMoments)
{
    std::vector<double> xs;
    for (const auto &v : draw(param(R"({"name": "x", "type": "double", "min": 2, "max": 5})"), 1)) {
        ASSERT_TRUE(v.is_number_float());
        xs.push_back(v.get<double>());
        ASSERT_GE(xs.back(), 2.0);
        ASSERT_LE(xs.back(), 5.0);
    }
    const auto m = moments(xs);
    EXPECT_NEAR(m.mean, 3.5, 0.03);
    EXPECT_NEAR(m.variance, 9.0 / 12.0, 0.03);
}

TEST(RandomSampler, LogDoubleIsUniformInLogSpace)
{
    const auto spec =
        param(R"({"name": "lr", "type": "double", "min": 1e-4, "max": 1e-1, "log": true})");
    std::vector<double> logs;
    std::map<json, int> decades;
    for (const auto &v : draw(spec, 2)) {
        const double x = v.get<double>();
        ASSERT_GE(x, 1e-4);
        ASSERT_LE(x, 1e-1);
        logs.push_back(std::log10(x));
        ++decades[static_cast<int>(std::floor(std::log10(x) + 4.0))];
    }
    const auto m = moments(logs);
    EXPECT_NEAR(m.mean, -2.5, 0.03);
    EXPECT_NEAR(m.variance, 9.0 / 12.0, 0.03);
    EXPECT_LT(chiSquare(decades, 3), 13.8); // 2 degrees of freedom, p = 0.001
}

TEST(RandomSampler, IntRespectsBoundsAndStepWithEqualShares)
{
    std::map<json, int> counts;
    for (const auto &v :
         draw(param(R"({"name": "n", "type": "int", "min": 3, "max": 12, "step": 3})"), 3)) {
        ASSERT_TRUE(v.is_number_integer());
        ++counts[v];
    }
    EXPECT_EQ(counts.size(), 4u); // 3, 6, 9, 12, ends included
    for (int value : {3, 6, 9, 12})
        EXPECT_TRUE(counts.contains(value)) << value;
    EXPECT_LT(chiSquare(counts, 4), 16.3); // 3 degrees of freedom, p = 0.001
}

TEST(RandomSampler, LogIntIsLogUniformOverHalfIntegerCells)
{
    int small = 0;
    for (const auto &v :
         draw(param(R"({"name": "n", "type": "int", "min": 1, "max": 100, "log": true})"), 4)) {
        ASSERT_TRUE(v.is_number_integer());
        ASSERT_GE(v.get<int>(), 1);
        ASSERT_LE(v.get<int>(), 100);
        small += v.get<int>() <= 10;
    }
    // As Optuna draws it: log-uniform on [0.5, 100.5], then rounded.
    const double expected = std::log(10.5 / 0.5) / std::log(100.5 / 0.5);
    EXPECT_NEAR(static_cast<double>(small) / kDraws, expected, 0.02);
}

TEST(RandomSampler, SteppedDoubleGivesEachGridValueAnEqualShare)
{
    std::map<json, int> counts;
    for (const auto &v :
         draw(param(R"({"name": "d", "type": "double", "min": 0, "max": 1, "step": 0.25})"), 5))
        ++counts[v];
    EXPECT_EQ(counts.size(), 5u);
    EXPECT_LT(chiSquare(counts, 5), 18.5); // 4 degrees of freedom, p = 0.001
}

TEST(RandomSampler, CategoricalFrequenciesAreEqual)
{
    std::map<json, int> counts;
    for (const auto &v :
         draw(param(R"({"name": "c", "type": "categorical", "values": ["a", 2, true, 4.5]})"), 6))
        ++counts[v];
    EXPECT_EQ(counts.size(), 4u);
    EXPECT_LT(chiSquare(counts, 4), 16.3);
}

TEST(RandomSampler, ASeedFixesTheSequence)
{
    const auto spec = param(R"({"name": "x", "type": "double", "min": 0, "max": 1})");
    EXPECT_EQ(draw(spec, 7, 20), draw(spec, 7, 20));
    EXPECT_NE(draw(spec, 7, 20), draw(spec, 8, 20));
}

TEST(GridSampler, EnumeratesExactlyTheProductOnce)
{
    const auto space = SearchSpace::fromJson(json::parse(R"([
        {"name": "n", "type": "int", "min": 1, "max": 3},
        {"name": "c", "type": "categorical", "values": ["a", "b"]},
        {"name": "d", "type": "double", "min": 0, "max": 1, "step": 0.5}])"));
    GridSampler sampler(space);
    ASSERT_EQ(sampler.size(), 18u);
    std::vector<Trial> history;
    std::set<std::string> seen;
    while (auto params = sampler.suggest(history)) {
        ASSERT_TRUE(space.contains(*params));
        EXPECT_TRUE(seen.insert(json(*params).dump()).second) << json(*params).dump();
        history.push_back(
            Trial{static_cast<int>(history.size()), *params, TrialState::Complete, 0.0, {}});
        ASSERT_LE(history.size(), 18u);
    }
    EXPECT_EQ(seen.size(), 18u);
    // The last parameter varies fastest; values keep their types.
    EXPECT_EQ(history[0].params, (Params{{"n", 1}, {"c", "a"}, {"d", 0.0}}));
    EXPECT_EQ(history[1].params, (Params{{"n", 1}, {"c", "a"}, {"d", 0.5}}));
    EXPECT_EQ(history[3].params, (Params{{"n", 1}, {"c", "b"}, {"d", 0.0}}));
    EXPECT_EQ(history[17].params, (Params{{"n", 3}, {"c", "b"}, {"d", 1.0}}));
    EXPECT_TRUE(history[0].params.at("n").is_number_integer());
}

TEST(GridSampler, SkipsPointsTheHistoryAlreadyHas)
{
    const auto space = SearchSpace::fromJson(json::parse(R"([
        {"name": "n", "type": "int", "min": 1, "max": 4}])"));
    GridSampler sampler(space);
    // A resumed or parallel sweep: points 1 and 3 exist (even failed or running ones count).
    std::vector<Trial> history{{0, {{"n", 1}}, TrialState::Failed, {}, {}},
                               {1, {{"n", 3}}, TrialState::Running, {}, {}}};
    EXPECT_EQ(sampler.suggest(history)->at("n"), 2);
    history.push_back({2, {{"n", 2}}, TrialState::Complete, 1.0, {}});
    EXPECT_EQ(sampler.suggest(history)->at("n"), 4);
    history.push_back({3, {{"n", 4}}, TrialState::Complete, 1.0, {}});
    EXPECT_FALSE(sampler.suggest(history));
}

TEST(GridSampler, DoublesNeedAStepOrPoints)
{
    const auto space = SearchSpace::fromJson(json::parse(R"([
        {"name": "lr", "type": "double", "min": 1e-4, "max": 1, "log": true},
        {"name": "units", "type": "int", "min": 16, "max": 256, "log": true}])"));
    try {
        GridSampler sampler(space);
        FAIL() << "expected an error";
    } catch (const Error &error) {
        EXPECT_NE(std::string(error.what()).find("parameter \"lr\": grid search needs a \"step\""),
                  std::string::npos)
            << error.what();
    }
    // With points, log parameters get geometric grids (log ints too).
    const auto lr = gridValues(space.params()[0], {5});
    ASSERT_EQ(lr.size(), 5u);
    const double expected[] = {1e-4, 1e-3, 1e-2, 1e-1, 1.0};
    for (std::size_t i = 0; i < 5; ++i)
        EXPECT_NEAR(lr[i].get<double>(), expected[i], 1e-12 * expected[i]);
    EXPECT_EQ(gridValues(space.params()[1], {5}), (std::vector<json>{16, 32, 64, 128, 256}));
    EXPECT_EQ(GridSampler(space, {5}).size(), 25u);
}
