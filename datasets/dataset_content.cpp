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

int64_t DatasetContent::featureSize() const
{
    int64_t size = 1;
    for (int64_t dim : featureShape)
        size *= dim;
    return featureShape.empty() ? 0 : size;
}

} // namespace dllab::datasets
