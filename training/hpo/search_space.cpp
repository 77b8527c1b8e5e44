#include "training/hpo/search_space.h"

#include "workspace/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iomanip>
#include <set>
#include <sstream>

namespace dllab::hpo {

namespace {

constexpr std::string_view kKeys[] = {"name", "type", "min", "max", "log", "step", "values"};

// Parse errors name the parameter so a user can find it in a long spec.
[[noreturn]] void fail(const std::string &who, const std::string &problem)
{
    throw Error(who + ": " + problem);
}

bool isDottedPath(const std::string &name)
{
    if (name.empty() || name.front() == '.' || name.back() == '.'
        || name.find("..") != std::string::npos)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
}

double numberField(const nlohmann::json &json, const char *key, const std::string &who)
{
    if (!json.contains(key))
        fail(who, std::string("missing \"") + key + "\"");
    const auto &value = json.at(key);
    if (!value.is_number())
        fail(who, std::string("\"") + key + "\" must be a number, not " + value.dump());
    const double number = value.get<double>();
    if (!std::isfinite(number))
        fail(who, std::string("\"") + key + "\" must be finite");
    return number;
}

// 12 significant digits: enough for a message, without 0.8999999999999999.
std::string shortNumber(double value)
{
    std::ostringstream out;
    out << std::setprecision(12) << value;
    return out.str();
}

bool isIntegral(double value)
{
    return std::floor(value) == value && std::fabs(value) <= 9007199254740992.0; // 2^53
}

// Whether (max - min) is a whole number of steps, forgiving decimal rounding (0.5 / 0.05).
bool spansWholeSteps(double min, double max, double step)
{
    const double steps = (max - min) / step;
    return std::fabs(steps - std::round(steps)) <= 1e-9 * std::max(1.0, steps);
}

void parseNumeric(ParamSpec &spec, const nlohmann::json &json, const std::string &who)
{
    if (json.contains("values"))
        fail(who, "\"values\" is only for categorical parameters");
    spec.min = numberField(json, "min", who);
    spec.max = numberField(json, "max", who);
    if (json.contains("log")) {
        if (!json.at("log").is_boolean())
            fail(who, "\"log\" must be true or false");
        spec.log = json.at("log").get<bool>();
    }
    if (json.contains("step")) {
        spec.step = numberField(json, "step", who);
        if (spec.step <= 0.0)
            fail(who, "\"step\" must be positive");
    }
    const bool isInt = spec.type == ParamType::Int;
    if (isInt) {
        if (!isIntegral(spec.min) || !isIntegral(spec.max))
            fail(who, "an int parameter's \"min\" and \"max\" must be whole numbers");
        if (json.contains("step") && !isIntegral(spec.step))
            fail(who, "an int parameter's \"step\" must be a whole number");
    }
    if (!(spec.min < spec.max))
        fail(who, "\"min\" must be less than \"max\"");
    if (spec.log && spec.min <= 0.0)
        fail(who, "a log parameter needs \"min\" > 0");
    // A step on a log scale has no single meaning (Optuna refuses it too).
    if (spec.log && json.contains("step") && !(isInt && spec.step == 1.0))
        fail(who, "\"step\" cannot be combined with \"log\"");
    if (isInt && spec.step == 0.0)
        spec.step = 1.0;
    if (spec.step > 0.0 && !spansWholeSteps(spec.min, spec.max, spec.step)) {
        const double lastMax = spec.min + std::floor((spec.max - spec.min) / spec.step) * spec.step;
        fail(who, "max - min is not a multiple of \"step\" (" + shortNumber(spec.step)
                      + "); use \"max\": " + shortNumber(lastMax));
    }
}

void parseCategorical(ParamSpec &spec, const nlohmann::json &json, const std::string &who)
{
    for (const char *key : {"min", "max", "log", "step"}) {
        if (json.contains(key))
            fail(who, std::string("\"") + key + "\" does not apply to a categorical parameter");
    }
    if (!json.contains("values"))
        fail(who, "a categorical parameter needs \"values\"");
    const auto &values = json.at("values");
    if (!values.is_array() || values.empty())
        fail(who, "\"values\" must be a non-empty list");
    for (const auto &value : values) {
        if (value.is_object() || value.is_array() || value.is_null())
            fail(who,
                 "each of \"values\" must be a number, string or boolean, not " + value.dump());
        if (std::find(spec.values.begin(), spec.values.end(), value) != spec.values.end())
            fail(who, "\"values\" lists " + value.dump() + " twice");
        spec.values.push_back(value);
    }
}

} // namespace

std::string_view paramTypeName(ParamType type)
{
    switch (type) {
    case ParamType::Double:
        return "double";
    case ParamType::Int:
        return "int";
    case ParamType::Categorical:
        return "categorical";
    }
    return "unknown";
}

ParamSpec ParamSpec::fromJson(const nlohmann::json &json, std::size_t index)
{
    std::string who = "parameter #" + std::to_string(index + 1);
    if (!json.is_object())
        fail(who, "expected an object like {\"name\": ..., \"type\": ...}, not " + json.dump());
    if (!json.contains("name") || !json.at("name").is_string())
        fail(who, "missing \"name\" (a string)");
    ParamSpec spec;
    spec.name = json.at("name").get<std::string>();
    who = "parameter \"" + spec.name + "\"";
    if (!isDottedPath(spec.name))
        fail(who, "the name must be a dotted path into the run spec, like \"optimizer.lr\" or "
                  "\"model.hidden.0\"");
    for (const auto &item : json.items()) {
        if (std::find(std::begin(kKeys), std::end(kKeys), item.key()) == std::end(kKeys))
            fail(who, "unknown key \"" + item.key() + "\"");
    }
    if (!json.contains("type") || !json.at("type").is_string())
        fail(who, "missing \"type\" (double, int or categorical)");
    const auto type = json.at("type").get<std::string>();
    if (type == "double")
        spec.type = ParamType::Double;
    else if (type == "int")
        spec.type = ParamType::Int;
    else if (type == "categorical")
        spec.type = ParamType::Categorical;
    else
        fail(who, "unknown type \"" + type + "\" (expected double, int or categorical)");

    if (spec.type == ParamType::Categorical)
        parseCategorical(spec, json, who);
    else
        parseNumeric(spec, json, who);
    return spec;
}

nlohmann::json ParamSpec::toJson() const
{
    nlohmann::json json{{"name", name}, {"type", paramTypeName(type)}};
    if (type == ParamType::Categorical) {
        json["values"] = values;
        return json;
    }
    if (type == ParamType::Int) {
        json["min"] = static_cast<std::int64_t>(min);
        json["max"] = static_cast<std::int64_t>(max);
        if (step != 1.0)
            json["step"] = static_cast<std::int64_t>(step);
    } else {
        json["min"] = min;
        json["max"] = max;
        if (step > 0.0)
            json["step"] = step;
    }
    if (log)
        json["log"] = true;
    return json;
}

std::optional<double> ParamSpec::toInternal(const nlohmann::json &value) const
{
    if (type == ParamType::Categorical) {
        const auto it = std::find(values.begin(), values.end(), value);
        if (it == values.end())
            return std::nullopt;
        return static_cast<double>(it - values.begin());
    }
    if (!value.is_number())
        return std::nullopt;
    const double number = value.get<double>();
    const double slack = 1e-12 * std::max(std::fabs(min), std::fabs(max));
    if (!(number >= min - slack && number <= max + slack))
        return std::nullopt;
    if (type == ParamType::Int && !isIntegral(number))
        return std::nullopt;
    return log ? std::log(number) : number;
}

nlohmann::json ParamSpec::toExternal(double internal) const
{
    if (type == ParamType::Categorical) {
        const auto last = static_cast<double>(values.size() - 1);
        return values[static_cast<std::size_t>(std::clamp(std::round(internal), 0.0, last))];
    }
    double value = log ? std::exp(internal) : internal;
    if (type == ParamType::Int && log)
        value = std::round(value);
    else if (step > 0.0)
        value = std::round((value - min) / step) * step + min;
    value = std::clamp(value, min, max);
    if (type == ParamType::Int)
        return static_cast<std::int64_t>(value);
    return value;
}

double ParamSpec::internalLow() const
{
    switch (type) {
    case ParamType::Categorical:
        return -0.5;
    case ParamType::Int:
        return log ? std::log(min - 0.5) : min - 0.5 * step;
    case ParamType::Double:
        break;
    }
    return log ? std::log(min) : min - 0.5 * step;
}

double ParamSpec::internalHigh() const
{
    switch (type) {
    case ParamType::Categorical:
        return static_cast<double>(values.size()) - 0.5;
    case ParamType::Int:
        return log ? std::log(max + 0.5) : max + 0.5 * step;
    case ParamType::Double:
        break;
    }
    return log ? std::log(max) : max + 0.5 * step;
}

double ParamSpec::internalStep() const
{
    if (type == ParamType::Categorical)
        return 1.0;
    return log ? 0.0 : step;
}

SearchSpace::SearchSpace(std::vector<ParamSpec> params) : m_params(std::move(params))
{
    std::set<std::string> names;
    for (const auto &param : m_params) {
        if (!names.insert(param.name).second)
            throw Error("parameter \"" + param.name + "\" is listed twice");
    }
}

SearchSpace SearchSpace::fromJson(const nlohmann::json &parameters)
{
    if (!parameters.is_array())
        throw Error("sweep \"parameters\" must be a list of {name, type, ...} objects");
    if (parameters.empty())
        throw Error("sweep \"parameters\" is empty: nothing to search");
    std::vector<ParamSpec> params;
    for (std::size_t i = 0; i < parameters.size(); ++i)
        params.push_back(ParamSpec::fromJson(parameters[i], i));
    return SearchSpace(std::move(params));
}

nlohmann::json SearchSpace::toJson() const
{
    auto json = nlohmann::json::array();
    for (const auto &param : m_params)
        json.push_back(param.toJson());
    return json;
}

const ParamSpec *SearchSpace::find(std::string_view name) const
{
    for (const auto &param : m_params) {
        if (param.name == name)
            return &param;
    }
    return nullptr;
}

bool SearchSpace::contains(const Params &params) const
{
    return std::all_of(m_params.begin(), m_params.end(), [&](const ParamSpec &spec) {
        const auto it = params.find(spec.name);
        return it != params.end() && spec.toInternal(it->second).has_value();
    });
}

} // namespace dllab::hpo
