#pragma once
// The torch side of models/: every architecture is a ClassifierImpl that takes raw inputs
// (pixels in [0,1] or raw feature values) and normalises them itself with buffers saved in the
// model, so checkpoints and exports need no separate preprocessing (DESIGN.md §5).
// Engine code only (includes torch); a model is used from one thread, its run's.
#include "model_spec.h"
#include "table_encoder.h"

#include <torch/torch.h>

#include <memory>
#include <optional>

namespace dllab::models {

class ClassifierImpl : public torch::nn::Module {
public:
    // raw: N x shape; returns logits N x classes, or for regression N x 1 predictions in the
    // target's units.
    torch::Tensor forward(torch::Tensor raw);

    // Parameters drawn from `generator` (PyTorch's default bounds, 1/sqrt(fan_in)), so a run's
    // initial weights depend on its seed only, not on other runs sharing the global generator.
    void initParameters(at::Generator &generator);
    // Dropout draws masks from this generator; its state travels with checkpoints.
    at::Generator &generator() { return m_generator; }
    // The column encoder of a table with typed columns; null otherwise.
    const TableEncoder *encoder() const { return m_encoder ? &*m_encoder : nullptr; }

protected:
    explicit ClassifierImpl(const ModelInput &input, double dropout);
    virtual torch::Tensor body(torch::Tensor x) = 0;

    torch::Tensor activate(torch::Tensor x) const;
    torch::Tensor dropout(torch::Tensor x);
    void setActivation(const std::string &name);

    // Fully connected layers from `width` inputs through `hidden` to the classes, registered as
    // fc0, fc1, ... (the names checkpoints and exports hold); the last one gives the logits.
    std::vector<torch::nn::Linear>
    addFullyConnected(int64_t width, const std::vector<int64_t> &hidden, int64_t classes);
    // x through those layers, with the activation and dropout after each but the last.
    torch::Tensor fullyConnected(std::vector<torch::nn::Linear> &layers, torch::Tensor x);

private:
    torch::Tensor m_scale, m_shift;             // x * scale + shift == (x - mean) / std
    torch::Tensor m_outputScale, m_outputShift; // regression: head * std + mean; else undefined
    std::optional<TableEncoder> m_encoder;      // tables with typed columns, instead of scale/shift
    at::Generator m_generator;
    double m_dropout = 0.0;
    int m_activation = 0; // 0 relu, 1 tanh, 2 gelu
};

// Module::save without sharing storage: parameters may be views into an optimizer's flat buffer,
// which torch would otherwise write whole for each one. Module::load reads the result.
void saveWeights(const torch::nn::Module &module, torch::serialize::OutputArchive &archive);

// Builds the model of a completed spec (completeModelSpec) with weights drawn from `seed`.
std::shared_ptr<ClassifierImpl> buildModel(const nlohmann::json &spec, const ModelInput &input,
                                           uint64_t seed);

} // namespace dllab::models
