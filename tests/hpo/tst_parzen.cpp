// The Parzen estimator against numbers Optuna 3.1 computes on the same small inputs, and the
// normal-distribution helpers beneath it.
//
// Expected values come from Debian's python3-optuna 3.1.0, computed once with /usr/bin/python3:
//
//   import numpy as np
//   from optuna import distributions as d
//   from optuna.samplers._tpe.parzen_estimator import (_ParzenEstimator,
//                                                      _ParzenEstimatorParameters)
//   from optuna.samplers._tpe.sampler import default_weights
//   params = _ParzenEstimatorParameters(True, 1.0, True, False, default_weights, False)
//   # (consider_prior, prior_weight, consider_magic_clip, consider_endpoints, weights,
//   multivariate) def show(dist, obs, xs):
//       pe = _ParzenEstimator({"x": np.asarray(obs, dtype=float)}, {"x": dist}, params)
//       print(pe._weights.tolist(), pe._mus["x"], pe._sigmas["x"], pe._categorical_weights["x"])
//       cat = isinstance(dist, d.CategoricalDistribution)
//       print(pe.log_pdf({"x": np.asarray(xs, dtype=int if cat else float)}).tolist())
//   show(d.FloatDistribution(0.0, 10.0), [1.0, 2.5, 7.0, 3.0], [0.5, 2.0, 6.0, 9.5])
//   show(d.FloatDistribution(1e-4, 1e-1, log=True), [1e-3, 3e-2, 5e-4], [2e-4, 1e-3, 5e-2])
//   show(d.IntDistribution(1, 8), [2, 5, 7, 4], [1, 3, 5, 8])
//   show(d.FloatDistribution(0.0, 1.0, step=0.25), [0.25, 1.0], [0.0, 0.5, 1.0])
//   show(d.CategoricalDistribution(["a", "b", "c"]), [0, 2, 2, 1], [0, 1, 2])
//   show(d.FloatDistribution(0.0, 10.0), [((i * 7) % 30) / 3.0 for i in range(30)], [5.0])
//   print(default_weights(30).tolist())
#include "training/hpo/parzen_estimator.h"
#include "training/hpo/truncated_normal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using namespace dllab::hpo;
using nlohmann::json;

namespace {

ParamSpec param(const char *text) { return ParamSpec::fromJson(json::parse(text)); }

void expectAllNear(const std::vector<double> &actual, const std::vector<double> &expected,
                   double tolerance = 1e-12)
{
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_NEAR(actual[i], expected[i], tolerance * std::max(1.0, std::fabs(expected[i])))
            << "at " << i;
}

std::vector<double> logPdfs(const ParzenEstimator &estimator, const std::vector<double> &xs)
{
    std::vector<double> result;
    for (double x : xs)
        result.push_back(estimator.logPdf(x));
    return result;
}

} // namespace

TEST(ParzenEstimator, MatchesOptunaOnAContinuousParameter)
{
    const ParzenEstimator pe(param(R"({"name": "x", "type": "double", "min": 0, "max": 10})"),
                             {1.0, 2.5, 7.0, 3.0});
    expectAllNear(pe.weights(), {0.2, 0.2, 0.2, 0.2, 0.2});
    expectAllNear(pe.mus(), {1.0, 2.5, 7.0, 3.0, 5.0}); // the prior sits in the middle
    expectAllNear(pe.sigmas(), {1.6666666666666667, 1.6666666666666667, 2.0, 2.0, 10.0});
    expectAllNear(logPdfs(pe, {0.5, 2.0, 6.0, 9.5}), {-0.9818664938769944, -0.7940830880662431,
                                                      -1.1356538934383167, -1.4788297451872054});
}

TEST(ParzenEstimator, MatchesOptunaOnALogParameter)
{
    const ParzenEstimator pe(
        param(R"({"name": "x", "type": "double", "min": 1e-4, "max": 1e-1, "log": true})"),
        {std::log(1e-3), std::log(3e-2), std::log(5e-4)});
    expectAllNear(pe.weights(), {0.25, 0.25, 0.25, 0.25});
    expectAllNear(pe.mus(),
                  {-6.907755278982137, -3.506557897319982, -7.600902459542082, -5.756462732485113});
    expectAllNear(pe.sigmas(),
                  {1.3815510557964275, 2.2499048351651316, 1.3815510557964275, 6.907755278982137});
    expectAllNear(logPdfs(pe, {std::log(2e-4), std::log(1e-3), std::log(5e-2)}),
                  {-0.9243958144816551, -0.6784660790177738, -0.9622322585645307});
}

