#include "training/hpo/truncated_normal.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace dllab::hpo {

namespace {

constexpr double kInvSqrt2 = 1.0 / std::numbers::sqrt2;
constexpr double kLogSqrt2Pi = 0.91893853320467274178; // log(sqrt(2 pi))

// Acklam's rational approximation of Φ⁻¹ (relative error < 1.2e-9), refined below.
double acklamQuantile(double p)
{
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                   -2.759285104469687e+02, 1.383577518672690e+02,
                                   -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                   -1.556989798598866e+02, 6.680131188771972e+01,
                                   -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                   -2.400758277161838e+00, -2.549671010283498e+00,
                                   4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                   2.445134137142996e+00, 3.754408661907416e+00};
    constexpr double pLow = 0.02425;
    if (p < pLow) {
        const double q = std::sqrt(-2.0 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
               / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    if (p > 1.0 - pLow) {
        const double q = std::sqrt(-2.0 * std::log1p(-p));
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
               / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    const double q = p - 0.5;
    const double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
           / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

} // namespace

double normalCdf(double z) { return 0.5 * std::erfc(-z * kInvSqrt2); }

double logNormalCdf(double z)
{
    if (z > 0.0)
        return std::log1p(-0.5 * std::erfc(z * kInvSqrt2));
    if (z > -37.0)
        return std::log(0.5 * std::erfc(-z * kInvSqrt2));
    // Φ underflows here; its asymptotic series φ(z)/(-z) · (1 − 1/z² + 3/z⁴ − ...) does not.
    const double inv = 1.0 / (z * z);
    const double series = 1.0 - inv * (1.0 - 3.0 * inv * (1.0 - 5.0 * inv * (1.0 - 7.0 * inv)));
    return -0.5 * z * z - kLogSqrt2Pi - std::log(-z) + std::log(series);
}

double normalQuantile(double p)
{
    if (p <= 0.0)
        return -std::numeric_limits<double>::infinity();
    if (p >= 1.0)
        return std::numeric_limits<double>::infinity();
    // Work in the lower half, where p has full relative precision, and mirror.
    if (p > 0.5)
        return -normalQuantile(1.0 - p);
    double x = acklamQuantile(p);
    // One Halley step on Φ(x) − p brings the approximation to full double precision.
    const double error = normalCdf(x) - p;
    const double u = error * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
    x -= u / (1.0 + 0.5 * x * u);
    return x;
}

double gaussMass(double a, double b)
{
    if (a >= 0.0)
        return 0.5 * (std::erfc(a * kInvSqrt2) - std::erfc(b * kInvSqrt2));
    if (b <= 0.0)
        return 0.5 * (std::erfc(-b * kInvSqrt2) - std::erfc(-a * kInvSqrt2));
    return 1.0 - 0.5 * (std::erfc(-a * kInvSqrt2) + std::erfc(b * kInvSqrt2));
}

double logGaussMass(double a, double b)
{
    // Both ends in one tail: subtract there, in log space; mirror the right tail to the left.
    if (b <= 0.0 || a > 0.0) {
        const double lo = b <= 0.0 ? a : -b;
        const double hi = b <= 0.0 ? b : -a;
        const double logHi = logNormalCdf(hi);
        const double logLo = logNormalCdf(lo);
        return logHi + std::log1p(-std::exp(logLo - logHi));
    }
    // The interval holds 0: its mass is 1 minus two tails, each at most 1/2.
    return std::log1p(-normalCdf(a) - normalCdf(-b));
}

double truncatedNormalQuantile(double a, double b, double u)
{
    // Invert from whichever tail the target sits in, so that p never loses precision near 1.
    const double left = normalCdf(a);   // mass below a
    const double right = normalCdf(-b); // mass above b
    const double mass = std::max(1.0 - left - right, 0.0);
    const double below = left + u * mass;
    double z;
    if (below <= 0.5)
        z = normalQuantile(below);
    else
        z = -normalQuantile(right + (1.0 - u) * mass);
    return std::clamp(z, a, b);
}

} // namespace dllab::hpo
