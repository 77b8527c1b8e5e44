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

// What the label is: a class (labels index classNames) or a number to predict (targets).
enum class Task { Classification, Regression };

const char *taskName(Task task); // "classification" | "regression"
std::optional<Task> parseTask(std::string_view name);

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
    Task task = Task::Classification;
    std::vector<int64_t> labels; // classification: N class indices into classNames
    std::vector<std::string> classNames;
    std::vector<float> targets; // regression: N values of the label column
    std::string labelName;      // tables: the label column's name in the source; may be empty
    std::vector<std::string> columnNames; // tables: the feature columns
    std::vector<ColumnInfo> columnInfo;   // tables: per column; missing entries are numeric
    // What the reader left out or changed, for the import summary ("3 rows without a label").
    std::vector<std::string> notes;
    // Named index lists into the samples ("train", "val", "test"); sorted ascending.
    std::map<std::string, std::vector<int64_t>> splits;
    std::vector<std::string> sourceFiles;

    int64_t samples() const
    {
        return int64_t(task == Task::Regression ? targets.size() : labels.size());
    }
    int64_t featureSize() const;
    ColumnType columnType(size_t column) const;
    // True when some column is not numeric (older versions and every image have none).
    bool hasTypedColumns() const;
    // Groups of similar labels for stratified splits: the class, or for regression the decile
    // of the target, so that every split spans the target's range.
    std::vector<int64_t> strata() const;
    // The label of one sample as text: its class name or its target value.
    std::string labelText(int64_t sample) const;
};

} // namespace dllab::datasets
