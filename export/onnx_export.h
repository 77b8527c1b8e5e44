#pragma once
// ONNX export: a ModelProto built through the ONNX protobuf API (opset 13, IR version 7, weights
// as initializers, the model card in metadata_props), checked with onnx::checker before it is
// written. The graph input is "input" (float32, batch x sample shape) and the output "logits".
// Engine code only; any one thread.
#include "model_graph.h"

#include <filesystem>
#include <string>

namespace dllab::exporting {

inline constexpr int64_t kOnnxOpset = 13;
inline constexpr int64_t kOnnxIrVersion = 7; // the IR version that goes with opset 13
inline constexpr const char *kOnnxInput = "input";
inline constexpr const char *kOnnxOutput = "logits";

// The serialized, checked ModelProto. Throws dllab::Error when the checker refuses it.
std::string toOnnx(const ModelGraph &graph, const std::string &modelCardJson);

void saveOnnx(const ModelGraph &graph, const std::string &modelCardJson,
              const std::filesystem::path &file);

} // namespace dllab::exporting
