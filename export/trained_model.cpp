#include "trained_model.h"

#include "training/checkpoint.h"
#include "workspace/error.h"

namespace dllab::exporting {

TrainedModel loadTrainedModel(workspace::Workspace &ws, const std::string &runRef)
{
    training::RunStore runs(ws);
    TrainedModel t;
    t.run = runs.get(runRef);
    const auto artifacts = runs.artifacts(t.run.id, "model");
    if (artifacts.empty())
        throw Error("run " + t.run.name + " (id " + std::to_string(t.run.id)
                    + ") has no trained model yet: its status is " + t.run.status
                    + "; export and predict need a run that finished training");
    const auto &artifact = artifacts.back();
    t.modelBlob = artifact.blob;
    t.artifactMeta = artifact.meta;
    try {
        t.modelSpec = artifact.meta.at("model");
        t.input = models::modelInputFromJson(artifact.meta.at("input"));
        t.classNames = artifact.meta.at("class_names").get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception &e) {
        throw Error("run " + t.run.name + ": its model artifact lacks the model description ("
                    + e.what() + ")");
    }
    if (!t.run.datasetRef.empty()) {
        try {
            t.version = datasets::DatasetStore(ws).show(t.run.datasetRef);
            t.columns = t.version->columns;
        } catch (const Error &) {
            // The version was deleted after training; the model card says so.
        }
    }
    t.model = models::buildModel(t.modelSpec, t.input, 0);
    const auto file = ws.blobs().pathOf(t.modelBlob);
    if (!ws.blobs().contains(t.modelBlob))
        throw Error("run " + t.run.name + ": its model blob " + t.modelBlob + " is missing");
    training::CheckpointReader(file).loadModel(*t.model);
    t.model->to(torch::kCPU);
    t.model->eval();
    return t;
}

} // namespace dllab::exporting