TEST(ParzenEstimator, MatchesOptunaOnAnIntParameter)
{
    // Discrete: the log mass of each value's cell.
    const ParzenEstimator pe(param(R"({"name": "x", "type": "int", "min": 1, "max": 8})"),
                             {2, 5, 7, 4});
    expectAllNear(pe.mus(), {2.0, 5.0, 7.0, 4.0, 4.5});
    expectAllNear(pe.sigmas(), {2.0, 2.0, 2.0, 2.0, 8.0});
    expectAllNear(logPdfs(pe, {1, 3, 5, 8}), {-2.416900715141701, -1.9634449159869096,
                                              -1.878735421965482, -2.416900715141701});
}

TEST(ParzenEstimator, MatchesOptunaOnASteppedDouble)
{
    const ParzenEstimator pe(
        param(R"({"name": "x", "type": "double", "min": 0, "max": 1, "step": 0.25})"), {0.25, 1.0});
    expectAllNear(pe.weights(), {1.0 / 3, 1.0 / 3, 1.0 / 3});
    expectAllNear(pe.mus(), {0.25, 1.0, 0.5});
    expectAllNear(pe.sigmas(), {0.3125, 0.5, 1.25});
    expectAllNear(logPdfs(pe, {0.0, 0.5, 1.0}),
                  {-1.7924786761394278, -1.4925456805951585, -1.6936008311847117});
}

TEST(ParzenEstimator, MatchesOptunaOnACategoricalParameter)
{
    const ParzenEstimator pe(
        param(R"({"name": "x", "type": "categorical", "values": ["a", "b", "c"]})"), {0, 2, 2, 1});
    const std::vector<std::vector<double>> expected{{0.75, 0.125, 0.125},
                                                    {0.125, 0.125, 0.75},
                                                    {0.125, 0.125, 0.75},
                                                    {0.125, 0.75, 0.125},
                                                    {1.0 / 3, 1.0 / 3, 1.0 / 3}};
    ASSERT_EQ(pe.choiceWeights().size(), expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k)
        expectAllNear(pe.choiceWeights()[k], expected[k]);
    expectAllNear(logPdfs(pe, {0, 1, 2}),
                  {-1.2321436812926323, -1.2321436812926323, -0.8754687373539001});
}

TEST(ParzenEstimator, MatchesOptunaWithRampedWeightsAndMagicClip)
{
    std::vector<double> observations;
    for (int i = 0; i < 30; ++i)
        observations.push_back(((i * 7) % 30) / 3.0);
    const ParzenEstimator pe(param(R"({"name": "x", "type": "double", "min": 0, "max": 10})"),
                             observations);
    // Past 25 observations the oldest weigh less: numpy.linspace(1/30, 1, 5) then ones.
    expectAllNear(defaultWeights(30), {0.03333333333333333,
                                       0.275,
                                       0.5166666666666667,
                                       0.7583333333333333,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0,
                                       1.0});
    EXPECT_NEAR(pe.weights()[0], 0.0011661807580174927, 1e-15);
    EXPECT_NEAR(pe.weights()[3], 0.026530612244897955, 1e-15);
    EXPECT_NEAR(pe.weights()[30], 0.034985422740524776, 1e-15);
    // Gaps of 1/3 everywhere; the magic clip (10 / min(100, 32)) does not bind here.
    for (std::size_t i = 0; i < 30; ++i)
        EXPECT_NEAR(pe.sigmas()[i], 1.0 / 3.0, 1e-12);
    EXPECT_EQ(pe.sigmas()[30], 10.0);
    EXPECT_NEAR(pe.logPdf(5.0), -2.6979620061243317, 1e-12);
    EXPECT_EQ(defaultWeights(10), std::vector<double>(10, 1.0));
    EXPECT_TRUE(defaultWeights(0).empty());
}

