#include "model_spec.h"

#include "workspace/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

using nlohmann::json;

namespace dllab::models {

namespace {

const std::vector<std::string> kActivations{"relu", "tanh", "gelu"};

json lenetBlocks()
{
    return json::array({
        {{"channels", 6}, {"kernel", 5}, {"padding", 2}, {"pool", 2}, {"batch_norm", false}},
        {{"channels", 16}, {"kernel", 5}, {"padding", 0}, {"pool", 2}, {"batch_norm", false}},
    });
}

[[noreturn]] void fail(const std::string &field, const std::string &problem)
{
    throw Error("model." + field + " " + problem);
}

// Sizes past these are typos, and would allocate gigabytes before failing deep inside torch.
constexpr int64_t kMaxWidth = 65536;   // units of a layer, channels of a conv
constexpr int64_t kMaxLayers = 256;    // entries of hidden, fc, channels, blocks
constexpr int64_t kMaxSmall = 64;      // kernel, padding, pool, blocks_per_stage
constexpr double kMaxParameters = 5e8; // 2 GB of float weights, 8 GB with Adam's state

int64_t positiveInt(const json &value, const std::string &field, int64_t minimum = 1,
                    int64_t maximum = kMaxWidth)
{
    if (!value.is_number_integer() || value.get<int64_t>() < minimum
        || value.get<int64_t>() > maximum)
        fail(field, "must be an integer from " + std::to_string(minimum) + " to "
                        + std::to_string(maximum)
                        + (value.is_null() ? "" : ", not " + value.dump()));
    return value.get<int64_t>();
}

void checkIntList(const json &list, const std::string &field, bool allowEmpty)
{
    if (!list.is_array() || (!allowEmpty && list.empty()))
        fail(field, "must be a list of positive integers");
    if (int64_t(list.size()) > kMaxLayers)
        fail(field, "has " + std::to_string(list.size()) + " entries; at most "
                        + std::to_string(kMaxLayers));
    for (size_t i = 0; i < list.size(); ++i)
        positiveInt(list[i], field + "[" + std::to_string(i) + "]");
}

// About how many weights the model will have (biases and norms left out), in double so huge
// specs do not overflow; enough to refuse a model that cannot fit before building it.
double parameterEstimate(const json &spec, const ModelInput &input)
{
    const std::string arch = spec["arch"];
    double total = 0;
    const auto dense = [&](double in, const json &widths) {
        for (const auto &w : widths) {
            total += in * w.get<double>();
            in = w.get<double>();
        }
        total += in * double(input.classes);
    };
    if (arch == "mlp") {
        dense(double(input.featureWidth()), spec["hidden"]);
    } else if (arch == "cnn") {
        double channels = double(input.shape[0]), h = double(input.shape[1]),
               w = double(input.shape[2]);
        for (const auto &b : spec["blocks"]) {
            const double k = b["kernel"].get<double>();
            total += channels * b["channels"].get<double>() * k * k;
            channels = b["channels"].get<double>();
            h = std::floor((h + 2 * b["padding"].get<double>() - k + 1) / b["pool"].get<double>());
            w = std::floor((w + 2 * b["padding"].get<double>() - k + 1) / b["pool"].get<double>());
        }
        dense(channels * h * w, spec["fc"]);
    } else {
        double channels = double(input.shape[0]);
        const double blocks = spec["blocks_per_stage"].get<double>();
        for (const auto &c : spec["channels"]) {
            const double out = c.get<double>();
            total += 9 * (channels * out + (2 * blocks - 1) * out * out);
            channels = out;
        }
        total += channels * double(input.classes);
    }
    return total;
}

void checkCommon(const json &spec)
{
    const json &act = spec["activation"];
    if (!act.is_string()
        || std::find(kActivations.begin(), kActivations.end(), act.get<std::string>())
               == kActivations.end())
        fail("activation", "must be one of relu, tanh, gelu");
    const json &dropout = spec["dropout"];
    if (!dropout.is_number() || dropout.get<double>() < 0.0 || dropout.get<double>() >= 1.0)
        fail("dropout", "must be a number in [0, 1)");
}

// Walks the conv blocks over the image size, so a spec that pools a 28 px image to nothing is
// refused before training starts rather than deep inside torch.
void checkCnn(json &spec, const ModelInput &input)
{
    json &blocks = spec["blocks"];
    if (!blocks.is_array() || blocks.empty())
        fail("blocks", "must be a non-empty list of conv blocks");
    if (int64_t(blocks.size()) > kMaxLayers)
        fail("blocks", "has " + std::to_string(blocks.size()) + " entries; at most "
                           + std::to_string(kMaxLayers));
    int64_t h = input.shape[1], w = input.shape[2];
    for (size_t i = 0; i < blocks.size(); ++i) {
        const std::string name = "blocks[" + std::to_string(i) + "]";
        json &b = blocks[i];
        if (!b.is_object())
            fail(name, "must be an object {channels, kernel, padding, pool, batch_norm}");
        const int64_t kernel =
            positiveInt(b.value("kernel", json(3)), name + ".kernel", 1, kMaxSmall);
        const int64_t padding =
            positiveInt(b.value("padding", json(0)), name + ".padding", 0, kMaxSmall);
        const int64_t pool = positiveInt(b.value("pool", json(1)), name + ".pool", 1, kMaxSmall);
        positiveInt(b.value("channels", json(nullptr)), name + ".channels");
        if (!b.value("batch_norm", json(false)).is_boolean())
            fail(name + ".batch_norm", "must be true or false");
        // Written back in full so the builder and the stored spec never rely on defaults.
        b = json{{"channels", b["channels"]},
                 {"kernel", kernel},
                 {"padding", padding},
                 {"pool", pool},
                 {"batch_norm", b.value("batch_norm", false)}};
        h = (h + 2 * padding - kernel + 1) / pool;
        w = (w + 2 * padding - kernel + 1) / pool;
        if (h < 1 || w < 1)
            fail(name, "shrinks the " + std::to_string(input.shape[1]) + "x"
                           + std::to_string(input.shape[2]) + " image to nothing");
    }
    checkIntList(spec["fc"], "fc", true);
}

void checkResnet(const json &spec)
{
    checkIntList(spec["channels"], "channels", false);
    positiveInt(spec["blocks_per_stage"], "blocks_per_stage", 1, kMaxSmall);
}

} // namespace

int64_t InputColumn::width() const
{
    switch (type) {
    case datasets::ColumnType::Categorical:
        return int64_t(categories.size()) + 1;
    case datasets::ColumnType::Date:
        return 5;
    case datasets::ColumnType::Numeric:
        return 1;
    default:
        return 0;
    }
}

int64_t ModelInput::featureWidth() const
{
    int64_t width = 0;
    for (const auto &column : columns)
        width += column.width();
    if (!columns.empty())
        return width;
    width = 1;
    for (int64_t dim : shape)
        width *= dim;
    return width;
}

ModelInput modelInputFor(const datasets::VersionInfo &version)
{
    ModelInput input;
    input.image = version.kind == datasets::DatasetKind::Image;
    input.shape = version.featureShape;
    input.regression = version.task == datasets::Task::Regression;
    input.classes = input.regression ? 1 : int64_t(version.classes.size());
    if (input.regression)
        input.target = version.label.empty() ? "value" : version.label;
    input.mean = version.mean;
    input.std = version.std;
    return input;
}

json modelInputJson(const ModelInput &input)
{
    json j{{"image", input.image},
           {"shape", input.shape},
           {"classes", input.classes},
           {"mean", input.mean},
           {"std", input.std}};
    if (input.regression) {
        j["task"] = "regression";
        j["target_mean"] = input.targetMean;
        j["target_std"] = input.targetStd;
        j["target"] = input.target;
    }
    if (!input.columns.empty()) {
        json columns = json::array();
        for (const auto &c : input.columns)
            columns.push_back({{"name", c.name},
                               {"type", datasets::columnTypeName(c.type)},
                               {"categories", c.categories},
                               {"fill", c.fill},
                               {"mean", c.mean},
                               {"std", c.std}});
        j["columns"] = columns;
    }
    return j;
}

ModelInput modelInputFromJson(const json &j)
{
    ModelInput input;
    input.image = j.at("image").get<bool>();
    input.shape = j.at("shape").get<std::vector<int64_t>>();
    input.classes = j.at("classes").get<int64_t>();
    input.mean = j.value("mean", std::vector<double>{});
    input.std = j.value("std", std::vector<double>{});
    input.regression = j.value("task", std::string("classification")) == "regression";
    input.targetMean = j.value("target_mean", 0.0);
    input.targetStd = j.value("target_std", 1.0);
    input.target = j.value("target", std::string(input.regression ? "value" : ""));
    for (const auto &c : j.value("columns", json::array())) {
        InputColumn column;
        column.name = c.at("name").get<std::string>();
        column.type = datasets::parseColumnType(c.at("type").get<std::string>())
                          .value_or(datasets::ColumnType::Text);
        column.categories = c.at("categories").get<std::vector<std::string>>();
        column.fill = c.at("fill").get<double>();
        column.mean = c.at("mean").get<double>();
        column.std = c.at("std").get<double>();
        input.columns.push_back(column);
    }
    return input;
}

const std::vector<std::string> &architectures()
{
    static const std::vector<std::string> names{"mlp", "cnn", "resnet"};
    return names;
}

json defaultModelSpec(const std::string &arch)
{
    if (arch == "mlp")
        return {{"arch", "mlp"}, {"hidden", {256, 128}}, {"activation", "relu"}, {"dropout", 0.0}};
    if (arch == "cnn")
        return {{"arch", "cnn"},
                {"blocks", lenetBlocks()},
                {"fc", {120, 84}},
                {"activation", "relu"},
                {"dropout", 0.0}};
    if (arch == "resnet")
        return {{"arch", "resnet"},
                {"channels", {16, 32, 64}},
                {"blocks_per_stage", 1},
                {"activation", "relu"},
                {"dropout", 0.0}};
    throw Error("model.arch \"" + arch + "\" is not one of mlp, cnn, resnet");
}

json completeModelSpec(const json &spec, const ModelInput &input)
{
    if (!spec.is_object())
        throw Error("model must be an object such as {\"arch\": \"mlp\"}");
    if (!spec.contains("arch") || !spec["arch"].is_string())
        fail("arch", "must be one of mlp, cnn, resnet");
    const std::string arch = spec["arch"].get<std::string>();
    json full = defaultModelSpec(arch);
    for (const auto &[key, value] : spec.items()) {
        if (!full.contains(key))
            fail(key, "is not a field of the " + arch + " model");
        full[key] = value;
    }
    if (input.classes < 2 && !input.regression)
        throw Error("the dataset has " + std::to_string(input.classes)
                    + " classes; a classifier needs at least 2");
    checkCommon(full);
    if (arch == "mlp") {
        checkIntList(full["hidden"], "hidden", true);
    } else {
        if (!input.image || input.shape.size() != 3)
            fail("arch", "\"" + arch + "\" needs an image dataset; use mlp for tables");
        arch == "cnn" ? checkCnn(full, input) : checkResnet(full);
    }
    if (const double weights = parameterEstimate(full, input); weights > kMaxParameters) {
        char text[96];
        std::snprintf(text, sizeof text,
                      "about %.3g weights, more than the %.3g that fit in memory", weights,
                      kMaxParameters);
        throw Error("model: these sizes make " + std::string(text)
                    + "; make the layers (hidden, fc, channels) smaller");
    }
    return full;
}

} // namespace dllab::models
