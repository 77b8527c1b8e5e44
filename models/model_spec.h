#pragma once
// The model part of a run spec: which architecture and its sizes, as JSON (the same document the
// GUI edits and sweeps fill). No torch here, so Qt code may include it. Any thread.
#include "datasets/dataset_store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dllab::models {

// How one stored table column becomes features inside the model (fitted on the train split):
// numeric: missing -> fill (the median), then (x - mean) / std; categorical: one-hot over its
// categories plus one slot for missing or unseen values; date: the year (standardised) and the
// time of year and day of week as sine/cosine pairs; text: no feature.
struct InputColumn {
    std::string name;
    datasets::ColumnType type = datasets::ColumnType::Numeric;
    std::vector<std::string> categories; // categorical: code k is categories[k]
    double fill = 0, mean = 0, std = 1;

    int64_t width() const; // features it becomes
};

// What a model needs to know about its data; comes from the dataset version.
struct ModelInput {
    bool image = false;
    std::vector<int64_t> shape;    // one sample: {C, H, W} or {F}
    int64_t classes = 0;           // outputs: the classes, or 1 for regression
    std::vector<double> mean, std; // per channel (pixels scaled to [0,1]) or per feature
    // Tables with typed columns or missing cells: one per stored column; the model encodes them
    // (models/table_encoder.h) instead of normalising with mean and std.
    std::vector<InputColumn> columns;
    // Regression: the model answers in the target's units, head * targetStd + targetMean, with
    // both fitted on the train split (training/input_fit.h).
    bool regression = false;
    double targetMean = 0, targetStd = 1;
    std::string target; // regression: the label column's name ("value" when unknown)

    // Inputs of the model's body: the encoded features, or the sample's element count.
    int64_t featureWidth() const;
};

ModelInput modelInputFor(const datasets::VersionInfo &version);

// The "input" a model artifact's meta records (image, shape, classes, mean, std), and back; the
// reading throws nlohmann::json::exception when a required field is missing.
nlohmann::json modelInputJson(const ModelInput &input);
ModelInput modelInputFromJson(const nlohmann::json &j);

// The architectures a spec may name: "mlp", "cnn", "resnet".
const std::vector<std::string> &architectures();

// The spec of `arch` with every field at its default (mlp [256,128] ReLU, cnn LeNet-5).
nlohmann::json defaultModelSpec(const std::string &arch);

// `spec` with missing fields defaulted, after checking every field against `input`; throws
// dllab::Error naming the field ("model.hidden[1] must be a positive integer").
nlohmann::json completeModelSpec(const nlohmann::json &spec, const ModelInput &input);

} // namespace dllab::models
