// Median stopping and ASHA on hand-made histories.
#include "training/hpo/asha_pruner.h"
#include "training/hpo/median_pruner.h"
#include "workspace/error.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dllab;
using namespace dllab::hpo;

namespace {

Trial trial(int number, TrialState state, std::map<std::int64_t, double> intermediate)
{
    Trial t;
    t.number = number;
    t.state = state;
    t.intermediate = std::move(intermediate);
    if (state == TrialState::Complete && !t.intermediate.empty())
        t.value = t.intermediate.rbegin()->second;
    return t;
}

Trial running(std::map<std::int64_t, double> intermediate)
{
    return trial(99, TrialState::Running, std::move(intermediate));
}

// Three finished losses; at step 1 they are 0.8, 1.0 and 2.0 (median 1.0).
std::vector<Trial> completedLosses()
{
    return {trial(0, TrialState::Complete, {{0, 1.0}, {1, 0.8}, {2, 0.6}}),
            trial(1, TrialState::Complete, {{0, 2.0}, {1, 1.0}, {2, 0.9}}),
            trial(2, TrialState::Complete, {{0, 3.0}, {1, 2.0}, {2, 1.0}})};
}

} // namespace

TEST(MedianPruner, StopsATrialWorseThanTheMedianAtItsStep)
{
    const MedianPruner pruner(Goal::Minimize, {3, 2});
    const auto history = completedLosses();
    EXPECT_TRUE(pruner.shouldPrune(running({{0, 1.5}, {1, 1.2}}), history));
    EXPECT_FALSE(pruner.shouldPrune(running({{0, 1.5}, {1, 0.9}}), history));
    // Its best value so far counts, not its latest.
    EXPECT_FALSE(pruner.shouldPrune(running({{0, 0.5}, {1, 1.2}}), history));
    // Equal to the median is not worse.
    EXPECT_FALSE(pruner.shouldPrune(running({{0, 1.5}, {1, 1.0}}), history));
}

TEST(MedianPruner, WaitsForStartStepAndMinTrials)
{
    const auto history = completedLosses();
    // One value reported, start_step 2: too early.
    EXPECT_FALSE(MedianPruner(Goal::Minimize, {3, 2}).shouldPrune(running({{0, 9.0}}), history));
    EXPECT_TRUE(MedianPruner(Goal::Minimize, {3, 1}).shouldPrune(running({{0, 9.0}}), history));
    // Two completed trials, three required.
    const std::vector<Trial> two(history.begin(), history.begin() + 2);
    EXPECT_FALSE(
        MedianPruner(Goal::Minimize, {3, 2}).shouldPrune(running({{0, 9.0}, {1, 9.0}}), two));
    EXPECT_TRUE(
        MedianPruner(Goal::Minimize, {2, 2}).shouldPrune(running({{0, 9.0}, {1, 9.0}}), two));
    // No completed trial reported at step 7.
    EXPECT_FALSE(
        MedianPruner(Goal::Minimize, {3, 2}).shouldPrune(running({{0, 9.0}, {7, 9.0}}), history));
}

TEST(MedianPruner, IgnoresRunningPrunedAndFailedTrialsAndItself)
{
    // Step 1 of the completed trials: 0.8, 1.0, 2.0 (median 1.0). The others' 5.0s would lift
    // the median past the trial's 1.1 if they counted.
    auto history = completedLosses();
    history.push_back(trial(3, TrialState::Pruned, {{0, 5.0}, {1, 5.0}}));
    history.push_back(trial(4, TrialState::Running, {{0, 5.0}, {1, 5.0}}));
    history.push_back(trial(5, TrialState::Failed, {{0, 5.0}, {1, 5.0}}));
    const auto self = running({{0, 1.5}, {1, 1.1}});
    history.push_back(trial(self.number, TrialState::Complete, {{0, 5.0}, {1, 5.0}})); // stale
    EXPECT_TRUE(MedianPruner(Goal::Minimize, {3, 2}).shouldPrune(self, history));
}

TEST(MedianPruner, AveragesTheMiddlePairAndMaximises)
{
    auto history = completedLosses();
    history.push_back(trial(3, TrialState::Complete, {{0, 4.0}, {1, 3.0}}));
    // Step 1: 0.8, 1.0, 2.0, 3.0 -> median 1.5.
    const MedianPruner minimize(Goal::Minimize, {3, 2});
    EXPECT_FALSE(minimize.shouldPrune(running({{0, 9.0}, {1, 1.4}}), history));
    EXPECT_TRUE(minimize.shouldPrune(running({{0, 9.0}, {1, 1.6}}), history));
    const MedianPruner maximize(Goal::Maximize, {3, 2});
    EXPECT_TRUE(maximize.shouldPrune(running({{0, 0.0}, {1, 1.4}}), history));
    EXPECT_FALSE(maximize.shouldPrune(running({{0, 0.0}, {1, 1.6}}), history));
}

