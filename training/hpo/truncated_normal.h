#pragma once
// Standard normal helpers for the Parzen estimators' truncated kernels. Pure functions.
namespace dllab::hpo {

// Φ(z).
double normalCdf(double z);
// log Φ(z), accurate in the far left tail too.
double logNormalCdf(double z);
// Φ⁻¹(p) for p in (0, 1); ±infinity at 0 and 1.
double normalQuantile(double p);
// Φ(b) − Φ(a) for a ≤ b, without cancellation in either tail.
double gaussMass(double a, double b);
// log(Φ(b) − Φ(a)) for a ≤ b, without cancellation in either tail.
double logGaussMass(double a, double b);
// The point of the standard normal truncated to [a, b] at quantile u in [0, 1).
double truncatedNormalQuantile(double a, double b, double u);

} // namespace dllab::hpo
