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
                    + ") has no trained model yet: its status is "
                    + training::statusName(t.run.status)
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
        datasets::DatasetStore store(ws);
        try {
            t.version = store.show(t.run.datasetRef);
            t.columns = t.version->columns;
        } catch (const Error &) {
            // The version was deleted after training; the model card says so.
        }
        if (t.version)
            store.requireIntact(*t.version); // its statistics and parity data must be sound
    }
    t.model = modelFromArtifact(ws, t.run, artifact);
    return t;
}

std::shared_ptr<models::ClassifierImpl> modelFromArtifact(workspace::Workspace &ws,
                                                          const training::RunRecord &run,
                                                          const training::ArtifactRecord &artifact)
{
    std::shared_ptr<models::ClassifierImpl> model;
    try {
        model = models::buildModel(artifact.meta.at("model"),
                                   models::modelInputFromJson(artifact.meta.at("input")), 0);
    } catch (const nlohmann::json::exception &e) {
        throw Error("run " + run.name + ": its " + artifact.kind
                    + " artifact lacks the model description (" + e.what() + ")");
    }
    if (!ws.blobs().contains(artifact.blob))
        throw Error("run " + run.name + ": its " + artifact.kind + " blob " + artifact.blob
                    + " is missing");
    if (!ws.blobs().verify(artifact.blob))
        throw Error("run " + run.name + ": its " + artifact.kind + " file "
                    + ws.blobs().pathOf(artifact.blob).string()
                    + " has changed: its bytes no longer match its SHA-256 name");
    training::CheckpointReader(ws.blobs().pathOf(artifact.blob)).loadModel(*model);
    model->to(torch::kCPU);
    model->eval();
    return model;
}

} // namespace dllab::exporting
