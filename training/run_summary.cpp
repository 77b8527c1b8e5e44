#include "training/run_summary.h"

using nlohmann::json;

namespace dllab::training {

namespace {

std::optional<double> number(const json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? std::optional(it->get<double>()) : std::nullopt;
}

} // namespace

const Evaluation *RunSummary::evaluation(const std::string &split) const
{
    if (split == "val" && val)
        return &*val;
    if (split == "test" && test)
        return &*test;
    return nullptr;
}

std::optional<double> RunSummary::valAccuracy() const
{
    if (bestMetric == "val_accuracy" && bestValue)
        return bestValue;
    const auto it = metrics.find("val_accuracy");
    return it == metrics.end() ? std::nullopt : std::optional(it->second);
}

RunSummary RunSummary::fromJson(const json &summary, bool withEvaluations)
{
    RunSummary s;
    if (!summary.is_object())
        return s;
    s.epochs = summary.value("epochs", int64_t(0));
    s.steps = summary.value("steps", int64_t(0));
    s.bestEpoch = summary.value("best_epoch", int64_t(0));
    s.samplesPerSec = number(summary, "samples_per_sec").value_or(0.0);
    s.trainSeconds = number(summary, "train_seconds").value_or(0.0);
    s.bestMetric = summary.value("best_metric", std::string());
    s.bestValue = number(summary, "best_value");
    s.stoppedEarly = summary.value("stopped_early", false);
    if (summary.value("task", std::string()) == "regression")
        s.target = summary.value("target", std::string("value"));
    for (const json &name : summary.value("classes", json::array()))
        s.classes.push_back(name.is_string() ? name.get<std::string>() : name.dump());
    const json metrics = summary.value("metrics", json::object()); // items() of a temporary dangles
    for (const auto &[key, value] : metrics.items())
        if (value.is_number())
            s.metrics[key] = value.get<double>();
    if (!withEvaluations)
        return s;
    if (summary.contains("val"))
        s.val = Evaluation::fromJson(summary["val"]);
    if (summary.contains("test"))
        s.test = Evaluation::fromJson(summary["test"]);
    return s;
}

} // namespace dllab::training
