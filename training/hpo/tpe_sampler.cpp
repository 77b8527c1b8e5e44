#include "training/hpo/tpe_sampler.h"

#include "training/hpo/log_sum_exp.h"
#include "training/hpo/random_util.h"
#include "workspace/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dllab::hpo {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Optuna's ranking key: complete trials first (by objective), then pruned trials, those that got
// further first, then by their last intermediate value. Smaller is better; the objective's sign
// is flipped for maximisation.
struct Rank {
    double stage;
    double loss;
    std::size_t index; // into the observation list, which is in history order
};

std::optional<Rank> rankOf(const Trial &trial, double sign)
{
    if (trial.state == TrialState::Complete) {
        if (!trial.value || std::isnan(*trial.value))
            return std::nullopt; // no usable objective: as if it had failed
        return Rank{-kInf, sign * *trial.value, 0};
    }
    if (trial.state == TrialState::Pruned) {
        if (trial.intermediate.empty())
            return Rank{1.0, 0.0, 0};
        const auto &[step, value] = *trial.intermediate.rbegin();
        return Rank{-static_cast<double>(step), std::isnan(value) ? kInf : sign * value, 0};
    }
    return std::nullopt;
}

// The internal numbers of `trials`' values for `spec`, skipping trials without a valid one.
std::vector<double> observationsOf(const ParamSpec &spec, const std::vector<const Trial *> &trials)
{
    std::vector<double> observations;
    observations.reserve(trials.size());
    for (const Trial *trial : trials) {
        const auto it = trial->params.find(spec.name);
        if (it == trial->params.end())
            continue;
        if (const auto internal = spec.toInternal(it->second))
            observations.push_back(*internal);
    }
    return observations;
}

// The trials among `trials` with a valid value for every parameter of `space`: a joint kernel
// needs them all.
std::vector<const Trial *> withEveryParam(const SearchSpace &space,
                                          const std::vector<const Trial *> &trials)
{
    std::vector<const Trial *> out;
    for (const Trial *trial : trials) {
        const bool complete =
            std::all_of(space.params().begin(), space.params().end(), [&](const ParamSpec &spec) {
                const auto it = trial->params.find(spec.name);
                return it != trial->params.end() && spec.toInternal(it->second).has_value();
            });
        if (complete)
            out.push_back(trial);
    }
    return out;
}

// The joint kernels of one group: an estimator per parameter, all with the same kernels and so
// the same weights, kept as logs.
struct JointEstimator {
    std::vector<ParzenEstimator> params;
    std::vector<double> logWeights;
};

// log Σ_k w_k Π_p kernel_k,p(x_p): the mixture of joint kernels at a point (internal numbers,
// one per parameter).
double jointLogPdf(const JointEstimator &joint, const std::vector<double> &x)
{
    LogSumExp sum;
    for (std::size_t k = 0; k < joint.logWeights.size(); ++k) {
        double term = joint.logWeights[k];
        for (std::size_t p = 0; p < joint.params.size() && term > -kInf; ++p)
            term += joint.params[p].kernelLogPdf(k, x[p]);
        sum.add(term);
    }
    return sum.value();
}

} // namespace

int defaultGamma(int n)
{
    return std::min((n + 9) / 10, 25); // ceil(0.1 n) without floating point
}

TpeSampler::TpeSampler(SearchSpace space, Goal goal, TpeSettings settings,
                       std::optional<std::uint64_t> seed)
    : m_space(std::move(space)), m_goal(goal), m_settings(settings), m_random(m_space, seed),
      m_rng(makeRng(seed, 1))
{
    if (m_settings.nStartupTrials < 0)
        throw Error("tpe: n_startup_trials must not be negative");
    if (m_settings.nEiCandidates < 1)
        throw Error("tpe: n_ei_candidates must be at least 1");
    if (m_settings.parzen.priorWeight <= 0.0)
        throw Error("tpe: prior_weight must be positive");
}

