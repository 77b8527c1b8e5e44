#pragma once
// A trained classifier as a small dataflow graph of named values and weights: the one
// description from which the TorchScript source and the ONNX graph are both generated, so the
// two exports cannot drift apart. Engine code only; a graph is a plain value (any one thread).
#include "models/classifier.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace dllab::exporting {

enum class OpKind {
    Normalize, // x * scale + shift, per channel or feature (params: scale, shift)
    Linear,    // x W^T + b (params: weight, bias)
    Conv2d,    // params: weight, bias or ""; kernel from the weight, stride, padding
    BatchNorm, // eval mode (params: weight, bias, running_mean, running_var); eps
    Relu,
    Tanh,
    Gelu,          // exact (erf) form, as torch::gelu's default
    MaxPool,       // kernel == stride, floor mode
    Flatten,       // to N x rest
    GlobalAvgPool, // N x C x H x W -> N x C
    Add,
    // The table encoder's ops (models/table_encoder.h):
    FillMissing, // NaN -> fill (params: fill)
    MatMul,      // x W (params: W)
    Equal,       // 1.0 where x == values, else 0.0 (params: values)
    Sub,         // inputs[0] - inputs[1]
    Floor,
    Sin,
    Cos,
    Fmod,   // C's fmod(x, divisor) (params: divisor)
    Concat, // the inputs side by side (dimension 1)
};

const char *opName(OpKind kind);

struct Node {
    OpKind kind = OpKind::Relu;
    std::vector<std::string> inputs; // value names
    std::string output;
    std::vector<std::string> params; // parameter names; "" where an optional one is absent
    int64_t kernel = 0, stride = 1, padding = 0;
    double eps = 1e-5;
};

struct ModelGraph {
    std::string arch;
    models::ModelInput input;
    std::string inputValue = "x", outputValue;
    // Weights by name (identifier-safe: "fc0_weight"), float32, contiguous, on the CPU.
    std::vector<std::pair<std::string, torch::Tensor>> params;
    std::vector<Node> nodes;

    const torch::Tensor &param(const std::string &name) const;
};

// The graph of `model` (built by models::buildModel from the completed `spec`), with its current
// weights. Throws dllab::Error when the model has parameters the graph does not account for, so
// an architecture change in models/ fails loudly instead of exporting a different network.
ModelGraph buildGraph(models::ClassifierImpl &model, const nlohmann::json &spec,
                      const models::ModelInput &input);

} // namespace dllab::exporting
