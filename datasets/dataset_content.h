#pragma once
// A dataset version's content held in memory: features, labels, class names, splits. Importers
// produce it; the version file (HDF5) stores it. A plain value; use it from one thread at a time.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dllab::datasets {

enum class DatasetKind { Image, Table };

const char *kindName(DatasetKind kind); // "image" | "table"

// What a table column holds. In `values` a numeric cell is its number, a categorical or text
// cell the index of its text in the column's categories, a date the days since 1970-01-01 (UTC,
// the time of day as a fraction); NaN marks a missing cell. Text columns (mostly distinct
// strings: names, IDs) are kept but are not features by default; Ignore is never stored.
enum class ColumnType { Numeric, Categorical, Date, Text, Ignore };

const char *columnTypeName(ColumnType type); // "numeric", "categorical", "date", "text", "ignore"
std::optional<ColumnType> parseColumnType(std::string_view name);

struct ColumnInfo {
    ColumnType type = ColumnType::Numeric;
    std::vector<std::string> categories; // categorical and text columns, sorted
};

// A sample shape as text: "1x28x28" or "4".
std::string shapeText(const std::vector<int64_t> &shape);

struct DatasetContent {
    DatasetKind kind = DatasetKind::Table;
    // Shape of one sample: {C, H, W} for images, {F} for tables.
    std::vector<int64_t> featureShape;
    std::vector<uint8_t> pixels; // images: N*C*H*W, row-major
    std::vector<float> values;   // tables: N*F, row-major
    std::vector<int64_t> labels; // N class indices into classNames
    std::vector<std::string> classNames;
    std::vector<std::string> columnNames; // tables: the feature columns
    std::vector<ColumnInfo> columnInfo;   // tables: per column; missing entries are numeric
    // What the reader left out or changed, for the import summary ("3 rows without a label").
    std::vector<std::string> notes;
    // Named index lists into the samples ("train", "val", "test"); sorted ascending.
    std::map<std::string, std::vector<int64_t>> splits;
    std::vector<std::string> sourceFiles;

    int64_t samples() const { return int64_t(labels.size()); }
    int64_t featureSize() const;
    ColumnType columnType(size_t column) const;
    // True when some column is not numeric (older versions and every image have none).
    bool hasTypedColumns() const;
};

} // namespace dllab::datasets
