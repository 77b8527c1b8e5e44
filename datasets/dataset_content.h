#pragma once
// A dataset version's content held in memory: features, labels, class names, splits. Importers
// produce it; the version file (HDF5) stores it. A plain value; use it from one thread at a time.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dllab::datasets {

enum class DatasetKind { Image, Table };

const char *kindName(DatasetKind kind); // "image" | "table"

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
    // Named index lists into the samples ("train", "val", "test"); sorted ascending.
    std::map<std::string, std::vector<int64_t>> splits;
    std::vector<std::string> sourceFiles;

    int64_t samples() const { return int64_t(labels.size()); }
    int64_t featureSize() const;
};

} // namespace dllab::datasets
