#pragma once
// Triton export: a model repository with the TorchScript model (<repo>/<name>/1/model.pt,
// platform pytorch_libtorch, tensors INPUT__0 / OUTPUT__0 as Triton's PyTorch backend names them)
// and the ONNX model (<repo>/<name>_onnx/1/model.onnx, platform onnxruntime_onnx, tensors named
// as in the ONNX graph). Each model folder has config.pbtxt (protobuf text format of Triton's
// ModelConfig), labels.txt for the classification extension, and the model card.
// Engine code; any one thread.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dllab::exporting {

inline constexpr int64_t kTritonMaxBatchSize = 64;

struct TritonTensor {
    std::string name;
    std::vector<int64_t> dims; // without the batch dimension
    std::string labelFile;     // outputs only; empty: none
};

struct TritonModel {
    std::string name, platform;
    TritonTensor input, output;
};

std::string tritonConfig(const TritonModel &model);

struct TritonRepository {
    std::string modelName;
    std::vector<int64_t> sampleShape;
    int64_t classes = 0;
    std::vector<std::string> classNames;
    std::filesystem::path torchScriptFile, onnxFile;
    std::string cardJson, cardMarkdown;
};

// Writes <repo>/<name>/ and <repo>/<name>_onnx/; returns the files written.
std::vector<std::filesystem::path> writeTritonRepository(const TritonRepository &contents,
                                                         const std::filesystem::path &repo);

} // namespace dllab::exporting
