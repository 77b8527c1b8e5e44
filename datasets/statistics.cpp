#include "statistics.h"

#include "date_text.h"

#include <algorithm>
#include <charconv>
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
        if (std::isnan(value))
            continue; // a missing table cell
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

// The float's shortest decimal form as a double, so JSON shows 27.79, not 27.790000915527344.
double shortest(float value)
{
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    double result = 0;
    std::from_chars(text, end, result);
    return result;
}

// min, max, mean, std and a 20-bin histogram of cells (not empty).
void addNumericStatistics(const std::vector<float> &cells, nlohmann::json &stats)
{
    const auto [low, high] = std::minmax_element(cells.begin(), cells.end());
    double sum = 0, squares = 0;
    for (float cell : cells) {
        sum += cell;
        squares += double(cell) * cell;
    }
    const double n = double(cells.size()), mean = sum / n;
    std::vector<int64_t> histogram(20, 0);
    const double span = double(*high) - double(*low);
    for (float cell : cells)
        ++histogram[span > 0 ? std::min<size_t>(19, size_t((cell - *low) / span * 20)) : 0];
    stats["min"] = shortest(*low);
    stats["max"] = shortest(*high);
    stats["mean"] = mean;
    stats["std"] = std::sqrt(std::max(0.0, squares / n - mean * mean));
    stats["histogram"] = histogram;
}

nlohmann::json columnStatistics(const DatasetContent &content, size_t column)
{
    const size_t width = size_t(content.featureSize());
    const ColumnType type = content.columnType(column);
    std::vector<float> cells;
    int64_t missing = 0;
    for (size_t r = 0; r < size_t(content.samples()); ++r) {
        const float cell = content.values[r * width + column];
        if (std::isnan(cell))
            ++missing;
        else
            cells.push_back(cell);
    }
    nlohmann::json stats{{"name", column < content.columnNames.size()
                                      ? content.columnNames[column]
                                      : "f" + std::to_string(column)},
                         {"type", columnTypeName(type)},
                         {"missing", missing}};
    if (cells.empty())
        return stats;
    const auto [low, high] = std::minmax_element(cells.begin(), cells.end());
    if (type == ColumnType::Categorical || type == ColumnType::Text) {
        const auto &categories = content.columnInfo.at(column).categories;
        std::vector<int64_t> counts(categories.size(), 0);
        for (float cell : cells)
            ++counts.at(size_t(cell));
        if (type == ColumnType::Text) {
            stats["distinct"] =
                std::count_if(counts.begin(), counts.end(), [](int64_t n) { return n > 0; });
            return stats;
        }
        nlohmann::json values = nlohmann::json::object();
        for (size_t c = 0; c < categories.size(); ++c)
            values[categories[c]] = counts[c];
        stats["values"] = values;
    } else if (type == ColumnType::Date) {
        stats["first"] = dateText(*low);
        stats["last"] = dateText(*high);
    } else {
        addNumericStatistics(cells, stats);
    }
    return stats;
}

} // namespace

Statistics computeStatistics(const DatasetContent &content)
{
    Statistics stats;
    for (const auto &name : content.classNames)
        stats.classCounts[name] = 0;
    for (int64_t label : content.labels)
        ++stats.classCounts[content.classNames.at(size_t(label))];
    if (content.task == Task::Regression && !content.targets.empty()) {
        stats.target = nlohmann::json::object();
        addNumericStatistics(content.targets, stats.target);
    }

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
        // Wide numeric tables (pixels as columns) would make every version listing heavy.
        if (columns <= 256 || content.hasTypedColumns())
            for (size_t c = 0; c < columns; ++c)
                stats.columns.push_back(columnStatistics(content, c));
    }
    return stats;
}

} // namespace dllab::datasets