TpeSampler::Split TpeSampler::split(const std::vector<Trial> &history) const
{
    const double sign = m_goal == Goal::Minimize ? 1.0 : -1.0;
    std::vector<const Trial *> observed;
    std::vector<Rank> ranks;
    for (const auto &trial : history) {
        if (auto rank = rankOf(trial, sign)) {
            rank->index = observed.size();
            observed.push_back(&trial);
            ranks.push_back(*rank);
        }
    }
    std::stable_sort(ranks.begin(), ranks.end(), [](const Rank &a, const Rank &b) {
        return a.stage != b.stage ? a.stage < b.stage : a.loss < b.loss;
    });
    const auto nBelow = static_cast<std::size_t>(defaultGamma(static_cast<int>(observed.size())));
    // Both groups go back to history order: the weights favour recent observations.
    std::vector<bool> isBelow(observed.size(), false);
    for (std::size_t i = 0; i < std::min(nBelow, ranks.size()); ++i)
        isBelow[ranks[i].index] = true;
    Split result;
    for (std::size_t i = 0; i < observed.size(); ++i)
        (isBelow[i] ? result.below : result.above).push_back(observed[i]);
    return result;
}

std::optional<Params> TpeSampler::suggest(const std::vector<Trial> &history)
{
    const Split groups = split(history);
    const auto n = groups.below.size() + groups.above.size();
    if (n < static_cast<std::size_t>(m_settings.nStartupTrials))
        return m_random.sample();
    if (m_settings.multivariate)
        return sampleJointly(groups);
    Params params;
    for (const auto &spec : m_space.params())
        params[spec.name] = sampleParam(spec, groups);
    return params;
}

// As sampleParam, with one joint kernel per trial: a candidate takes every parameter from the
// same kernel of l, and is scored by the joint densities l(x) / g(x). Kernels are as wide as
// Scott's rule says (multivariateBandwidth), as in Optuna.
Params TpeSampler::sampleJointly(const Split &groups)
{
    const std::vector<ParamSpec> &specs = m_space.params();
    if (specs.empty())
        return {};
    const auto estimators = [&](const std::vector<const Trial *> &trials) {
        const std::vector<const Trial *> usable = withEveryParam(m_space, trials);
        ParzenSettings settings = m_settings.parzen;
        settings.fixedBandwidth = multivariateBandwidth(usable.size(), specs.size());
        JointEstimator out;
        for (const ParamSpec &spec : specs)
            out.params.emplace_back(spec, observationsOf(spec, usable), settings);
        for (double w : out.params.front().weights())
            out.logWeights.push_back(std::log(w));
        return out;
    };
    const JointEstimator below = estimators(groups.below);
    const JointEstimator above = estimators(groups.above);

    std::vector<double> best, candidate(specs.size());
    double bestScore = -kInf;
    for (int c = 0; c < m_settings.nEiCandidates; ++c) {
        const std::size_t kernel = below.params.front().drawKernel(m_rng);
        for (std::size_t p = 0; p < specs.size(); ++p) {
            candidate[p] = below.params[p].sampleFromKernel(kernel, m_rng);
            if (specs[p].isNumeric()) // scored on the parameter's grid, as Optuna does
                candidate[p] = *specs[p].toInternal(specs[p].toExternal(candidate[p]));
        }
        const double score = jointLogPdf(below, candidate) - jointLogPdf(above, candidate);
        if (best.empty() || score > bestScore) {
            bestScore = score;
            best = candidate;
        }
    }
    Params params;
    for (std::size_t p = 0; p < specs.size(); ++p)
        params[specs[p].name] = specs[p].toExternal(best[p]);
    return params;
}

nlohmann::json TpeSampler::sampleParam(const ParamSpec &spec, const Split &groups)
{
    const ParzenEstimator below(spec, observationsOf(spec, groups.below), m_settings.parzen);
    const ParzenEstimator above(spec, observationsOf(spec, groups.above), m_settings.parzen);

    // Candidates are rounded to the parameter's grid before scoring, as Optuna scores them;
    // duplicates (common for ints and choices) are scored once.
    std::vector<double> candidates = below.sample(m_rng, m_settings.nEiCandidates);
    for (double &x : candidates) {
        if (spec.isNumeric())
            x = *spec.toInternal(spec.toExternal(x));
    }
    double bestScore = -kInf;
    double best = candidates.front();
    std::vector<double> scored;
    for (double x : candidates) {
        if (std::find(scored.begin(), scored.end(), x) != scored.end())
            continue;
        scored.push_back(x);
        const double score = below.logPdf(x) - above.logPdf(x);
        if (score > bestScore) {
            bestScore = score;
            best = x;
        }
    }
    return spec.toExternal(best);
}

} // namespace dllab::hpo
