// TPE: its startup phase is plain random search, its split follows Optuna's ranking, and after
// that it concentrates where the objective is good.
#include "training/hpo/random_sampler.h"
#include "training/hpo/tpe_sampler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace dllab::hpo;
using nlohmann::json;

namespace {

SearchSpace oneDouble()
{
    return SearchSpace::fromJson(
        json::parse(R"([{"name": "x", "type": "double", "min": -10, "max": 10}])"));
}

// Runs `trials` sequential trials of `objective` and returns them.
std::vector<Trial> optimize(Sampler &sampler, int trials,
                            const std::function<double(const Params &)> &objective)
{
    std::vector<Trial> history;
    for (int i = 0; i < trials; ++i) {
        Trial trial{i, *sampler.suggest(history), TrialState::Running, {}, {}};
        trial.value = objective(trial.params);
        trial.state = TrialState::Complete;
        history.push_back(trial);
    }
    return history;
}

double quadratic(const Params &params)
{
    const double x = params.at("x").get<double>();
    return (x - 2.0) * (x - 2.0);
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

} // namespace

TEST(Tpe, GammaIsOptunasDefault)
{
    EXPECT_EQ(defaultGamma(0), 0);
    EXPECT_EQ(defaultGamma(1), 1);
    EXPECT_EQ(defaultGamma(10), 1);
    EXPECT_EQ(defaultGamma(11), 2);
    EXPECT_EQ(defaultGamma(100), 10);
    EXPECT_EQ(defaultGamma(241), 25);
    EXPECT_EQ(defaultGamma(1000), 25);
}

TEST(Tpe, StartupTrialsAreRandomSearch)
{
    const auto space = SearchSpace::fromJson(json::parse(R"([
        {"name": "lr", "type": "double", "min": 1e-5, "max": 1, "log": true},
        {"name": "n", "type": "int", "min": 1, "max": 8},
        {"name": "c", "type": "categorical", "values": ["a", "b", "c"]}])"));
    TpeSampler tpe(space, Goal::Minimize, {}, 42);
    RandomSampler random(space, 42);
    std::vector<Trial> history;
    for (int i = 0; i < 9; ++i) {
        const auto params = *tpe.suggest(history);
        EXPECT_EQ(params, random.sample()) << "trial " << i;
        history.push_back({i, params, TrialState::Complete, static_cast<double>(i), {}});
    }
    // Failed and running trials do not count towards the startup phase.
    for (auto state : {TrialState::Failed, TrialState::Running}) {
        const auto params = *tpe.suggest(history);
        EXPECT_EQ(params, random.sample());
        history.push_back({static_cast<int>(history.size()), params, state, {}, {{0, 1.0}}});
    }
    history.push_back({11, *tpe.suggest(history), TrialState::Complete, 0.5, {}});
    EXPECT_EQ(history.back().params, random.sample());
    // The tenth observation switches to the Parzen estimators.
    EXPECT_NE(*tpe.suggest(history), random.sample());
}

TEST(Tpe, ASeedFixesTheSequence)
{
    auto run = [](std::uint64_t seed) {
        TpeSampler tpe(oneDouble(), Goal::Minimize, {}, seed);
        std::vector<double> xs;
        for (const auto &trial : optimize(tpe, 25, quadratic))
            xs.push_back(trial.params.at("x").get<double>());
        return xs;
    };
    EXPECT_EQ(run(5), run(5));
    EXPECT_NE(run(5), run(6));
}

TEST(Tpe, SplitRanksCompleteThenPrunedByProgressAsOptunaDoes)
{
    TpeSampler tpe(oneDouble(), Goal::Maximize, {}, 0);
    std::vector<Trial> history;
    // 11 observations, so gamma gives 2 good ones.
    for (int i = 0; i < 8; ++i)
        history.push_back({i, {{"x", i}}, TrialState::Complete, static_cast<double>(i), {}});
    history.push_back({8, {{"x", 8}}, TrialState::Pruned, {}, {{0, 100.0}, {3, 50.0}}});
    history.push_back({9, {{"x", 9}}, TrialState::Pruned, {}, {}});
    history.push_back({10, {{"x", -1}}, TrialState::Failed, {}, {}});
    history.push_back({11, {{"x", -2}}, TrialState::Running, {}, {{5, 1000.0}}});
    history.push_back({12, {{"x", 9}}, TrialState::Complete, 6.5, {}});
    const auto split = tpe.split(history);
    ASSERT_EQ(split.below.size(), 2u);
    ASSERT_EQ(split.above.size(), 9u);
    // Maximising: the best complete trials (7 and 6.5) win over a pruned trial's high value,
    // and both groups keep history order.
    EXPECT_EQ(split.below[0]->number, 7);
    EXPECT_EQ(split.below[1]->number, 12);
    EXPECT_EQ(split.above.front()->number, 0);
    EXPECT_EQ(split.above.back()->number, 9);
}

TEST(Tpe, ConcentratesNearTheOptimumOfAQuadratic)
{
    // Over 20 seeds, 30 trials each: TPE's later trials sit much nearer x = 2 than random's,
    // and its best values are better.
    std::vector<double> tpeDistance, randomDistance, tpeBest, randomBest;
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        TpeSampler tpe(oneDouble(), Goal::Minimize, {}, seed);
        RandomSampler random(oneDouble(), seed);
        for (auto [sampler, distance, best] :
             {std::tuple<Sampler *, std::vector<double> *, std::vector<double> *>{
                  &tpe, &tpeDistance, &tpeBest},
              {&random, &randomDistance, &randomBest}}) {
            const auto history = optimize(*sampler, 30, quadratic);
            double bestValue = INFINITY;
            for (std::size_t i = 0; i < history.size(); ++i) {
                bestValue = std::min(bestValue, *history[i].value);
                if (i >= 20)
                    distance->push_back(std::sqrt(*history[i].value));
            }
            best->push_back(bestValue);
        }
    }
    EXPECT_LT(median(tpeDistance), 0.5 * median(randomDistance))
        << median(tpeDistance) << " vs " << median(randomDistance);
    EXPECT_LT(median(tpeBest), 0.5 * median(randomBest))
        << median(tpeBest) << " vs " << median(randomBest);
    EXPECT_LT(median(tpeBest), 0.05);
}

