#include "checkpoint.h"

#include "workspace/error.h"
#include "workspace/file_write.h"
#include "workspace/json_text.h"

#include <sstream>

namespace dllab::training {

std::string saveCheckpoint(const workspace::BlobStore &blobs, models::ClassifierImpl &model,
                           const FlatOptimizer &optimizer, const nlohmann::json &meta)
{
    torch::serialize::OutputArchive archive;
    torch::serialize::OutputArchive modelArchive(archive.compilation_unit());
    models::saveWeights(model, modelArchive);
    archive.write("model", modelArchive);
    torch::serialize::OutputArchive optimizerArchive(archive.compilation_unit());
    optimizer.save(optimizerArchive);
    archive.write("optimizer", optimizerArchive);
    archive.write("generator", model.generator().get_state());
    archive.write("meta", c10::IValue(meta.dump()));
    auto pending = blobs.newPending(".pt");
    std::ostringstream bytes; // in memory first: see workspace/file_write.h
    try {
        archive.save_to(bytes);
    } catch (const c10::Error &e) {
        throw Error("cannot serialize a checkpoint: " + std::string(e.what_without_backtrace()));
    }
    writeFileBytes(pending.path(), bytes.view());
    return blobs.add(pending);
}

CheckpointReader::CheckpointReader(const std::filesystem::path &file) : m_file(file)
{
    try {
        m_archive.load_from(file.string());
    } catch (const c10::Error &e) {
        throw Error("cannot read checkpoint " + file.string() + ": " + e.what_without_backtrace());
    }
}

nlohmann::json CheckpointReader::meta()
{
    c10::IValue value;
    m_archive.read("meta", value);
    return parseJson(value.toStringRef(), "checkpoint metadata");
}

void CheckpointReader::loadModel(models::ClassifierImpl &model)
{
    torch::serialize::InputArchive modelArchive;
    m_archive.read("model", modelArchive);
    model.load(modelArchive);
    torch::Tensor state;
    m_archive.read("generator", state);
    model.generator().set_state(state);
}

void CheckpointReader::loadOptimizer(FlatOptimizer &optimizer)
{
    torch::serialize::InputArchive optimizerArchive;
    m_archive.read("optimizer", optimizerArchive);
    optimizer.load(optimizerArchive);
}

} // namespace dllab::training
