// Parameter importance (adjusted eta squared of the objective's ranks over parameter groups) on
// examples checked by hand.
#include "training/hpo/importance.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dllab::hpo;
using nlohmann::json;

namespace {

Trial complete(int number, Params params, double value)
{
    Trial t;
    t.number = number;
    t.params = std::move(params);
    t.state = TrialState::Complete;
    t.value = value;
    return t;
}

SearchSpace space()
{
    return SearchSpace::fromJson(json::parse(R"([
        {"name": "lr", "type": "double", "min": 0.0001, "max": 1, "log": true},
        {"name": "width", "type": "double", "min": -10, "max": 10},
        {"name": "act", "type": "categorical", "values": ["relu", "tanh"]}])"));
}

} // namespace

TEST(Importance, RanksAverageTies)
{
    EXPECT_EQ(fractionalRanks({3, 1, 3, 2}), (std::vector<double>{2.5, 0, 2.5, 1}));
}

TEST(Importance, AdjustedEtaSquaredByHand)
{
    // Ranks 0..3 in two groups {0, 1} and {2, 3}: between 2*1 + 2*1 = 4 of total 5; eta^2 = 0.8,
    // chance (2 - 1) / (4 - 1) = 1/3, adjusted (0.8 - 1/3) / (2/3) = 0.7.
    EXPECT_NEAR(adjustedEtaSquared({0, 0, 1, 1}, {0, 1, 2, 3}), 0.7, 1e-12);
    // Groups that explain less than chance score 0, not below.
    EXPECT_EQ(adjustedEtaSquared({0, 1, 0, 1}, {0, 1, 2, 3}), 0.0);
}

TEST(Importance, FiveTrialsInTwoGroupsEach)
{
    // Five trials: numeric parameters fall into 2 bins (ranks 0-2 and 3-4); the objective's ranks
    // are 1, 0, 3, 2, 4. chance = 1/4.
    // width bins hold objective ranks {1, 0, 3} and {2, 4}: eta^2 = (10/3) / 10, adjusted 1/9.
    // lr (falling as the objective rises) bins hold {4, 3, 2} and {1, 0}: eta^2 = 7.5 / 10,
    // adjusted 2/3; act (relu {1, 0, 2}, tanh {3, 4}) the same.
    const double objective[] = {2, 1, 4, 3, 5};
    const double lr[] = {0.1, 0.5, 0.01, 0.05, 0.001};
    const char *act[] = {"relu", "relu", "tanh", "relu", "tanh"};
    std::vector<Trial> trials;
    for (int i = 0; i < 5; ++i)
        trials.push_back(
            complete(i, {{"lr", lr[i]}, {"width", i + 1}, {"act", act[i]}}, objective[i]));
    Trial failed;
    failed.number = 5;
    failed.state = TrialState::Failed;
    failed.params = {{"lr", 0.2}, {"width", 9}, {"act", "tanh"}};
    trials.push_back(failed);

    const auto result = parameterImportance(space(), trials);
    ASSERT_EQ(result.size(), 3u);
    EXPECT_EQ(result[0].name, "lr");
    EXPECT_NEAR(result[0].value, 2.0 / 3.0, 1e-12);
    EXPECT_NEAR(result[1].value, 1.0 / 9.0, 1e-12);
    EXPECT_EQ(result[1].samples, 5);
    EXPECT_EQ(result[1].groups, 2);
    EXPECT_NEAR(result[2].value, 2.0 / 3.0, 1e-12);
}

TEST(Importance, SeesAnOptimumInsideTheRange)
{
    // objective = width^2 over width = -5.5 .. 5.5: no monotone relation (Spearman's rho is 0),
    // but 3 bins hold mean objective ranks 7.5, 1.5, 7.5: eta^2 = 96 / 140, adjusted
    // (96/140 - 2/11) / (9/11) = 0.6162.
    std::vector<Trial> trials;
    for (int i = 0; i < 12; ++i) {
        const double w = i - 5.5;
        trials.push_back(complete(i, {{"lr", 0.01}, {"width", w}, {"act", "relu"}}, w * w));
    }
    const auto result = parameterImportance(space(), trials);
    EXPECT_NEAR(result[1].value, (96.0 / 140 - 2.0 / 11) / (9.0 / 11), 1e-12);
    EXPECT_EQ(result[0].value, 0.0); // lr never changes
    EXPECT_EQ(result[2].value, 0.0);
}

TEST(Importance, TooFewTrialsOrNoSpreadIsZero)
{
    std::vector<Trial> trials{complete(0, {{"lr", 0.1}, {"width", 1}, {"act", "relu"}}, 1.0),
                              complete(1, {{"lr", 0.2}, {"width", 2}, {"act", "tanh"}}, 2.0),
                              complete(2, {{"lr", 0.3}, {"width", 3}, {"act", "relu"}}, 3.0)};
    for (const auto &entry : parameterImportance(space(), trials))
        EXPECT_EQ(entry.value, 0.0);
    trials.push_back(complete(3, {{"lr", 0.4}, {"width", 4}, {"act", "tanh"}}, 1.0));
    for (Trial &trial : trials)
        trial.value = 2.0; // a flat objective tells nothing
    for (const auto &entry : parameterImportance(space(), trials))
        EXPECT_EQ(entry.value, 0.0);
}
