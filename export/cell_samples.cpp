#include "cell_samples.h"

#include "datasets/dataset_store.h"
#include "export/trained_model.h"
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
                    + ") has no checkpoint yet: its status is " + training::statusName(run.status));
    return *std::max_element(
        checkpoints.begin(), checkpoints.end(), [](const auto &a, const auto &b) {
            return a.meta.value("epoch", int64_t(0)) < b.meta.value("epoch", int64_t(0));
        });
}

} // namespace

std::shared_ptr<const SplitPredictions> predictSplit(workspace::Workspace &ws, int64_t runId,
                                                     const std::string &split,
                                                     std::shared_ptr<const SplitPredictions> cached)
{
    if (split != "val" && split != "test")
        throw Error("no split '" + split + "' (val or test)");
    training::RunStore runs(ws);
    const training::RunRecord run = runs.get(std::to_string(runId));
    const training::ArtifactRecord checkpoint = lastCheckpoint(runs, run);
    if (cached && cached->runId == runId && cached->split == split
        && cached->checkpointBlob == checkpoint.blob)
        return cached;
    if (run.datasetRef.empty())
        throw Error("run " + run.name + ": its dataset version is gone");
    const training::RunSpec spec = training::parseRunSpec(run.spec);
    datasets::DatasetStore datasets(ws);
    const auto version = datasets.show(run.datasetRef);
    const auto content = datasets.load(version);

    // The same split the run evaluated: computed from the spec, as training computes it.
    const training::RunSplits splits = training::splitForRun(content, spec.valFraction, spec.seed);
    const std::vector<int64_t> &indices = split == "test" ? splits.test : splits.val;
    if (indices.empty())
        throw Error(version.ref() + " gives run " + run.name + " no " + split + " samples");

    const auto model = modelFromArtifact(ws, run, checkpoint);
    training::RunSplits only;
    only.train = indices; // toTensors builds each split; this one is all that is needed
    const training::TensorData data = training::toTensors(content, only, torch::kCPU);
    const auto [confidence, best] =
        torch::softmax(training::evaluationLogits(*model, data.train.x), 1).max(1);

    auto out = std::make_shared<SplitPredictions>();
    out->runId = runId;
    out->split = split;
    out->checkpointBlob = checkpoint.blob;
    out->datasetRef = version.ref();
    out->shape = content.featureShape;
    out->sampleSize = content.featureSize();
    out->image = content.kind == datasets::DatasetKind::Image;
    out->classes = int64_t(content.classNames.size());
    out->indices = indices;
    const auto *labels = data.train.y.data_ptr<int64_t>();
    out->labels.assign(labels, labels + indices.size());
    const torch::Tensor top = best.contiguous();
    out->predicted.assign(top.data_ptr<int64_t>(), top.data_ptr<int64_t>() + indices.size());
    const torch::Tensor p = confidence.contiguous();
    out->confidence.assign(p.data_ptr<float>(), p.data_ptr<float>() + indices.size());
    const size_t width = size_t(out->sampleSize);
    for (const int64_t index : indices) {
        const size_t from = size_t(index) * width;
        if (out->image)
            out->pixels.insert(out->pixels.end(), content.pixels.begin() + from,
                               content.pixels.begin() + from + width);
        else
            out->values.insert(out->values.end(), content.values.begin() + from,
                               content.values.begin() + from + width);
    }
    return out;
}

CellSamples cellSamples(const SplitPredictions &predictions, int64_t trueClass, int64_t predicted,
                        int64_t limit)
{
    const int64_t classes = predictions.classes;
    if (trueClass < 0 || trueClass >= classes || predicted < 0 || predicted >= classes)
        throw Error(predictions.datasetRef + " has " + std::to_string(classes)
                    + " classes; no cell (" + std::to_string(trueClass) + ", "
                    + std::to_string(predicted) + ")");
    std::vector<size_t> rows;
    for (size_t row = 0; row < predictions.indices.size(); ++row)
        if (predictions.labels[row] == trueClass && predictions.predicted[row] == predicted)
            rows.push_back(row);
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
        return predictions.confidence[a] > predictions.confidence[b];
    });

    CellSamples out;
    out.datasetRef = predictions.datasetRef;
    out.shape = predictions.shape;
    out.image = predictions.image;
    out.total = int64_t(rows.size());
    const size_t width = size_t(predictions.sampleSize);
    for (size_t i = 0; i < rows.size() && int64_t(i) < limit; ++i) {
        const size_t row = rows[i];
        CellSample sample{predictions.indices[row], double(predictions.confidence[row]), {}, {}};
        const size_t from = row * width;
        if (out.image)
            sample.pixels.assign(predictions.pixels.begin() + from,
                                 predictions.pixels.begin() + from + width);
        else
            sample.values.assign(predictions.values.begin() + from,
                                 predictions.values.begin() + from + width);
        out.samples.push_back(std::move(sample));
    }
    return out;
}

} // namespace dllab::exporting
