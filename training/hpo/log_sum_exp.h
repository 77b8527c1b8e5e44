#pragma once
// log Σ exp(terms), accumulated in one pass without overflow: the mixture densities of the
// Parzen estimators are sums of kernels kept as logs.
#include <cmath>
#include <limits>

namespace dllab::hpo {

class LogSumExp {
public:
    void add(double term)
    {
        if (term == kNegInf)
            return;
        if (term > m_max) {
            m_sum = m_sum * std::exp(m_max - term) + 1.0;
            m_max = term;
        } else {
            m_sum += std::exp(term - m_max);
        }
    }
    double value() const { return m_sum > 0.0 ? m_max + std::log(m_sum) : kNegInf; }

private:
    static constexpr double kNegInf = -std::numeric_limits<double>::infinity();
    double m_max = kNegInf;
    double m_sum = 0.0;
};

} // namespace dllab::hpo
