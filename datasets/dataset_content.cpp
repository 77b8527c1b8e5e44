#include "dataset_content.h"

namespace dllab::datasets {

const char *kindName(DatasetKind kind) { return kind == DatasetKind::Image ? "image" : "table"; }

int64_t DatasetContent::featureSize() const
{
    int64_t size = 1;
    for (int64_t dim : featureShape)
        size *= dim;
    return featureShape.empty() ? 0 : size;
}

} // namespace dllab::datasets