TEST(MedianPruner, StopsATrialThatReportsOnlyNaN)
{
    const MedianPruner pruner(Goal::Minimize, {3, 2});
    EXPECT_TRUE(pruner.shouldPrune(running({{0, NAN}, {1, NAN}}), completedLosses()));
    EXPECT_THROW(MedianPruner(Goal::Minimize, {0, 2}), Error);
}

TEST(AshaPruner, RungsGrowByTheReductionFactor)
{
    const AshaPruner pruner(Goal::Minimize, {2, 3, 1});
    EXPECT_EQ(pruner.rungStep(0), 6); // 2 * 3^(1 + 0)
    EXPECT_EQ(pruner.rungStep(1), 18);
    EXPECT_EQ(pruner.rungStep(2), 54);
    EXPECT_THROW(AshaPruner(Goal::Minimize, {0, 3, 0}), Error);
    EXPECT_THROW(AshaPruner(Goal::Minimize, {1, 1, 0}), Error);
}

TEST(AshaPruner, PromotesTheTopFractionAtEachRung)
{
    // Rungs at steps 1, 2, 4, 8; reduction factor 2.
    const AshaPruner pruner(Goal::Minimize, {1, 2, 0});
    // Alone at a rung, a trial goes on.
    EXPECT_FALSE(pruner.shouldPrune(running({{0, 5.0}, {1, 5.0}}), {}));
    // Nothing to decide before the first rung.
    EXPECT_FALSE(pruner.shouldPrune(running({{0, 50.0}}), {}));

    const std::vector<Trial> history{
        trial(0, TrialState::Complete, {{1, 1.0}, {2, 0.5}, {4, 0.4}, {8, 0.3}}),
        trial(1, TrialState::Pruned, {{1, 2.0}, {2, 3.0}}), // stopped at rung 1; still competes
        trial(2, TrialState::Running, {{1, 3.0}})};
    // Rung 0 (step 1): with the newcomer 4 values, keep the best 2: 1.0 and 2.0.
    EXPECT_TRUE(pruner.shouldPrune(running({{0, 0.0}, {1, 2.5}}), history));
    EXPECT_FALSE(pruner.shouldPrune(running({{0, 0.0}, {1, 1.5}}), history));
    EXPECT_FALSE(pruner.shouldPrune(running({{0, 0.0}, {1, 2.0}}), history)); // ties promote
    // Rung 1 (step 2): 0.5 and 3.0 recorded; with the newcomer 3 values, keep 1.
    EXPECT_TRUE(pruner.shouldPrune(running({{1, 0.0}, {2, 0.6}}), history));
    EXPECT_FALSE(pruner.shouldPrune(running({{1, 0.0}, {2, 0.45}}), history));
    // Between rungs nothing is decided again, however bad the value.
    EXPECT_FALSE(pruner.shouldPrune(running({{1, 0.0}, {2, 0.45}, {3, 99.0}}), history));
}

TEST(AshaPruner, AReportThatJumpsRungsIsJudgedAtEach)
{
    const AshaPruner pruner(Goal::Minimize, {1, 2, 0});
    const std::vector<Trial> history{
        trial(0, TrialState::Complete, {{1, 9.0}, {2, 9.0}, {4, 0.1}}),
        trial(1, TrialState::Complete, {{1, 9.5}, {2, 9.5}, {4, 9.5}})};
    // From step 0 straight to 4: rungs 1 and 2 pass (2.0 beats 9s), rung 4 fails (0.1 and 9.5
    // recorded, keep 1 of 3).
    EXPECT_TRUE(pruner.shouldPrune(running({{0, 0.0}, {4, 2.0}}), history));
    EXPECT_FALSE(pruner.shouldPrune(running({{0, 0.0}, {4, 0.05}}), history));
}

TEST(AshaPruner, MaximisesAndStopsOnNaN)
{
    const AshaPruner pruner(Goal::Maximize, {1, 2, 0});
    const std::vector<Trial> history{trial(0, TrialState::Complete, {{1, 0.9}}),
                                     trial(1, TrialState::Complete, {{1, 0.5}}),
                                     trial(2, TrialState::Complete, {{1, 0.7}})};
    // Four values, keep the top 2: 0.9 and 0.7.
    EXPECT_TRUE(pruner.shouldPrune(running({{1, 0.6}}), history));
    EXPECT_FALSE(pruner.shouldPrune(running({{1, 0.8}}), history));
    EXPECT_TRUE(pruner.shouldPrune(running({{1, NAN}}), history));
}
