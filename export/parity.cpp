#include "parity.h"

namespace dllab::exporting {

ParityBatch parityBatch(workspace::Workspace &ws, const TrainedModel &t, int64_t limit)
{
    std::vector<int64_t> shape{0};
    shape.insert(shape.end(), t.input.shape.begin(), t.input.shape.end());
    if (!t.version) {
        shape[0] = limit;
        torch::Tensor x = t.input.image ? torch::rand(shape) : torch::randn(shape);
        return {x, "random inputs (the run's dataset version is gone)"};
    }
    const auto content = datasets::DatasetStore(ws).load(*t.version);
    std::vector<int64_t> indices;
    std::string split = "first samples";
    for (const char *name : {"test", "val"}) {
        const auto it = content.splits.find(name);
        if (it != content.splits.end() && !it->second.empty()) {
            indices = it->second;
            split = std::string(name) + " split";
            break;
        }
    }
    if (indices.empty())
        for (int64_t i = 0; i < content.samples(); ++i)
            indices.push_back(i);
    if (int64_t(indices.size()) > limit)
        indices.resize(size_t(limit));
    shape[0] = int64_t(indices.size());
    const int64_t width = content.featureSize();
    torch::Tensor x = torch::empty(shape, torch::kFloat);
    float *out = x.data_ptr<float>();
    for (size_t row = 0; row < indices.size(); ++row) {
        const size_t from = size_t(indices[row] * width);
        for (int64_t k = 0; k < width; ++k) {
            out[int64_t(row) * width + k] = content.kind == datasets::DatasetKind::Image
                                                ? float(content.pixels[from + size_t(k)]) / 255.0f
                                                : content.values[from + size_t(k)];
        }
    }
    return {x,
            t.version->ref() + " " + split + " (" + std::to_string(indices.size()) + " samples)"};
}

double maxAbsDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    if (a.sizes() != b.sizes())
        return std::numeric_limits<double>::infinity();
    if (a.numel() == 0)
        return 0.0;
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

} // namespace dllab::exporting
