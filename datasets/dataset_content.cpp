#include "dataset_content.h"

#include <algorithm>
#include <charconv>
#include <numeric>

namespace dllab::datasets {

const char *kindName(DatasetKind kind) { return kind == DatasetKind::Image ? "image" : "table"; }

const char *taskName(Task task)
{
    return task == Task::Regression ? "regression" : "classification";
}

std::optional<Task> parseTask(std::string_view name)
{
    for (Task task : {Task::Classification, Task::Regression})
        if (name == taskName(task))
            return task;
    return std::nullopt;
}

std::string shapeText(const std::vector<int64_t> &shape)
{
    std::string text;
    for (int64_t d : shape)
        text += (text.empty() ? "" : "x") + std::to_string(d);
    return text;
}

const char *columnTypeName(ColumnType type)
{
    switch (type) {
    case ColumnType::Numeric:
        return "numeric";
    case ColumnType::Categorical:
        return "categorical";
    case ColumnType::Date:
        return "date";
    case ColumnType::Text:
        return "text";
    case ColumnType::Ignore:
        return "ignore";
    }
    return "numeric";
}

std::optional<ColumnType> parseColumnType(std::string_view name)
{
    for (ColumnType type : {ColumnType::Numeric, ColumnType::Categorical, ColumnType::Date,
                            ColumnType::Text, ColumnType::Ignore})
        if (name == columnTypeName(type))
            return type;
    return std::nullopt;
}

ColumnType DatasetContent::columnType(size_t column) const
{
    return column < columnInfo.size() ? columnInfo[column].type : ColumnType::Numeric;
}

bool DatasetContent::hasTypedColumns() const
{
    for (const auto &info : columnInfo)
        if (info.type != ColumnType::Numeric)
            return true;
    return false;
}

std::vector<int64_t> DatasetContent::strata() const
{
    if (task == Task::Classification)
        return labels;
    constexpr int64_t kBins = 10;
    std::vector<int64_t> order(targets.size()), strata(targets.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return targets[size_t(a)] < targets[size_t(b)]; });
    const auto n = int64_t(order.size());
    for (int64_t rank = 0; rank < n; ++rank)
        strata[size_t(order[size_t(rank)])] = rank * kBins / std::max<int64_t>(n, 1);
    return strata;
}

std::string DatasetContent::labelText(int64_t sample) const
{
    if (task == Task::Classification)
        return classNames.at(size_t(labels.at(size_t(sample))));
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, targets.at(size_t(sample))).ptr;
    return std::string(text, end);
}

int64_t DatasetContent::featureSize() const
{
    int64_t size = 1;
    for (int64_t dim : featureShape)
        size *= dim;
    return featureShape.empty() ? 0 : size;
}

} // namespace dllab::datasets
