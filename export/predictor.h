#pragma once
// Prediction with a run's trained model or with an exported TorchScript file: raw inputs in,
// logits and top-k class probabilities out. Engine code only; one thread per Predictor.
#include "workspace/workspace.h"

#include "models/model_spec.h"
#include <nlohmann/json.hpp>

#include <torch/torch.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dllab::exporting {

struct InputSpec {
    bool image = false;
    std::vector<int64_t> shape;       // one sample: {C, H, W} or {F}
    std::vector<std::string> columns; // tables, when known
    // Tables with typed columns: CSV rows are raw (text categories, dates, missing cells) and
    // are stored as the model takes them (models/table_encoder.h).
    std::vector<models::InputColumn> typed;
};

struct Predictor {
    std::string source; // "run run-3 (id 3)" or the file
    InputSpec input;
    std::vector<std::string> classNames;
    std::string target; // regression: the predicted column's name; empty for classes
    std::function<torch::Tensor(const torch::Tensor &)> forward; // N x shape -> N x K logits
};

Predictor predictorForRun(workspace::Workspace &ws, const std::string &runRef);
// A TorchScript file exported by dllab (its model card says the input and the classes), or an
// export folder holding model.pt. Throws dllab::Error naming the file otherwise.
Predictor predictorForExport(const std::filesystem::path &path);

// Per sample: {"input", "label", "index", "top": [{"label", "probability"}], "logits"}; for
// regression {"input", "target", "value"} (the prediction in the target's units).
nlohmann::json predict(const Predictor &predictor, const torch::Tensor &x,
                       const std::vector<std::string> &names, int64_t topK);

} // namespace dllab::exporting
