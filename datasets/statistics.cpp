#include "statistics.h"

#include <cmath>

namespace dllab::datasets {

namespace {

// Sums in double per group; `groupOf(i)` maps a flat feature index to its channel or column.
template <typename T, typename GroupOf>
void accumulate(const std::vector<T> &data, size_t groups, double scale, GroupOf groupOf,
                Statistics &stats)
{
    std::vector<double> sum(groups, 0.0), sumSquares(groups, 0.0);
    std::vector<int64_t> count(groups, 0);
    for (size_t i = 0; i < data.size(); ++i) {
        const double value = double(data[i]) * scale;
        const size_t group = groupOf(i);
        sum[group] += value;
        sumSquares[group] += value * value;
        ++count[group];
    }
    stats.mean.resize(groups);
    stats.std.resize(groups);
    for (size_t g = 0; g < groups; ++g) {
        const double n = double(std::max<int64_t>(count[g], 1));
        const double mean = sum[g] / n;
        stats.mean[g] = mean;
        stats.std[g] = std::sqrt(std::max(0.0, sumSquares[g] / n - mean * mean));
    }
}

} // namespace

Statistics computeStatistics(const DatasetContent &content)
{
    Statistics stats;
    for (const auto &name : content.classNames)
        stats.classCounts[name] = 0;
    for (int64_t label : content.labels)
        ++stats.classCounts[content.classNames.at(size_t(label))];

    if (content.kind == DatasetKind::Image) {
        const size_t channels = size_t(content.featureShape.at(0));
        const size_t plane = size_t(content.featureSize()) / std::max<size_t>(channels, 1);
        accumulate(
            content.pixels, channels, 1.0 / 255.0, [&](size_t i) { return (i / plane) % channels; },
            stats);
    } else {
        const size_t columns = size_t(content.featureSize());
        accumulate(
            content.values, columns, 1.0, [&](size_t i) { return i % columns; }, stats);
    }
    return stats;
}

} // namespace dllab::datasets
