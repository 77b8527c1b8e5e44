#pragma once
// TorchScript export: a torch::jit::Module whose parameters are the graph's weights and whose
// forward is TorchScript source generated from the graph, saved with the model card as the extra
// file "model_card.json". Python's torch.jit.load and LibTorch's torch::jit::load both read it.
// Engine code only; one thread per module.
#include "model_graph.h"

#include <torch/script.h>

#include <filesystem>
#include <string>

namespace dllab::exporting {

inline constexpr const char *kModelCardExtraFile = "model_card.json";

// The forward method's TorchScript source (also useful to show the user what was exported).
std::string torchScriptSource(const ModelGraph &graph);

torch::jit::Module toTorchScript(const ModelGraph &graph);

// Throws dllab::Error naming the file when it cannot be written.
void saveTorchScript(const ModelGraph &graph, const std::string &modelCardJson,
                     const std::filesystem::path &file);

struct LoadedTorchScript {
    torch::jit::Module module;
    nlohmann::json card; // null when the file carries no model card
};

// On the CPU, in eval mode. Throws dllab::Error naming the file when it is not TorchScript.
LoadedTorchScript loadTorchScript(const std::filesystem::path &file);

} // namespace dllab::exporting
