#pragma once
// One archive per checkpoint (DESIGN.md §7): model weights, optimizer state, the dropout
// generator's state and a JSON document of everything else (epoch, step, best so far, timing).
// Written to a pending blob and renamed into the store, so a checkpoint is whole or absent.
// Engine code only; the run's thread.
#include "flat_optimizer.h"
#include "models/classifier.h"
#include "workspace/blob_store.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace dllab::training {

// Returns the blob's hash.
std::string saveCheckpoint(const workspace::BlobStore &blobs, models::ClassifierImpl &model,
                           const FlatOptimizer &optimizer, const nlohmann::json &meta);

class CheckpointReader {
public:
    explicit CheckpointReader(const std::filesystem::path &file);

    nlohmann::json meta();
    // Into a model that has no optimizer yet (Module::load replaces parameter storage).
    void loadModel(models::ClassifierImpl &model);
    void loadOptimizer(FlatOptimizer &optimizer);

private:
    std::filesystem::path m_file;
    torch::serialize::InputArchive m_archive;
};

} // namespace dllab::training
