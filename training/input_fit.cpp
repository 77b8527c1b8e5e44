#include "input_fit.h"

#include "datasets/date_text.h"

#include "workspace/error.h"

#include <algorithm>
#include <cmath>

namespace dllab::training {

namespace {

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    const auto middle = values.begin() + std::ptrdiff_t(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

void meanAndStd(const std::vector<double> &values, double &mean, double &sd)
{
    mean = 0;
    sd = 1;
    if (values.empty())
        return;
    double sum = 0, squares = 0;
    for (double v : values)
        sum += v;
    mean = sum / double(values.size());
    for (double v : values)
        squares += (v - mean) * (v - mean);
    sd = std::sqrt(squares / double(values.size()));
}

} // namespace

bool needsColumnEncoding(const datasets::DatasetContent &content)
{
    if (content.kind != datasets::DatasetKind::Table)
        return false;
    return content.hasTypedColumns()
           || std::any_of(content.values.begin(), content.values.end(),
                          [](float v) { return std::isnan(v); });
}

models::ModelInput fitColumnEncoding(models::ModelInput input,
                                     const datasets::DatasetContent &content,
                                     const std::vector<int64_t> &train)
{
    const size_t width = size_t(content.featureSize());
    input.columns.clear();
    for (size_t c = 0; c < width; ++c) {
        models::InputColumn column;
        column.name =
            c < content.columnNames.size() ? content.columnNames[c] : "f" + std::to_string(c);
        column.type = content.columnType(c);
        if (column.type == datasets::ColumnType::Categorical)
            column.categories = content.columnInfo.at(c).categories;
        if (column.type == datasets::ColumnType::Numeric
            || column.type == datasets::ColumnType::Date) {
            std::vector<double> present;
            present.reserve(train.size());
            for (int64_t row : train) {
                const float cell = content.values[size_t(row) * width + c];
                if (!std::isnan(cell))
                    present.push_back(cell);
            }
            column.fill = median(present);
            std::vector<double> filled(train.size() - present.size(), column.fill);
            filled.insert(filled.end(), present.begin(), present.end());
            if (column.type == datasets::ColumnType::Date)
                for (double &days : filled)
                    days = days / datasets::kDaysPerYear + 1970;
            meanAndStd(filled, column.mean, column.std);
        }
        input.columns.push_back(column);
    }
    if (input.featureWidth() == 0)
        throw Error("no feature column: every column is text; set one with --column "
                    "NAME=categorical when re-importing");
    return input;
}

models::ModelInput fitTarget(models::ModelInput input, const datasets::DatasetContent &content,
                             const std::vector<int64_t> &train)
{
    double sum = 0, squares = 0;
    for (int64_t i : train) {
        const double y = content.targets.at(size_t(i));
        sum += y;
        squares += y * y;
    }
    const double n = double(std::max<size_t>(train.size(), 1));
    input.targetMean = sum / n;
    input.targetStd = std::sqrt(std::max(0.0, squares / n - input.targetMean * input.targetMean));
    if (!(input.targetStd > 1e-12))
        input.targetStd = 1.0; // a constant target: predict it, unscaled
    return input;
}

} // namespace dllab::training