TEST(ParzenEstimator, MagicClipWidensCrowdedKernels)
{
    // Three observations almost on top of each other: the gaps (1e-6) would make spikes.
    const ParzenEstimator pe(param(R"({"name": "x", "type": "double", "min": 0, "max": 10})"),
                             {5.0, 5.000001, 5.000002});
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_DOUBLE_EQ(pe.sigmas()[i], 10.0 / 5.0); // range / (1 + kernels)
}

TEST(ParzenEstimator, SamplesStayInRangeAndFollowTheKernels)
{
    const auto spec = param(R"({"name": "x", "type": "double", "min": 0, "max": 10})");
    const ParzenEstimator pe(spec, {2.0, 2.1, 1.9, 2.05, 1.95, 2.02, 1.98, 2.01, 1.99, 2.03});
    std::mt19937_64 rng(11);
    const auto samples = pe.sample(rng, 20000);
    int nearTwo = 0;
    for (double x : samples) {
        ASSERT_GE(x, 0.0);
        ASSERT_LE(x, 10.0);
        nearTwo += std::fabs(x - 2.0) < 1.5;
    }
    // 10 of 11 kernels sit near 2, clipped to σ = 10/12; the prior kernel is wide.
    EXPECT_GT(nearTwo, 0.8 * 20000);
}

TEST(NormalHelpers, QuantileInvertsTheCdf)
{
    // Above about z = 3, Φ(z) is too close to 1 to hold z's digits; the lower tail holds them.
    for (double z = -8.0; z <= 3.0; z += 0.25)
        EXPECT_NEAR(normalQuantile(normalCdf(z)), z, 1e-9 * std::max(1.0, std::fabs(z))) << z;
    EXPECT_NEAR(normalQuantile(1e-300), -37.0471, 1e-4);
    EXPECT_TRUE(std::isinf(normalQuantile(0.0)));
}

TEST(NormalHelpers, LogCdfAndMassHoldInTheTails)
{
    EXPECT_NEAR(logNormalCdf(-30.0), std::log(normalCdf(-30.0)), 1e-9);
    EXPECT_NEAR(logNormalCdf(-36.9), std::log(normalCdf(-36.9)), 1e-6);
    EXPECT_NEAR(logNormalCdf(-37.1), std::log(normalCdf(-37.1)), 1e-6); // the series takes over
    EXPECT_TRUE(std::isfinite(logNormalCdf(-200.0)));
    EXPECT_NEAR(logGaussMass(-1.0, 2.0), std::log(normalCdf(2.0) - normalCdf(-1.0)), 1e-14);
    EXPECT_NEAR(gaussMass(-1.0, 2.0), normalCdf(2.0) - normalCdf(-1.0), 1e-15);
    EXPECT_NEAR(gaussMass(9.0, 10.0), std::exp(logGaussMass(9.0, 10.0)), 1e-30);
    EXPECT_NEAR(gaussMass(-10.0, -9.0), gaussMass(9.0, 10.0), 1e-30);
    EXPECT_NEAR(logGaussMass(3.0, 4.0), std::log(normalCdf(-3.0) - normalCdf(-4.0)), 1e-12);
    EXPECT_NEAR(logGaussMass(-4.0, -3.0), logGaussMass(3.0, 4.0), 1e-14);
    EXPECT_TRUE(std::isfinite(logGaussMass(40.0, 41.0))); // 1 − 1 would give log 0
}

TEST(NormalHelpers, TruncatedSamplesHaveTheTruncatedMean)
{
    const double a = -0.5;
    const double b = 2.0;
    const auto pdf = [](double z) {
        return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
    };
    const double expected = (pdf(a) - pdf(b)) / (normalCdf(b) - normalCdf(a));
    double sum = 0.0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        const double z = truncatedNormalQuantile(a, b, (i + 0.5) / n); // quasi-random quantiles
        ASSERT_GE(z, a);
        ASSERT_LE(z, b);
        sum += z;
    }
    EXPECT_NEAR(sum / n, expected, 1e-4);
}

