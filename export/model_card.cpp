#include "model_card.h"

#include <torch/version.h>

#include <chrono>
#include <ctime>
#include <sstream>

using nlohmann::json;

namespace dllab::exporting {

namespace {

json inputSpec(const TrainedModel &t)
{
    std::vector<int64_t> shape{-1};
    shape.insert(shape.end(), t.input.shape.begin(), t.input.shape.end());
    json spec{{"name", "input"},
              {"dtype", "float32"},
              {"shape", shape},
              {"kind", t.input.image ? "image" : "table"}};
    if (t.input.image) {
        spec["layout"] = "NCHW";
        spec["scaling"] = "pixel values divided by 255, so in [0, 1]";
        spec["channels"] = t.input.shape.at(0);
    } else {
        spec["layout"] = "NF";
        spec["scaling"] = "none: the raw feature values";
        if (!t.columns.empty())
            spec["columns"] = t.columns;
        if (!t.input.columns.empty()) {
            spec["scaling"] = "none: numbers as they are, a category as its index in the "
                              "column's categories, a date as days since 1970-01-01; NaN for a "
                              "missing cell. The model fills, standardises and one-hot encodes";
            spec["column_types"] = models::modelInputJson(t.input)["columns"];
        }
    }
    return spec;
}

std::string listText(const json &values)
{
    std::string text;
    for (const auto &v : values)
        text += (text.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
    return text;
}

} // namespace

std::string utcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

json modelCard(const TrainedModel &t, const std::string &modelName, const std::string &exportedAt)
{
    json dataset{{"ref", t.run.datasetRef.empty() ? t.run.env.value("dataset", std::string())
                                                  : t.run.datasetRef},
                 {"hash", t.run.env.value("dataset_hash", std::string())}};
    if (t.version) {
        dataset["name"] = t.version->dataset;
        dataset["version"] = t.version->number;
        dataset["hash"] = t.version->hash;
        dataset["samples"] = t.version->samples;
        dataset["splits"] = t.version->splits;
    }
    const json metrics = t.run.summary.value("metrics", json::object());
    const json output =
        t.input.regression
            ? json{{"name", "logits"},
                   {"dtype", "float32"},
                   {"shape", {-1, 1}},
                   {"meaning", "the predicted " + t.input.target + ", in its own units"}}
            : json{{"name", "logits"},
                   {"dtype", "float32"},
                   {"shape", {-1, t.input.classes}},
                   {"meaning", "unnormalised class scores; softmax gives probabilities"}};
    json card{
        {"model_name", modelName},
        {"run",
         {{"id", t.run.id},
          {"name", t.run.name},
          {"status", training::statusName(t.run.status)},
          {"created_at", t.run.createdAt},
          {"ended_at", t.run.endedAt},
          {"epoch", t.artifactMeta.value("epoch", int64_t(0))}}},
        {"dataset", dataset},
        {"metrics", metrics},
        {"model", t.modelSpec},
        {"input", inputSpec(t)},
        {"task", t.input.regression ? "regression" : "classification"},
        {"output", output},
        {"class_names", t.classNames},
        {"normalization",
         {{"mean", t.input.mean},
          {"std", t.input.std},
          {"per", t.input.image ? "channel" : "feature"},
          {"where", "inside the model: (x - mean) / std"}}},
        {"libtorch_version", TORCH_VERSION},
        {"dllab_version", DLLAB_VERSION},
        {"exported_at", exportedAt},
    };
    if (t.input.regression)
        card["target"] = {{"name", t.input.target},
                          {"mean", t.input.targetMean},
                          {"std", t.input.targetStd},
                          {"where", "inside the model: the network's output * std + mean"}};
    return card;
}

std::string modelCardMarkdown(const json &card)
{
    std::ostringstream md;
    const json &run = card.at("run"), &input = card.at("input"), &dataset = card.at("dataset");
    const bool regression = card.value("task", std::string()) == "regression";
    const json target = card.value("target", json::object());
    md << "# Model card: " << card.at("model_name").get<std::string>() << "\n\n"
       << "A `" << card.at("model").value("arch", std::string("?")) << "` "
       << (regression ? "regression model predicting `" + target.value("name", std::string()) + "`"
                      : std::string("classifier"))
       << " trained by dllab run " << run.at("name").get<std::string>() << " (id " << run.at("id")
       << "), exported " << card.at("exported_at").get<std::string>() << " with LibTorch "
       << card.at("libtorch_version").get<std::string>() << ".\n\n"
       << "## Data\n\n"
       << "- dataset: `" << dataset.value("ref", std::string()) << "`\n"
       << "- content hash: `" << dataset.value("hash", std::string()) << "`\n\n"
       << "## Metrics\n\n| metric | value |\n|---|---|\n";
    for (const auto &[key, value] : card.at("metrics").items())
        md << "| " << key << " | " << value.dump() << " |\n";
    md << "\n## Input\n\n"
       << "- name `" << input.at("name").get<std::string>() << "`, dtype "
       << input.at("dtype").get<std::string>() << ", shape [" << listText(input.at("shape"))
       << "] (" << input.at("layout").get<std::string>() << ", -1 is the batch)\n"
       << "- scaling: " << input.at("scaling").get<std::string>() << "\n";
    if (input.contains("columns"))
        md << "- columns: " << listText(input.at("columns")) << "\n";
    const json &norm = card.at("normalization");
    md << "- normalisation " << norm.at("where").get<std::string>() << ", per "
       << norm.at("per").get<std::string>() << ": mean [" << listText(norm.at("mean")) << "], std ["
       << listText(norm.at("std")) << "]\n\n"
       << "## Output\n\n`logits`, float32, shape [" << listText(card.at("output").at("shape"))
       << "]: " << card.at("output").value("meaning", std::string()) << ".\n\n";
    if (regression)
        md << "The network learns the standardised target; its output is scaled back inside the "
              "model (* "
           << target.value("std", 1.0) << " + " << target.value("mean", 0.0)
           << ", the train split's std and mean).\n\n";
    else
        md << "Classes, in output order: " << listText(card.at("class_names")) << "\n\n";
    md << "## Model spec\n\n```json\n" << card.at("model").dump(2) << "\n```\n";
    return md.str();
}

} // namespace dllab::exporting
