#include "model_graph.h"

#include "workspace/error.h"

namespace dllab::exporting {

const char *opName(OpKind kind)
{
    switch (kind) {
    case OpKind::Normalize:
        return "normalize";
    case OpKind::Linear:
        return "linear";
    case OpKind::Conv2d:
        return "conv2d";
    case OpKind::BatchNorm:
        return "batch_norm";
    case OpKind::Relu:
        return "relu";
    case OpKind::Tanh:
        return "tanh";
    case OpKind::Gelu:
        return "gelu";
    case OpKind::MaxPool:
        return "max_pool";
    case OpKind::Flatten:
        return "flatten";
    case OpKind::GlobalAvgPool:
        return "global_avg_pool";
    case OpKind::Add:
        return "add";
    case OpKind::FillMissing:
        return "fill_missing";
    case OpKind::MatMul:
        return "matmul";
    case OpKind::Equal:
        return "equal";
    case OpKind::Sub:
        return "sub";
    case OpKind::Floor:
        return "floor";
    case OpKind::Sin:
        return "sin";
    case OpKind::Cos:
        return "cos";
    case OpKind::Fmod:
        return "fmod";
    case OpKind::Concat:
        return "concat";
    }
    return "?";
}

const torch::Tensor &ModelGraph::param(const std::string &name) const
{
    for (const auto &[key, tensor] : params)
        if (key == name)
            return tensor;
    throw Error("export graph has no parameter \"" + name + "\"");
}

} // namespace dllab::exporting
