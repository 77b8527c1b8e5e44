#include "dataset_content.h"

namespace dllab::datasets {

const char *kindName(DatasetKind kind) { return kind == DatasetKind::Image ? "image" : "table"; }

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

int64_t DatasetContent::featureSize() const
{
    int64_t size = 1;
    for (int64_t dim : featureShape)
        size *= dim;
    return featureShape.empty() ? 0 : size;
}

} // namespace dllab::datasets
