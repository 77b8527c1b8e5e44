#include "training/hpo/importance.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace dllab::hpo {

namespace {

constexpr int kMinSamples = 3;

double mean(const std::vector<double> &v)
{
    return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

double pearson(const std::vector<double> &x, const std::vector<double> &y)
{
    const double mx = mean(x), my = mean(y);
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

// sqrt(between-group sum of squares / total sum of squares) of y grouped by `group`.
double correlationRatio(const std::vector<double> &group, const std::vector<double> &y)
{
    const double my = mean(y);
    std::map<double, std::pair<double, int>> sums; // group -> (sum, count)
    double total = 0;
    for (size_t i = 0; i < y.size(); ++i) {
        auto &[sum, count] = sums[group[i]];
        sum += y[i];
        ++count;
        total += (y[i] - my) * (y[i] - my);
    }
    if (total <= 0 || sums.size() < 2)
        return 0.0;
    double between = 0;
    for (const auto &[key, entry] : sums) {
        const double groupMean = entry.first / entry.second;
        between += entry.second * (groupMean - my) * (groupMean - my);
    }
    return std::sqrt(std::clamp(between / total, 0.0, 1.0));
}

} // namespace

std::vector<double> fractionalRanks(const std::vector<double> &values)
{
    std::vector<size_t> order(values.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
            ++j;
        const double rank = (double(i) + double(j)) / 2.0;
        for (size_t k = i; k <= j; ++k)
            ranks[order[k]] = rank;
        i = j + 1;
    }
    return ranks;
}

std::vector<ParamImportance> parameterImportance(const SearchSpace &space,
                                                 const std::vector<Trial> &trials)
{
    std::vector<ParamImportance> out;
    for (const ParamSpec &param : space.params()) {
        ParamImportance entry{param.name, param.isNumeric() ? "spearman" : "eta", 0.0, 0};
        std::vector<double> x, y;
        for (const Trial &trial : trials) {
            if (trial.state != TrialState::Complete || !trial.value || !std::isfinite(*trial.value))
                continue;
            const auto it = trial.params.find(param.name);
            if (it == trial.params.end())
                continue;
            // The internal number: a log parameter's logarithm (ranks ignore it), a categorical
            // one's choice index (only used as a group key).
            const auto internal = param.toInternal(it->second);
            if (!internal)
                continue;
            x.push_back(*internal);
            y.push_back(*trial.value);
        }
        entry.samples = int(x.size());
        if (entry.samples >= kMinSamples) {
            const std::vector<double> ry = fractionalRanks(y);
            entry.value = param.isNumeric() ? std::fabs(pearson(fractionalRanks(x), ry))
                                            : correlationRatio(x, ry);
        }
        out.push_back(std::move(entry));
    }
    return out;
}

} // namespace dllab::hpo
