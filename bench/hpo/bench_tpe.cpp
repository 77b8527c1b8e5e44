// TPE on two objectives, seeds 0..N-1, printing one JSON document: the best value per seed and the
// mean time of a suggestion. bench/hpo/tpe_vs_optuna.py defines the same objectives in Python,
// runs Optuna's TPESampler on them and prints the two side by side.
//
//   bench_hpo_tpe [--trials 100] [--seeds 10] [--first-seed 0] [--multivariate false]
//                 [--algorithm '{"name": "tpe", "consider_endpoints": true}']
// --algorithm takes a sweep spec's `algorithm` object, so any sampler and settings a sweep accepts
// can be raced; the seed is set per run.
#include "training/hpo/factory.h"
#include "training/hpo/tpe_sampler.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>

using namespace dllab::hpo;
using nlohmann::json;

namespace {

// Hartmann-6 on [0, 1]^6; minimum -3.32237.
double hartmann6(const Params &params)
{
    static constexpr double alpha[4] = {1.0, 1.2, 3.0, 3.2};
    static constexpr double a[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                       {0.05, 10, 17, 0.1, 8, 14},
                                       {3, 3.5, 1.7, 10, 17, 8},
                                       {17, 8, 0.05, 10, 0.1, 14}};
    static constexpr double p[4][6] = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
                                       {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                                       {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
                                       {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
    double sum = 0.0;
    for (int i = 0; i < 4; ++i) {
        double inner = 0.0;
        for (int j = 0; j < 6; ++j) {
            const double x = params.at("x" + std::to_string(j)).get<double>();
            inner += a[i][j] * (x - p[i][j]) * (x - p[i][j]);
        }
        sum += alpha[i] * std::exp(-inner);
    }
    return -sum;
}

SearchSpace hartmannSpace()
{
    json parameters = json::array();
    for (int j = 0; j < 6; ++j)
        parameters.push_back(
            {{"name", "x" + std::to_string(j)}, {"type", "double"}, {"min", 0.0}, {"max", 1.0}});
    return SearchSpace::fromJson(parameters);
}

// A made-up training-like objective over log, int, stepped and categorical parameters, with one
// interaction (the best learning rate moves with the batch size); minimum 0.
double mixed(const Params &params)
{
    const double lr = params.at("lr").get<double>();
    const double units = params.at("units").get<double>();
    const double layers = params.at("layers").get<double>();
    const double dropout = params.at("dropout").get<double>();
    const std::string activation = params.at("activation").get<std::string>();
    const double batch = params.at("batch_size").get<double>();
    const double lrTerm = std::log10(lr) + 2.5 - 0.25 * std::log2(batch / 64.0);
    const double activationCost = activation == "relu"   ? 0.0
                                  : activation == "gelu" ? 0.1
                                  : activation == "tanh" ? 0.4
                                                         : 1.0;
    const double batchCost = batch == 64    ? 0.0
                             : batch == 128 ? 0.05
                             : batch == 32  ? 0.1
                             : batch == 256 ? 0.2
                                            : 0.3;
    return lrTerm * lrTerm + 0.3 * std::pow(std::log2(units) - 7.5, 2)
           + 0.1 * (layers - 3.0) * (layers - 3.0) + 5.0 * (dropout - 0.2) * (dropout - 0.2)
           + activationCost + batchCost;
}

SearchSpace mixedSpace()
{
    return SearchSpace::fromJson(json::parse(R"([
        {"name": "lr", "type": "double", "min": 1e-5, "max": 1e-1, "log": true},
        {"name": "units", "type": "int", "min": 16, "max": 1024, "log": true},
        {"name": "layers", "type": "int", "min": 1, "max": 8},
        {"name": "dropout", "type": "double", "min": 0.0, "max": 0.5, "step": 0.05},
        {"name": "activation", "type": "categorical", "values": ["relu", "tanh", "sigmoid", "gelu"]},
        {"name": "batch_size", "type": "categorical", "values": [16, 32, 64, 128, 256]}])"));
}

json runObjective(const SearchSpace &space, const std::function<double(const Params &)> &objective,
                  int trials, int firstSeed, int seeds, json algorithm)
{
    using Clock = std::chrono::steady_clock;
    json best = json::array();
    double totalSeconds = 0.0;
    double tpeSeconds = 0.0; // after the 10 random startup trials
    int tpeCount = 0;
    for (int seed = firstSeed; seed < firstSeed + seeds; ++seed) {
        algorithm["seed"] = seed;
        const std::unique_ptr<Sampler> sampler = makeSampler(algorithm, space, Goal::Minimize);
        std::vector<Trial> history;
        double bestValue = INFINITY;
        for (int t = 0; t < trials; ++t) {
            const auto start = Clock::now();
            Params params = *sampler->suggest(history);
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            totalSeconds += seconds;
            if (t >= TpeSettings{}.nStartupTrials) {
                tpeSeconds += seconds;
                ++tpeCount;
            }
            const double value = objective(params);
            bestValue = std::min(bestValue, value);
            history.push_back({t, std::move(params), TrialState::Complete, value, {}});
        }
        best.push_back(bestValue);
    }
    return {{"best", best},
            {"mean_suggest_ms", 1e3 * totalSeconds / (trials * seeds)},
            {"mean_tpe_suggest_ms", tpeCount ? 1e3 * tpeSeconds / tpeCount : 0.0}};
}

} // namespace

int main(int argc, char **argv)
{
    int trials = 100;
    int seeds = 10;
    int firstSeed = 0;
    json algorithm{{"name", "tpe"}};
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--multivariate")
            algorithm["multivariate"] = std::string(argv[i + 1]) == "true";
        else if (flag == "--algorithm")
            algorithm = json::parse(argv[i + 1]);
        else if (flag == "--trials")
            trials = std::atoi(argv[i + 1]);
        else if (flag == "--seeds")
            seeds = std::atoi(argv[i + 1]);
        else if (flag == "--first-seed")
            firstSeed = std::atoi(argv[i + 1]);
        else {
            std::cerr << "usage: bench_hpo_tpe [--trials N] [--seeds N] [--first-seed N] "
                         "[--multivariate true|false] [--algorithm JSON]\n";
            return 2;
        }
    }
    json result{{"trials", trials},
                {"first_seed", firstSeed},
                {"seeds", seeds},
                {"algorithm", algorithm},
                {"hartmann6",
                 runObjective(hartmannSpace(), hartmann6, trials, firstSeed, seeds, algorithm)},
                {"mixed", runObjective(mixedSpace(), mixed, trials, firstSeed, seeds, algorithm)}};
    std::cout << result.dump(2) << '\n';
    return 0;
}
