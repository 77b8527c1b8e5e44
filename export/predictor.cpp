#include "predictor.h"

#include "torchscript_export.h"
#include "trained_model.h"
#include "workspace/error.h"

namespace dllab::exporting {

Predictor predictorForRun(workspace::Workspace &ws, const std::string &runRef)
{
    auto trained = std::make_shared<TrainedModel>(loadTrainedModel(ws, runRef));
    Predictor p;
    p.source = "run " + trained->run.name + " (id " + std::to_string(trained->run.id) + ")";
    p.input = {trained->input.image, trained->input.shape, trained->columns,
               trained->input.columns};
    p.classNames = trained->classNames;
    if (trained->input.regression)
        p.target = trained->input.target;
    p.forward = [trained](const torch::Tensor &x) {
        torch::NoGradGuard noGrad;
        return trained->model->forward(x);
    };
    return p;
}

Predictor predictorForExport(const std::filesystem::path &path)
{
    const auto file = std::filesystem::is_directory(path) ? path / "model.pt" : path;
    if (!std::filesystem::exists(file))
        throw Error(path.string() + " holds no model.pt (predict reads TorchScript exports)");
    if (file.extension() == ".onnx" || file.extension() == ".mar")
        throw Error(file.string()
                    + ": predict runs TorchScript (.pt) exports and runs; give the "
                      "model.pt of the same export");
    auto loaded = std::make_shared<LoadedTorchScript>(loadTorchScript(file));
    const nlohmann::json &card = loaded->card;
    if (!card.is_object() || !card.contains("input") || !card.contains("class_names"))
        throw Error(file.string() + " has no dllab model card; it was not exported by dllab");
    Predictor p;
    p.source = file.string();
    const auto &input = card.at("input");
    p.input.image = input.at("kind") == "image";
    const auto shape = input.at("shape").get<std::vector<int64_t>>();
    p.input.shape.assign(shape.begin() + 1, shape.end());
    p.input.columns = input.value("columns", std::vector<std::string>{});
    if (input.contains("column_types"))
        p.input.typed = models::modelInputFromJson({{"image", false},
                                                    {"shape", p.input.shape},
                                                    {"classes", 0},
                                                    {"columns", input["column_types"]}})
                            .columns;
    p.classNames = card.at("class_names").get<std::vector<std::string>>();
    if (card.value("task", std::string()) == "regression")
        p.target =
            card.value("target", nlohmann::json::object()).value("name", std::string("value"));
    p.forward = [loaded](const torch::Tensor &x) {
        torch::NoGradGuard noGrad;
        return loaded->module.forward({x}).toTensor();
    };
    return p;
}

nlohmann::json predict(const Predictor &predictor, const torch::Tensor &x,
                       const std::vector<std::string> &names, int64_t topK)
{
    if (topK < 1)
        throw Error("predict: --top-k must be at least 1, not " + std::to_string(topK));
    if (x.size(0) == 0)
        throw Error("predict: the inputs hold no samples to predict");
    const torch::Tensor logits = predictor.forward(x).contiguous();
    if (!predictor.target.empty()) {
        nlohmann::json out = nlohmann::json::array();
        const torch::Tensor values = logits.reshape({-1}).to(torch::kFloat).contiguous();
        for (int64_t i = 0; i < values.size(0); ++i)
            out.push_back({{"input", names.at(size_t(i))},
                           {"target", predictor.target},
                           {"value", values[i].item<float>()}});
        return out;
    }
    const torch::Tensor probabilities = torch::softmax(logits, 1);
    const int64_t k = std::max<int64_t>(1, std::min<int64_t>(topK, logits.size(1)));
    const auto top = probabilities.topk(k, 1);
    const torch::Tensor values = std::get<0>(top), indices = std::get<1>(top);
    nlohmann::json out = nlohmann::json::array();
    for (int64_t i = 0; i < logits.size(0); ++i) {
        nlohmann::json best = nlohmann::json::array();
        for (int64_t j = 0; j < k; ++j) {
            const int64_t c = indices[i][j].item<int64_t>();
            best.push_back({{"label", predictor.classNames.at(size_t(c))},
                            {"index", c},
                            {"probability", values[i][j].item<double>()}});
        }
        const float *row = logits[i].data_ptr<float>();
        out.push_back({{"input", names.at(size_t(i))},
                       {"label", best[0]["label"]},
                       {"index", best[0]["index"]},
                       {"top", best},
                       {"logits", std::vector<float>(row, row + logits.size(1))}});
    }
    return out;
}

} // namespace dllab::exporting