// Multivariate TPE's joint kernels against Optuna 3.1 (multivariate=True) on three parameters:
//
//   params = _ParzenEstimatorParameters(True, 1.0, True, False, default_weights, True)
//   space = {"x": d.FloatDistribution(0.0, 10.0), "n": d.IntDistribution(1, 8),
//            "c": d.CategoricalDistribution(["a", "b", "c"])}
//   obs = {"x": [1.0, 2.5, 7.0, 3.0, 8.5, 4.0, 0.5, 6.0], "n": [2, 5, 7, 4, 1, 8, 3, 5],
//          "c": [0, 2, 2, 1, 0, 0, 1, 2]}
//   pe = _ParzenEstimator(obs, space, params); pe._sigmas; pe.log_pdf(xs)
TEST(Parzen, JointKernelsMatchOptunasMultivariateEstimator)
{
    const auto space = SearchSpace::fromJson(json::parse(R"([
        {"name": "x", "type": "double", "min": 0, "max": 10},
        {"name": "n", "type": "int", "min": 1, "max": 8},
        {"name": "c", "type": "categorical", "values": ["a", "b", "c"]}])"));
    const std::vector<std::vector<double>> observations = {{1.0, 2.5, 7.0, 3.0, 8.5, 4.0, 0.5, 6.0},
                                                           {2, 5, 7, 4, 1, 8, 3, 5},
                                                           {0, 2, 2, 1, 0, 0, 1, 2}};
    ParzenSettings settings;
    settings.fixedBandwidth = multivariateBandwidth(8, 3);
    EXPECT_NEAR(settings.fixedBandwidth, 0.2 * std::pow(8.0, -1.0 / 7.0), 1e-15);
    std::vector<ParzenEstimator> estimators;
    for (std::size_t p = 0; p < 3; ++p)
        estimators.emplace_back(space.params()[p], observations[p], settings);
    // Scott's rule sets the widths (wider than the magic clip here); the prior stays the range.
    EXPECT_NEAR(estimators[0].sigmas().front(), 1.4859942891369484, 1e-12);
    EXPECT_NEAR(estimators[0].sigmas().back(), 10.0, 1e-12);
    EXPECT_NEAR(estimators[1].sigmas().front(), 1.1887954313095588, 1e-12);

    const std::vector<std::vector<double>> points = {
        {0.5, 1, 0}, {2.0, 3, 1}, {6.0, 5, 2}, {9.5, 8, 2}};
    const std::vector<double> expected = {-4.087376094803825, -3.6983474001540806,
                                          -3.867229642466466, -5.027877353331295};
    for (std::size_t i = 0; i < points.size(); ++i) {
        double sum = 0.0;
        for (std::size_t k = 0; k < estimators[0].weights().size(); ++k) {
            double term = std::log(estimators[0].weights()[k]);
            for (std::size_t p = 0; p < 3; ++p)
                term +=
                    estimators[p].kernelLogPdf(k, points[i][p]); // internal numbers: no log here
            sum += std::exp(term);
        }
        EXPECT_NEAR(std::log(sum), expected[i], 1e-9) << "point " << i;
    }
}

// One kernel at a time adds up to the whole mixture, for every kind of parameter.
TEST(Parzen, KernelDensitiesSumToTheMixture)
{
    const auto space = SearchSpace::fromJson(json::parse(R"([
        {"name": "lr", "type": "double", "min": 1e-4, "max": 1e-1, "log": true},
        {"name": "drop", "type": "double", "min": 0, "max": 0.5, "step": 0.05},
        {"name": "c", "type": "categorical", "values": ["a", "b", "c", "d"]}])"));
    const std::vector<std::vector<double>> observations = {
        {std::log(1e-3), std::log(3e-2), std::log(5e-4)}, {0.1, 0.25, 0.1}, {3, 0, 3}};
    const std::vector<std::vector<double>> at = {
        {std::log(2e-4), std::log(1e-3)}, {0.0, 0.1, 0.5}, {0, 1, 3}};
    for (std::size_t p = 0; p < 3; ++p) {
        const ParzenEstimator estimator(space.params()[p], observations[p]);
        for (double x : at[p]) {
            double sum = 0.0;
            for (std::size_t k = 0; k < estimator.weights().size(); ++k)
                sum += estimator.weights()[k] * std::exp(estimator.kernelLogPdf(k, x));
            EXPECT_NEAR(std::log(sum), estimator.logPdf(x), 1e-12)
                << space.params()[p].name << " at " << x;
        }
    }
}
