#include "run_spec.h"

#include "datasets/dataset_store.h"
#include "models/model_spec.h"
#include "workspace/error.h"
#include "workspace/json_text.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <set>
#include <thread>

using nlohmann::json;

namespace dllab::training {

namespace {

[[noreturn]] void fail(const std::string &field, const std::string &problem)
{
    throw Error("run spec: " + field + " " + problem);
}

// A bound as people write it: 0, 1, 0.9, 1e+12.
std::string boundText(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

double number(const json &obj, const char *key, const std::string &prefix, double min, double max)
{
    const std::string field = prefix + key;
    if (!obj.contains(key))
        fail(field, "is missing");
    const json &v = obj[key];
    if (!v.is_number() || !(v.get<double>() >= min) || !(v.get<double>() <= max))
        fail(field, "must be a number from " + boundText(min) + " to " + boundText(max) + ", not "
                        + v.dump());
    return v.get<double>();
}

int64_t integer(const json &obj, const char *key, const std::string &prefix, int64_t min,
                int64_t max = std::numeric_limits<int64_t>::max())
{
    const std::string field = prefix + key;
    const json &v = obj.contains(key) ? obj[key] : json();
    const bool ok = v.is_number_unsigned()
                        ? v.get<uint64_t>() <= uint64_t(max) && int64_t(v.get<uint64_t>()) >= min
                    : v.is_number_integer() ? v.get<int64_t>() >= min && v.get<int64_t>() <= max
                                            : false;
    if (!ok)
        fail(field,
             (max == std::numeric_limits<int64_t>::max()
                  ? "must be an integer >= " + std::to_string(min)
                  : "must be an integer from " + std::to_string(min) + " to " + std::to_string(max))
                 + (v.is_null() ? std::string() : ", not " + v.dump()));
    return v.get<int64_t>();
}

std::string oneOf(const json &obj, const char *key, const std::string &prefix,
                  const std::set<std::string> &allowed)
{
    const json &v = obj.contains(key) ? obj[key] : json();
    if (v.is_string() && allowed.count(v.get<std::string>()))
        return v.get<std::string>();
    std::string list;
    for (const auto &a : allowed)
        list += (list.empty() ? "" : ", ") + a;
    fail(prefix + key, "must be one of " + list);
}

json merged(const json &defaults, const json &given, const std::string &prefix)
{
    if (!given.is_object())
        fail(prefix.empty() ? "spec" : prefix.substr(0, prefix.size() - 1), "must be an object");
    json out = defaults;
    for (const auto &[key, value] : given.items()) {
        if (!defaults.contains(key))
            fail(prefix + key, "is not a known field");
        out[key] = value;
    }
    return out;
}

OptimizerSpec parseOptimizer(const json &given)
{
    const json o = merged(defaultRunSpec()["optimizer"], given, "optimizer.");
    OptimizerSpec spec;
    spec.name = oneOf(o, "name", "optimizer.", {"sgd", "adam", "adamw"});
    spec.lr = number(o, "lr", "optimizer.", 0.0, 1e12);
    spec.weightDecay = number(o, "weight_decay", "optimizer.", 0.0, 1e3);
    spec.momentum = number(o, "momentum", "optimizer.", 0.0, 1.0);
    if (!o["nesterov"].is_boolean())
        fail("optimizer.nesterov", "must be true or false");
    spec.nesterov = o["nesterov"].get<bool>();
    spec.beta1 = number(o, "beta1", "optimizer.", 0.0, 0.999999);
    spec.beta2 = number(o, "beta2", "optimizer.", 0.0, 0.999999);
    spec.eps = number(o, "eps", "optimizer.", 0.0, 1.0);
    return spec;
}

ScheduleSpec parseSchedule(const json &given)
{
    const json s = merged(defaultRunSpec()["schedule"], given, "schedule.");
    ScheduleSpec spec;
    spec.name = oneOf(s, "name", "schedule.", {"constant", "step", "cosine", "onecycle"});
    spec.stepEpochs = integer(s, "step_epochs", "schedule.", 1);
    spec.gamma = number(s, "gamma", "schedule.", 0.0, 1.0);
    spec.minLr = number(s, "min_lr", "schedule.", 0.0, 1e3);
    spec.pctStart = number(s, "pct_start", "schedule.", 0.0, 1.0);
    spec.divFactor = number(s, "div_factor", "schedule.", 1.0, 1e9);
    spec.finalDivFactor = number(s, "final_div_factor", "schedule.", 1.0, 1e12);
    return spec;
}

EarlyStoppingSpec parseEarlyStopping(const json &given)
{
    const json defaults{{"metric", "val_loss"}, {"patience", 3}, {"min_delta", 0.0}};
    const json e = merged(defaults, given, "early_stopping.");
    EarlyStoppingSpec spec;
    spec.metric = oneOf(e, "metric", "early_stopping.",
                        {"val_loss", "val_accuracy", "val_rmse", "val_mae", "val_r2"});
    spec.patience = integer(e, "patience", "early_stopping.", 1);
    spec.minDelta = number(e, "min_delta", "early_stopping.", 0.0, 1e9);
    return spec;
}

const json &defaultAugment()
{
    static const json defaults{
        {"hflip", false},    {"crop_padding", 0}, {"rotation", 0.0},           {"scale", 0.0},
        {"brightness", 0.0}, {"contrast", 0.0},   {"interpolation", "nearest"}};
    return defaults;
}

int64_t hardwareThreads() { return int64_t(std::max(1u, std::thread::hardware_concurrency())); }

} // namespace

AugmentSpec parseAugment(const json &given)
{
    const json a = merged(defaultAugment(), given, "augment.");
    AugmentSpec spec;
    if (!a["hflip"].is_boolean())
        fail("augment.hflip", "must be true or false");
    spec.hflip = a["hflip"].get<bool>();
    spec.cropPadding = integer(a, "crop_padding", "augment.", 0, 256);
    spec.rotation = number(a, "rotation", "augment.", 0.0, 180.0);
    spec.scale = number(a, "scale", "augment.", 0.0, 0.9);
    spec.brightness = number(a, "brightness", "augment.", 0.0, 1.0);
    spec.contrast = number(a, "contrast", "augment.", 0.0, 1.0);
    spec.bilinear = oneOf(a, "interpolation", "augment.", {"nearest", "bilinear"}) == "bilinear";
    return spec;
}

json toJson(const AugmentSpec &a)
{
    return json{{"hflip", a.hflip},
                {"crop_padding", a.cropPadding},
                {"rotation", a.rotation},
                {"scale", a.scale},
                {"brightness", a.brightness},
                {"contrast", a.contrast},
                {"interpolation", a.bilinear ? "bilinear" : "nearest"}};
}

json defaultRunSpec()
{
    return json{{"dataset", ""},
                {"model", {{"arch", "mlp"}}},
                {"optimizer",
                 {{"name", "adam"},
                  {"lr", 0.001},
                  {"weight_decay", 0.0},
                  {"momentum", 0.9},
                  {"nesterov", false},
                  {"beta1", 0.9},
                  {"beta2", 0.999},
                  {"eps", 1e-8}}},
                {"schedule",
                 {{"name", "constant"},
                  {"step_epochs", 1},
                  {"gamma", 0.1},
                  {"min_lr", 0.0},
                  {"pct_start", 0.3},
                  {"div_factor", 25.0},
                  {"final_div_factor", 1e4}}},
                {"batch_size", 128},
                {"epochs", 5},
                {"seed", 0},
                {"device", "auto"},
                {"val_fraction", 0.1},
                {"grad_clip", 0.0},
                {"threads", 0},
                {"keep_checkpoints", 1},
                {"early_stopping", nullptr},
                {"augment", nullptr},
                {"loss", "auto"}};
}

namespace {

bool isIndex(const std::string &key)
{
    return !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

void setAtPath(json &spec, const std::string &path, json value, const std::string &origin)
{
    json *node = &spec;
    size_t start = 0;
    while (true) {
        const size_t dot = path.find('.', start);
        const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
        if (key.empty())
            throw Error(origin + " " + path + ": empty step in the path");
        const std::string parent = start == 0 ? std::string("the spec") : path.substr(0, start - 1);
        if (node->is_null())
            *node = isIndex(key) ? json::array() : json::object();
        json *next = nullptr;
        if (node->is_array() && isIndex(key)) {
            // Digits past a list's length are an error, however many there are (no stoul throw).
            const size_t index = key.size() > 9 ? node->size() + 1 : std::stoul(key);
            if (index > node->size())
                throw Error(origin + " " + path + ": index " + key + " is past the end of " + parent
                            + " (" + std::to_string(node->size()) + " entries)");
            if (index == node->size())
                node->push_back(nullptr);
            next = &(*node)[index];
        } else if (node->is_object()) {
            next = &(*node)[key];
        } else {
            throw Error(origin + " " + path + ": " + parent + " is neither an object nor a list");
        }
        if (dot == std::string::npos) {
            *next = std::move(value);
            return;
        }
        node = next;
        start = dot + 1;
    }
}

void setDotted(json &spec, const std::string &assignment)
{
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw Error("--set needs key=value (for example optimizer.lr=0.01), got \"" + assignment
                    + "\"");
    const std::string path = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    json value = parseJsonIfValid(text, "--set " + path).value_or(json(text));
    setAtPath(spec, path, std::move(value), "--set");
}

json withDefaults(const json &given)
{
    if (!given.is_object())
        return given; // parseRunSpec names what is wrong
    json spec = given;
    const json defaults = defaultRunSpec(); // items() of a temporary would dangle
    for (const auto &[key, value] : defaults.items())
        if (!spec.contains(key))
            spec[key] = value;
    json &model = spec["model"];
    const auto &archs = models::architectures();
    if (model.is_object() && model.contains("arch") && model["arch"].is_string()
        && std::find(archs.begin(), archs.end(), model["arch"].get<std::string>()) != archs.end()) {
        json full = models::defaultModelSpec(model["arch"].get<std::string>());
        for (const auto &[key, value] : model.items())
            full[key] = value;
        model = std::move(full);
    }
    return spec;
}

RunSpec parseRunSpec(const json &given)
{
    const json s = merged(defaultRunSpec(), given, "");
    RunSpec spec;
    if (!s["dataset"].is_string() || s["dataset"].get<std::string>().empty())
        fail("dataset", "must name a dataset version (name or name@vN)");
    spec.dataset = s["dataset"].get<std::string>();
    if (!s["model"].is_object() || !s["model"].contains("arch"))
        fail("model", "must be an object with an arch (mlp, cnn, resnet)");
    spec.model = s["model"];
    spec.optimizer = parseOptimizer(s["optimizer"]);
    spec.schedule = parseSchedule(s["schedule"]);
    spec.batchSize = integer(s, "batch_size", "", 1, kMaxBatchSize);
    spec.epochs = integer(s, "epochs", "", 1, kMaxEpochs);
    spec.seed = uint64_t(integer(s, "seed", "", 0));
    const json &device = s["device"];
    const std::string dev = device.is_string() ? device.get<std::string>() : "";
    if (dev != "auto" && dev != "cpu" && dev.rfind("cuda", 0) != 0)
        fail("device", "must be auto, cpu, cuda or cuda:N");
    spec.device = dev;
    spec.valFraction = number(s, "val_fraction", "", 0.0, 0.9);
    spec.gradClip = number(s, "grad_clip", "", 0.0, 1e9);
    spec.threads = int(integer(s, "threads", "", 0, hardwareThreads()));
    spec.keepCheckpoints = integer(s, "keep_checkpoints", "", 1, kMaxEpochs);
    if (!s["early_stopping"].is_null())
        spec.earlyStopping = parseEarlyStopping(s["early_stopping"]);
    if (!s["augment"].is_null())
        spec.augment = parseAugment(s["augment"]);
    spec.loss = oneOf(s, "loss", "", {"auto", "cross_entropy", "mse", "huber"});
    return spec;
}

void checkLoss(const std::string &loss, bool regression)
{
    if (regression && loss == "cross_entropy")
        throw Error("loss: cross_entropy needs classes; this dataset has a regression target "
                    "(use mse or huber)");
    if (!regression && (loss == "mse" || loss == "huber"))
        throw Error("loss: " + loss
                    + " needs a regression target; this dataset has classes (use cross_entropy)");
}

void checkAugment(const RunSpec &spec, const datasets::VersionInfo &version)
{
    if (spec.augment && version.kind != datasets::DatasetKind::Image)
        throw Error("run spec: augment applies to image datasets; " + version.ref()
                    + " is not one");
}

RunSpec checkRunSpec(const json &spec, const std::vector<datasets::VersionInfo> &versions)
{
    RunSpec parsed = parseRunSpec(spec);
    const auto version = std::find_if(versions.begin(), versions.end(),
                                      [&](const auto &v) { return v.ref() == parsed.dataset; });
    if (version == versions.end())
        throw Error("dataset " + parsed.dataset + " is not a version in this workspace");
    models::completeModelSpec(parsed.model, models::modelInputFor(*version));
    checkLoss(parsed.loss, version->task == datasets::Task::Regression);
    checkAugment(parsed, *version);
    return parsed;
}

json toJson(const RunSpec &spec)
{
    const auto &o = spec.optimizer;
    const auto &s = spec.schedule;
    json early = nullptr;
    if (spec.earlyStopping)
        early = {{"metric", spec.earlyStopping->metric},
                 {"patience", spec.earlyStopping->patience},
                 {"min_delta", spec.earlyStopping->minDelta}};
    return json{{"dataset", spec.dataset},
                {"model", spec.model},
                {"optimizer",
                 {{"name", o.name},
                  {"lr", o.lr},
                  {"weight_decay", o.weightDecay},
                  {"momentum", o.momentum},
                  {"nesterov", o.nesterov},
                  {"beta1", o.beta1},
                  {"beta2", o.beta2},
                  {"eps", o.eps}}},
                {"schedule",
                 {{"name", s.name},
                  {"step_epochs", s.stepEpochs},
                  {"gamma", s.gamma},
                  {"min_lr", s.minLr},
                  {"pct_start", s.pctStart},
                  {"div_factor", s.divFactor},
                  {"final_div_factor", s.finalDivFactor}}},
                {"batch_size", spec.batchSize},
                {"epochs", spec.epochs},
                {"seed", spec.seed},
                {"device", spec.device},
                {"val_fraction", spec.valFraction},
                {"grad_clip", spec.gradClip},
                {"threads", spec.threads},
                {"keep_checkpoints", spec.keepCheckpoints},
                {"early_stopping", early},
                {"augment", spec.augment ? toJson(*spec.augment) : json()},
                {"loss", spec.loss}};
}

const std::vector<std::string> &runMetricNames()
{
    static const std::vector<std::string> names{
        "train_loss",      "lr",       "epoch_train_loss", "train_accuracy", "epoch_time",
        "samples_per_sec", "val_loss", "val_accuracy",     "test_loss",      "test_accuracy",
        "train_rmse",      "val_rmse", "val_mae",          "val_r2",         "test_rmse",
        "test_mae",        "test_r2"};
    return names;
}

} // namespace dllab::training