TEST(Tpe, MaximisesToo)
{
    std::vector<double> tpeDistance, randomDistance;
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
        TpeSampler tpe(oneDouble(), Goal::Maximize, {}, seed);
        RandomSampler random(oneDouble(), seed);
        for (auto [sampler, distance] :
             {std::pair<Sampler *, std::vector<double> *>{&tpe, &tpeDistance},
              {&random, &randomDistance}}) {
            const auto history =
                optimize(*sampler, 40, [](const Params &p) { return -quadratic(p); });
            for (std::size_t i = 30; i < history.size(); ++i)
                distance->push_back(std::fabs(history[i].params.at("x").get<double>() - 2.0));
        }
    }
    EXPECT_LT(median(tpeDistance), 0.5 * median(randomDistance))
        << median(tpeDistance) << " vs " << median(randomDistance);
}

TEST(Tpe, MixedSpaceSuggestionsStayInTheSpaceAndFindTheGoodChoice)
{
    const auto space = SearchSpace::fromJson(json::parse(R"([
        {"name": "lr", "type": "double", "min": 1e-5, "max": 1, "log": true},
        {"name": "units", "type": "int", "min": 16, "max": 1024, "log": true},
        {"name": "layers", "type": "int", "min": 1, "max": 9, "step": 2},
        {"name": "drop", "type": "double", "min": 0, "max": 0.5, "step": 0.1},
        {"name": "act", "type": "categorical", "values": ["relu", "tanh", "sigmoid", "gelu"]}])"));
    TpeSampler tpe(space, Goal::Minimize, {}, 9);
    const auto history = optimize(tpe, 60, [](const Params &p) {
        const double act = p.at("act") == "tanh" ? 0.0 : 1.0;
        return std::pow(std::log10(p.at("lr").get<double>()) + 3.0, 2)
               + std::pow(std::log2(p.at("units").get<double>()) - 7.0, 2) * 0.2
               + std::fabs(p.at("layers").get<int>() - 5) * 0.1 + p.at("drop").get<double>() + act;
    });
    int tanh = 0;
    for (std::size_t i = 0; i < history.size(); ++i) {
        ASSERT_TRUE(space.contains(history[i].params)) << json(history[i].params).dump();
        EXPECT_TRUE(history[i].params.at("units").is_number_integer());
        if (i >= 40)
            tanh += history[i].params.at("act") == "tanh";
    }
    EXPECT_GE(tanh, 12) << "of the last 20 trials";
}

TEST(Tpe, MultivariateFollowsAnInteractionAndStaysInTheSpace)
{
    // The good learning rate depends on the batch size (as in training): the joint kernels of
    // multivariate TPE find the pairs that work together.
    const auto space = SearchSpace::fromJson(json::parse(R"([
        {"name": "lr", "type": "double", "min": 1e-5, "max": 1, "log": true},
        {"name": "batch", "type": "categorical", "values": [16, 64, 256]},
        {"name": "layers", "type": "int", "min": 1, "max": 8}])"));
    const auto objective = [](const Params &p) {
        const double batch = p.at("batch").get<double>();
        return std::pow(std::log10(p.at("lr").get<double>()) + 3.0 - 0.5 * std::log2(batch / 64.0),
                        2)
               + 0.1 * std::abs(p.at("layers").get<int>() - 3);
    };
    std::vector<double> multivariateBest, independentBest;
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
        for (bool multivariate : {true, false}) {
            TpeSettings settings;
            settings.multivariate = multivariate;
            TpeSampler tpe(space, Goal::Minimize, settings, seed);
            const auto history = optimize(tpe, 40, objective);
            double best = INFINITY;
            for (const Trial &trial : history) {
                ASSERT_TRUE(space.contains(trial.params)) << json(trial.params).dump();
                best = std::min(best, *trial.value);
            }
            (multivariate ? multivariateBest : independentBest).push_back(best);
        }
    }
    EXPECT_LT(median(multivariateBest), 0.01);
    // Same seed, same suggestions.
    TpeSettings settings;
    settings.multivariate = true;
    TpeSampler a(space, Goal::Minimize, settings, 4), b(space, Goal::Minimize, settings, 4);
    const auto first = optimize(a, 15, objective), second = optimize(b, 15, objective);
    for (std::size_t i = 0; i < first.size(); ++i)
        EXPECT_EQ(json(first[i].params), json(second[i].params));
    std::printf("median best over 10 seeds: multivariate %.4f, independent %.4f\n",
                median(multivariateBest), median(independentBest));
}
