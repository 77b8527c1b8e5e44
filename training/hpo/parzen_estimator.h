#pragma once
// A univariate Parzen estimator over one parameter's internal space, as Optuna 3.1's TPE builds
// it: one kernel per observation plus a prior kernel; truncated normals for numbers (as mass
// over a step for discrete ones), weighted counts for choices. Immutable once built.
#include "training/hpo/search_space.h"

#include <random>
#include <vector>

namespace dllab::hpo {

struct ParzenSettings {
    bool considerPrior = true;
    double priorWeight = 1.0;
    bool considerMagicClip = true;
    bool considerEndpoints = false;
    // > 0: every observation's kernel is this fraction of the range wide (before the magic
    // clip) instead of as wide as the gaps to its neighbours: the joint kernels of multivariate
    // TPE, whose width follows Scott's rule (see multivariateBandwidth).
    double fixedBandwidth = 0.0;
};

// Optuna's multivariate kernel width as a fraction of the range: 0.2 · n^(−1 / (d + 4)) for n
// observations (at least 1) of d parameters.
double multivariateBandwidth(std::size_t observations, std::size_t parameters);

// Optuna's default_weights: equal weights up to 25 observations, then a linear ramp from 1/n
// for all but the newest 25, so that old observations count less.
std::vector<double> defaultWeights(int n);

class ParzenEstimator {
public:
    // `observations`: internal numbers (choice indices for a categorical parameter), oldest first.
    ParzenEstimator(const ParamSpec &spec, const std::vector<double> &observations,
                    const ParzenSettings &settings = {});

    // `count` internal numbers drawn from the mixture, not yet rounded to the parameter's grid.
    std::vector<double> sample(std::mt19937_64 &rng, int count) const;
    // Log density (log mass for a discrete parameter) at an internal number on the grid, in
    // Optuna 3.1's form: a continuous kernel is φ((x − μ) / σ) over its mass, without 1/σ.
    double logPdf(double x) const;

    // One kernel at a time, for multivariate TPE, where a candidate draws every parameter from
    // the same kernel and the joint density sums over kernels of products. drawKernel picks a
    // kernel by weight; kernelLogPdf is kernel k's own log density (its weight not included).
    std::size_t drawKernel(std::mt19937_64 &rng) const { return sampleKernel(rng); }
    double sampleFromKernel(std::size_t k, std::mt19937_64 &rng) const;
    double kernelLogPdf(std::size_t k, double x) const;

    // Per kernel, the prior last: normalised weights, and centres and widths (numeric only).
    const std::vector<double> &weights() const { return m_weights; }
    const std::vector<double> &mus() const { return m_mus; }
    const std::vector<double> &sigmas() const { return m_sigmas; }
    // Categorical only: row k is kernel k's distribution over the choices.
    const std::vector<std::vector<double>> &choiceWeights() const { return m_choiceWeights; }

private:
    void buildNumeric(const std::vector<double> &observations, const ParzenSettings &settings);
    void buildCategorical(const std::vector<double> &observations, const ParzenSettings &settings);
    std::size_t sampleKernel(std::mt19937_64 &rng) const;
    double logPdfInLogSpace(double x) const;

    bool m_categorical = false;
    double m_low = 0.0;
    double m_high = 0.0;
    double m_step = 0.0; // > 0: discrete, logPdf is the mass of [x − step/2, x + step/2]
    std::vector<double> m_weights;
    std::vector<double> m_cumulative; // running sum of m_weights, for drawing kernels
    std::vector<double> m_mus;
    std::vector<double> m_sigmas;
    // Per kernel, the constant factor of its density (weight / mass inside [low, high]), its log,
    // and that log without the weight (the kernel on its own, for multivariate TPE).
    std::vector<double> m_coefficients;
    std::vector<double> m_logNorm;
    std::vector<double> m_kernelLogNorm;
    std::vector<std::vector<double>> m_choiceWeights;
    std::vector<double> m_logChoiceMass; // per choice, log Σ_k w_k · p_k(choice)
};

} // namespace dllab::hpo
