#include "torchscript_export.h"

#include "workspace/error.h"
#include "workspace/file_write.h"
#include "workspace/json_text.h"

#include <cstdio>
#include <sstream>

namespace dllab::exporting {

namespace {

std::string number(double value)
{
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

std::string attr(const std::string &name) { return name.empty() ? "None" : "self." + name; }

// One line of Python per node; every op is an aten builtin, so the module needs no Python code
// of ours to load.
std::string expression(const Node &n)
{
    const auto in = [&](size_t i) { return n.inputs.at(i); };
    const auto p = [&](size_t i) { return attr(n.params.at(i)); };
    switch (n.kind) {
    case OpKind::Normalize:
        // addcmul as ClassifierImpl::forward computes it, so the rounding is the same.
        return "torch.addcmul(" + p(1) + ", " + in(0) + ", " + p(0) + ")";
    case OpKind::Linear:
        return "torch.linear(" + in(0) + ", " + p(0) + ", " + p(1) + ")";
    case OpKind::Conv2d:
        return "torch.conv2d(" + in(0) + ", " + p(0) + ", " + p(1) + ", ["
               + std::to_string(n.stride) + ", " + std::to_string(n.stride) + "], ["
               + std::to_string(n.padding) + ", " + std::to_string(n.padding) + "])";
    case OpKind::BatchNorm:
        return "torch.batch_norm(" + in(0) + ", " + p(0) + ", " + p(1) + ", " + p(2) + ", " + p(3)
               + ", False, 0.0, " + number(n.eps) + ", True)";
    case OpKind::Relu:
        return "torch.relu(" + in(0) + ")";
    case OpKind::Tanh:
        return "torch.tanh(" + in(0) + ")";
    case OpKind::Gelu:
        return "torch.gelu(" + in(0) + ")";
    case OpKind::MaxPool:
        return "torch.max_pool2d(" + in(0) + ", [" + std::to_string(n.kernel) + ", "
               + std::to_string(n.kernel) + "])";
    case OpKind::Flatten:
        return "torch.flatten(" + in(0) + ", 1)";
    case OpKind::GlobalAvgPool:
        return "torch.flatten(torch.adaptive_avg_pool2d(" + in(0) + ", [1, 1]), 1)";
    case OpKind::Add:
        return "torch.add(" + in(0) + ", " + in(1) + ")";
    case OpKind::FillMissing:
        return "torch.where(torch.isnan(" + in(0) + "), " + p(0) + ", " + in(0) + ")";
    case OpKind::MatMul:
        return "torch.matmul(" + in(0) + ", " + p(0) + ")";
    case OpKind::Equal:
        return "torch.eq(" + in(0) + ", " + p(0) + ").float()";
    case OpKind::Sub:
        return "torch.sub(" + in(0) + ", " + in(1) + ")";
    case OpKind::Floor:
        return "torch.floor(" + in(0) + ")";
    case OpKind::Sin:
        return "torch.sin(" + in(0) + ")";
    case OpKind::Cos:
        return "torch.cos(" + in(0) + ")";
    case OpKind::Fmod:
        return "torch.fmod(" + in(0) + ", " + p(0) + ")";
    case OpKind::Concat: {
        std::string list;
        for (const auto &input : n.inputs)
            list += (list.empty() ? "" : ", ") + input;
        return "torch.cat([" + list + "], 1)";
    }
    }
    throw Error("export: no TorchScript for op " + std::string(opName(n.kind)));
}

} // namespace

std::string torchScriptSource(const ModelGraph &graph)
{
    std::ostringstream out;
    out << "def forward(self, " << graph.inputValue << ": Tensor) -> Tensor:\n";
    for (const Node &node : graph.nodes)
        out << "    " << node.output << " = " << expression(node) << "\n";
    out << "    return " << graph.outputValue << "\n";
    return out.str();
}

torch::jit::Module toTorchScript(const ModelGraph &graph)
{
    torch::jit::Module module("dllab.Classifier_" + graph.arch);
    for (const auto &[name, tensor] : graph.params)
        module.register_parameter(name, tensor.clone(), /*is_buffer=*/false);
    try {
        module.define(torchScriptSource(graph));
    } catch (const c10::Error &e) {
        throw Error(std::string("export: TorchScript did not compile: ")
                    + e.what_without_backtrace());
    }
    module.eval();
    return module;
}

void saveTorchScript(const ModelGraph &graph, const std::string &modelCardJson,
                     const std::filesystem::path &file)
{
    torch::jit::Module module = toTorchScript(graph);
    torch::jit::ExtraFilesMap extra{{kModelCardExtraFile, modelCardJson}};
    std::ostringstream bytes; // in memory first: see workspace/file_write.h
    try {
        module.save(bytes, extra);
    } catch (const c10::Error &e) {
        throw Error("cannot serialize " + file.string() + ": " + e.what_without_backtrace());
    }
    writeFileBytes(file, bytes.view());
}

LoadedTorchScript loadTorchScript(const std::filesystem::path &file)
{
    torch::jit::ExtraFilesMap extra{{kModelCardExtraFile, ""}};
    LoadedTorchScript loaded;
    try {
        loaded.module = torch::jit::load(file.string(), torch::kCPU, extra);
    } catch (const c10::Error &e) {
        throw Error(file.string() + " is not a TorchScript model: " + e.what_without_backtrace());
    }
    loaded.module.eval();
    const std::string &card = extra[kModelCardExtraFile];
    if (!card.empty())
        loaded.card = parseJsonIfValid(card, file.string() + ": model card").value_or(nullptr);
    return loaded;
}

} // namespace dllab::exporting
