#include "training/hpo/importance.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

namespace dllab::hpo {

namespace {

constexpr int kMinSamples = kMinImportanceTrials;
constexpr int kTrialsPerBin = 4; // fewer per bin and the group means are mostly noise
constexpr int kMaxBins = 5;

// Equal-count bins of x by rank; tied values share a rank and so a bin.
std::vector<int> quantileBins(const std::vector<double> &x, int bins)
{
    const std::vector<double> ranks = fractionalRanks(x);
    const double n = double(x.size());
    std::vector<int> out;
    for (double rank : ranks)
        out.push_back(std::min(bins - 1, int(std::floor(rank * bins / n))));
    return out;
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

double adjustedEtaSquared(const std::vector<int> &group, const std::vector<double> &y)
{
    const double n = double(y.size());
    const double mean = std::accumulate(y.begin(), y.end(), 0.0) / n;
    std::map<int, std::pair<double, int>> sums; // group -> (sum, count)
    double total = 0;
    for (size_t i = 0; i < y.size(); ++i) {
        auto &[sum, count] = sums[group[i]];
        sum += y[i];
        ++count;
        total += (y[i] - mean) * (y[i] - mean);
    }
    const double k = double(sums.size());
    if (total <= 0 || k < 2 || n - 1 <= k - 1)
        return 0.0;
    double between = 0;
    for (const auto &[key, entry] : sums) {
        const double groupMean = entry.first / entry.second;
        between += entry.second * (groupMean - mean) * (groupMean - mean);
    }
    // What k groups explain of pure noise on average: (k - 1) / (n - 1).
    const double chance = (k - 1) / (n - 1);
    return std::clamp((between / total - chance) / (1 - chance), 0.0, 1.0);
}

std::vector<ParamImportance> parameterImportance(const SearchSpace &space,
                                                 const std::vector<Trial> &trials)
{
    std::vector<ParamImportance> out;
    for (const ParamSpec &param : space.params()) {
        ParamImportance entry{param.name, 0.0, 0, 0};
        std::vector<double> x, y;
        for (const Trial &trial : trials) {
            if (trial.state != TrialState::Complete || !trial.value || !std::isfinite(*trial.value))
                continue;
            const auto it = trial.params.find(param.name);
            if (it == trial.params.end())
                continue;
            // The internal number: a categorical parameter's choice index, a numeric one's value
            // (or its logarithm; bins by rank do not mind which).
            const auto internal = param.toInternal(it->second);
            if (!internal)
                continue;
            x.push_back(*internal);
            y.push_back(*trial.value);
        }
        entry.samples = int(x.size());
        if (entry.samples >= kMinSamples) {
            std::vector<int> groups;
            if (param.isNumeric()) {
                groups = quantileBins(x, std::clamp(entry.samples / kTrialsPerBin, 2, kMaxBins));
            } else {
                for (double choice : x)
                    groups.push_back(int(choice));
            }
            entry.groups = int(std::set<int>(groups.begin(), groups.end()).size());
            entry.value = adjustedEtaSquared(groups, fractionalRanks(y));
        }
        out.push_back(std::move(entry));
    }
    return out;
}

} // namespace dllab::hpo
