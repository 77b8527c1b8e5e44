#pragma once
// A finished run's trained model, loaded from its "model" artifact (the best epoch's
// checkpoint) through training/'s checkpoint reader, with what an export needs to describe it.
// Engine code only; use from one thread (it uses that thread's Workspace).
#include "datasets/dataset_store.h"
#include "models/classifier.h"
#include "training/run_store.h"
#include "workspace/workspace.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dllab::exporting {

struct TrainedModel {
    training::RunRecord run;
    nlohmann::json modelSpec; // completed: every field written out
    models::ModelInput input;
    std::vector<std::string> classNames;
    std::vector<std::string> columns;             // tables: the feature names, when known
    std::optional<datasets::VersionInfo> version; // empty when the dataset version is gone
    std::string modelBlob;
    nlohmann::json artifactMeta;                   // epoch, best metric, ...
    std::shared_ptr<models::ClassifierImpl> model; // on the CPU, in eval mode
};

// `runRef` is a run id or name. Throws dllab::Error when the run does not exist or has no
// trained model yet (it names the run and its status).
TrainedModel loadTrainedModel(workspace::Workspace &ws, const std::string &runRef);

// The model a checkpoint or model artifact of `run` holds, built from the description in its
// meta, on the CPU, in eval mode. Throws dllab::Error naming the run when the description or the
// blob is missing.
std::shared_ptr<models::ClassifierImpl> modelFromArtifact(workspace::Workspace &ws,
                                                          const training::RunRecord &run,
                                                          const training::ArtifactRecord &artifact);

} // namespace dllab::exporting
