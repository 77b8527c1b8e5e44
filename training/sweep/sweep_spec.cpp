#include "training/sweep/sweep_spec.h"

#include "training/hpo/factory.h"
#include "training/run_spec.h"
#include "workspace/error.h"

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

// Each parameter's smallest value: a point to check the run template with before any trial.
hpo::Params lowestPoint(const hpo::SearchSpace &space)
{
    hpo::Params params;
    for (const auto &p : space.params())
        params[p.name] = p.isNumeric() ? p.toExternal(p.internalLow()) : p.values.front();
    return params;
}

} // namespace

SweepSpec SweepSpec::fromJson(const json &spec)
{
    if (!spec.is_object())
        fail("document", "must be a JSON object");
    static const std::set<std::string> known{"name", "description", "objective", "algorithm",
        "parameters", "maxTrialCount", "parallelTrialCount", "maxFailedTrialCount",
        "earlyStopping", "trial"};
    for (const auto &item : spec.items())
        if (!known.contains(item.key()))
            fail(item.key(), "is not a known field");

    SweepSpec out;
    if (!spec.contains("name") || !spec["name"].is_string() || spec["name"].get<std::string>().empty())
        fail("name", "must be a non-empty string (a sweep is known by its name)");
    out.name = spec["name"];

    const json &objective = object(spec, "objective");
    if (!objective.contains("metric") || !objective["metric"].is_string()
        || objective["metric"].get<std::string>().empty())
        fail("objective.metric", "must name a metric (e.g. val_accuracy)");
    out.metric = objective["metric"];
    out.goal = hpo::parseGoal(objective.value("goal", std::string("maximize")));

    out.algorithm = spec.contains("algorithm") ? spec["algorithm"] : json{{"name", "tpe"}};
    if (!spec.contains("parameters") || !spec["parameters"].is_array() || spec["parameters"].empty())
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
        try {
            training::parseRunSpec(applyParams(out.runTemplate, lowestPoint(out.space)));
        } catch (const Error &e) {
            fail("trial.run", std::string("with the parameters applied: ") + e.what());
        }
    }
    return out;
}

namespace {

bool isIndex(const std::string &key)
{
    return !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

json applyParams(const json &runTemplate, const hpo::Params &params)
{
    json spec = runTemplate;
    for (const auto &[path, value] : params) {
        json *node = &spec;
        size_t start = 0;
        while (true) {
            const size_t dot = path.find('.', start);
            const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
            if (key.empty())
                throw Error("parameter " + path + ": empty step in the path");
            const bool last = dot == std::string::npos;
            if (node->is_null())
                *node = isIndex(key) ? json::array() : json::object();
            json *next = nullptr;
            if (node->is_array() && isIndex(key)) {
                const size_t index = std::stoul(key);
                if (index > node->size())
                    throw Error("parameter " + path + ": index " + key + " is past the end of "
                                + path.substr(0, start - 1) + " (" + std::to_string(node->size())
                                + " entries)");
                if (index == node->size())
                    node->push_back(nullptr);
                next = &(*node)[index];
            } else if (node->is_object()) {
                next = &(*node)[key];
            } else {
                throw Error("parameter " + path + ": " + path.substr(0, start - 1)
                            + " is neither an object nor a list");
            }
            if (last) {
                *next = value;
                break;
            }
            node = next;
            start = dot + 1;
        }
    }
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
        const auto result = plain
            ? std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed)
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
