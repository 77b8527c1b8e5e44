#include "training/sweep/sweep_spec.h"

#include "training/hpo/factory.h"
#include "training/run_spec.h"
#include "workspace/error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

using nlohmann::json;

namespace dllab::sweep {

namespace {

[[noreturn]] void fail(const std::string &field, const std::string &problem)
{
    throw Error("sweep spec: " + field + " " + problem);
}

int count(const json &spec, const char *key, int fallback, int min)
{
    if (!spec.contains(key) || spec[key].is_null())
        return fallback;
    const json &v = spec[key];
    if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > 1'000'000)
        fail(key, "must be a whole number >= " + std::to_string(min));
    return int(v.get<int64_t>());
}

const json &object(const json &spec, const char *key)
{
    if (!spec.contains(key) || !spec[key].is_object())
        fail(key, "must be an object");
    return spec[key];
}

// A run trial's objective must be something runs record; a typo would otherwise fail every trial.
void checkRunMetric(const std::string &metric)
{
    const auto &names = training::runMetricNames();
    if (std::find(names.begin(), names.end(), metric) != names.end())
        return;
    std::string known;
    for (const auto &name : names)
        known += (known.empty() ? "" : ", ") + name;
    fail("objective.metric", "\"" + metric + "\" is not a metric a run records (" + known + ")");
}

// Each parameter's smallest value: a point to check the run template with before any trial.
hpo::Params lowestPoint(const hpo::SearchSpace &space)
{
    hpo::Params params;
    for (const auto &p : space.params())
        params[p.name] = p.isNumeric() ? p.toExternal(p.internalLow()) : p.values.front();
    return params;
}

// The points a run template is checked with before any trial: the lowest point, the highest, and
// every value of every categorical parameter, so a value no run accepts ("lbfgs") is refused now
// rather than failing the trials that draw it.
std::vector<hpo::Params> probePoints(const hpo::SearchSpace &space)
{
    std::vector<hpo::Params> points{lowestPoint(space)};
    hpo::Params highest = points.front();
    for (const auto &p : space.params()) {
        if (p.isNumeric()) {
            highest[p.name] = p.toExternal(p.internalHigh());
            continue;
        }
        for (const auto &value : p.values) {
            hpo::Params point = points.front();
            point[p.name] = value;
            points.push_back(std::move(point));
        }
    }
    points.push_back(std::move(highest));
    return points;
}

std::string pointText(const hpo::Params &point)
{
    std::string text;
    for (const auto &[name, value] : point)
        text += (text.empty() ? "" : ", ") + name + " = " + paramText(value);
    return text;
}

} // namespace

SweepSpec SweepSpec::fromJson(const json &spec)
{
    if (!spec.is_object())
        fail("document", "must be a JSON object");
    static const std::set<std::string> known{
        "name",          "description",        "objective",           "algorithm",     "parameters",
        "maxTrialCount", "parallelTrialCount", "maxFailedTrialCount", "earlyStopping", "trial"};
    for (const auto &item : spec.items())
        if (!known.contains(item.key()))
            fail(item.key(), "is not a known field");

    SweepSpec out;
    if (!spec.contains("name") || !spec["name"].is_string()
        || spec["name"].get<std::string>().empty())
        fail("name", "must be a non-empty string (a sweep is known by its name)");
    out.name = spec["name"];

    const json &objective = object(spec, "objective");
    if (!objective.contains("metric") || !objective["metric"].is_string()
        || objective["metric"].get<std::string>().empty())
        fail("objective.metric", "must name a metric (e.g. val_accuracy)");
    out.metric = objective["metric"];
    out.goal = hpo::parseGoal(objective.value("goal", std::string("maximize")));

    out.algorithm = spec.contains("algorithm") ? spec["algorithm"] : json{{"name", "tpe"}};
    if (!spec.contains("parameters") || !spec["parameters"].is_array()
        || spec["parameters"].empty())
        fail("parameters", "must be a non-empty list");
    out.parameters = spec["parameters"];
    out.space = hpo::SearchSpace::fromJson(out.parameters);
    hpo::makeSampler(out.algorithm, out.space, out.goal); // refuses bad settings now
    out.earlyStopping = spec.value("earlyStopping", json());
    hpo::makePruner(out.earlyStopping, out.goal);

    out.maxTrialCount = count(spec, "maxTrialCount", 10, 1);
    out.parallelTrialCount = count(spec, "parallelTrialCount", 1, 1);
    if (spec.contains("maxFailedTrialCount") && !spec["maxFailedTrialCount"].is_null())
        out.maxFailedTrialCount = count(spec, "maxFailedTrialCount", 0, 0);

    const json &trial = object(spec, "trial");
    if (trial.contains("run") == trial.contains("command"))
        fail("trial", "needs exactly one of \"run\" (a run spec) or \"command\" (an argv)");
    if (trial.contains("command")) {
        const json &argv = trial["command"];
        if (!argv.is_array() || argv.empty())
            fail("trial.command", "must be a non-empty list of strings");
        for (const auto &arg : argv) {
            if (!arg.is_string())
                fail("trial.command", "must be a non-empty list of strings");
            out.command.push_back(arg);
        }
        substituteCommand(out.command, lowestPoint(out.space)); // unknown placeholders
    } else {
        out.runTemplate = trial["run"];
        if (!out.runTemplate.is_object())
            fail("trial.run", "must be a run spec object");
        checkRunMetric(out.metric);
        for (const auto &point : probePoints(out.space)) {
            try {
                training::parseRunSpec(applyParams(out.runTemplate, point));
            } catch (const Error &e) {
                fail("trial.run", "with " + pointText(point) + ": " + e.what());
            }
        }
    }
    return out;
}

json applyParams(const json &runTemplate, const hpo::Params &params)
{
    json spec = runTemplate;
    for (const auto &[path, value] : params)
        training::setAtPath(spec, path, value, "parameter");
    return spec;
}

std::string paramText(const json &value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number_float()) {
        // Shortest text that reads back to the same double; plain digits ("0.0001", not
        // "1e-04") where that stays short, as people write learning rates.
        const double v = value.get<double>();
        const double magnitude = std::fabs(v);
        const bool plain = magnitude == 0.0 || (magnitude >= 1e-7 && magnitude < 1e16);
        char buffer[400];
        const auto result =
            plain ? std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed)
                  : std::to_chars(buffer, buffer + sizeof buffer, v);
        return std::string(buffer, result.ptr);
    }
    return value.dump();
}

std::vector<std::string> substituteCommand(const std::vector<std::string> &argv,
                                           const hpo::Params &params)
{
    static const std::string open = "${trialParameters.";
    std::vector<std::string> out;
    for (const auto &arg : argv) {
        std::string text;
        size_t pos = 0;
        while (true) {
            const size_t at = arg.find(open, pos);
            if (at == std::string::npos) {
                text += arg.substr(pos);
                break;
            }
            const size_t close = arg.find('}', at);
            if (close == std::string::npos)
                throw Error("trial.command: unclosed ${trialParameters. in \"" + arg + "\"");
            const std::string name = arg.substr(at + open.size(), close - at - open.size());
            const auto it = params.find(name);
            if (it == params.end())
                throw Error("trial.command: ${trialParameters." + name
                            + "} names no parameter of the sweep");
            text += arg.substr(pos, at - pos) + paramText(it->second);
            pos = close + 1;
        }
        out.push_back(std::move(text));
    }
    return out;
}

} // namespace dllab::sweep
