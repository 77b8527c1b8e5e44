#include "cell_samples.h"

#include "datasets/dataset_store.h"
#include "models/classifier.h"
#include "training/checkpoint.h"
#include "training/data_split.h"
#include "training/run_spec.h"
#include "training/run_store.h"
#include "training/tensor_data.h"
#include "workspace/error.h"

#include <torch/torch.h>

#include <algorithm>

namespace dllab::exporting {

namespace {

// The checkpoint of the run's last epoch: the model its summary's confusion matrix describes.
training::ArtifactRecord lastCheckpoint(training::RunStore &runs, const training::RunRecord &run)
{
    auto checkpoints = runs.artifacts(run.id, "checkpoint");
    if (checkpoints.empty())
        throw Error("run " + run.name + " (id " + std::to_string(run.id)
                    + ") has no checkpoint yet: its status is " + run.status);
    return *std::max_element(checkpoints.begin(), checkpoints.end(), [](const auto &a, const auto &b) {
        return a.meta.value("epoch", int64_t(0)) < b.meta.value("epoch", int64_t(0));
    });
}

} // namespace

CellSamples cellSamples(workspace::Workspace &ws, int64_t runId, const std::string &split,
                        int64_t trueClass, int64_t predicted, int64_t limit)
{
    training::RunStore runs(ws);
    const training::RunRecord run = runs.get(std::to_string(runId));
    if (run.datasetRef.empty())
        throw Error("run " + run.name + ": its dataset version is gone");
    const training::RunSpec spec = training::parseRunSpec(run.spec);
    datasets::DatasetStore datasets(ws);
    const auto version = datasets.show(run.datasetRef);
    const auto content = datasets.load(version.ref());
    const int64_t classes = int64_t(content.classNames.size());
    if (trueClass < 0 || trueClass >= classes || predicted < 0 || predicted >= classes)
        throw Error(version.ref() + " has " + std::to_string(classes) + " classes; no cell ("
                    + std::to_string(trueClass) + ", " + std::to_string(predicted) + ")");

    // The same split the run evaluated: computed from the spec, as training computes it.
    const training::RunSplits splits = training::splitForRun(content, spec.valFraction, spec.seed);
    const std::vector<int64_t> &indices = split == "test" ? splits.test : splits.val;
    if (split != "val" && split != "test")
        throw Error("no split '" + split + "' (val or test)");
    if (indices.empty())
        throw Error(version.ref() + " gives run " + run.name + " no " + split + " samples");

    const training::ArtifactRecord checkpoint = lastCheckpoint(runs, run);
    const auto input = models::modelInputFor(version);
    auto model = models::buildModel(models::completeModelSpec(spec.model, input), input, 0);
    training::CheckpointReader(ws.blobs().pathOf(checkpoint.blob)).loadModel(*model);
    model->to(torch::kCPU);
    model->eval();

    training::RunSplits only;
    only.train = indices; // toTensors builds each split; this one is all that is needed
    const training::TensorData data = training::toTensors(content, only, torch::kCPU);
    torch::Tensor probabilities;
    {
        torch::NoGradGuard noGrad;
        probabilities = torch::softmax(model->forward(data.train.x), 1);
    }
    const torch::Tensor best = probabilities.argmax(1);

    CellSamples out;
    out.datasetRef = version.ref();
    out.shape = content.featureShape;
    out.image = content.kind == datasets::DatasetKind::Image;
    const auto *labels = data.train.y.data_ptr<int64_t>();
    const auto *argmax = best.data_ptr<int64_t>();
    const auto p = probabilities.accessor<float, 2>();
    for (size_t row = 0; row < indices.size(); ++row)
        if (labels[row] == trueClass && argmax[row] == predicted)
            out.samples.push_back({indices[row], double(p[int64_t(row)][predicted]), {}, {}});
    out.total = int64_t(out.samples.size());
    std::stable_sort(out.samples.begin(), out.samples.end(),
                     [](const CellSample &a, const CellSample &b) { return a.confidence > b.confidence; });
    if (int64_t(out.samples.size()) > limit)
        out.samples.resize(size_t(limit));
    const int64_t width = content.featureSize();
    for (CellSample &sample : out.samples) {
        const size_t from = size_t(sample.index * width);
        if (out.image)
            sample.pixels.assign(content.pixels.begin() + from, content.pixels.begin() + from + width);
        else
            sample.values.assign(content.values.begin() + from, content.values.begin() + from + width);
    }
    return out;
}

} // namespace dllab::exporting
