// Parameter importance: Spearman's rho and the correlation ratio on hand-checked examples.
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
        {"name": "width", "type": "int", "min": 1, "max": 10},
        {"name": "act", "type": "categorical", "values": ["relu", "tanh"]}])"));
}

} // namespace

TEST(Importance, RanksAverageTies)
{
    EXPECT_EQ(fractionalRanks({3, 1, 3, 2}), (std::vector<double>{2.5, 0, 2.5, 1}));
}

TEST(Importance, SpearmanAndEtaOnAKnownExample)
{
    // width ranks 0..4 against objective ranks 1,0,3,2,4: rho = 1 - 6*4/(5*24) = 0.8.
    // lr falls as the objective rises: |rho| = 1, whatever the log scale.
    // act: relu holds objective ranks {0, 1, 2}, tanh {3, 4}; of the total sum of squares 10,
    // 3*1 + 2*2.25 = 7.5 lies between the groups: eta^2 = 0.75.
    const double objective[] = {2, 1, 4, 3, 5};
    const double lr[] = {0.1, 0.5, 0.01, 0.05, 0.001};
    const char *act[] = {"relu", "relu", "tanh", "relu", "tanh"};
    std::vector<Trial> trials;
    for (int i = 0; i < 5; ++i)
        trials.push_back(complete(i, {{"lr", lr[i]}, {"width", i + 1}, {"act", act[i]}}, objective[i]));
    Trial failed;
    failed.number = 5;
    failed.state = TrialState::Failed;
    failed.params = {{"lr", 0.2}, {"width", 9}, {"act", "tanh"}};
    trials.push_back(failed);

    const auto result = parameterImportance(space(), trials);
    ASSERT_EQ(result.size(), 3u);
    EXPECT_EQ(result[0].name, "lr");
    EXPECT_EQ(result[0].method, "spearman");
    EXPECT_NEAR(result[0].value, 1.0, 1e-12);
    EXPECT_NEAR(result[1].value, 0.8, 1e-12);
    EXPECT_EQ(result[1].samples, 5);
    EXPECT_EQ(result[2].method, "eta");
    EXPECT_NEAR(result[2].value, std::sqrt(0.75), 1e-12);
}

TEST(Importance, TooFewTrialsOrNoSpreadIsZero)
{
    std::vector<Trial> trials{complete(0, {{"lr", 0.1}, {"width", 1}, {"act", "relu"}}, 1.0),
                              complete(1, {{"lr", 0.2}, {"width", 2}, {"act", "tanh"}}, 2.0)};
    for (const auto &entry : parameterImportance(space(), trials))
        EXPECT_EQ(entry.value, 0.0);
    trials.push_back(complete(2, {{"lr", 0.3}, {"width", 3}, {"act", "relu"}}, 2.0));
    trials[0].value = trials[1].value = 2.0; // a flat objective tells nothing
    for (const auto &entry : parameterImportance(space(), trials))
        EXPECT_EQ(entry.value, 0.0);
}
