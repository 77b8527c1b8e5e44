#pragma once
// The parameter space of a sweep, parsed from the spec's `parameters` list. Immutable once built;
// read from any thread.
#include "training/hpo/trial.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dllab::hpo {

enum class ParamType { Double, Int, Categorical };

std::string_view paramTypeName(ParamType type);

// One parameter. Samplers work on an internal number per parameter, as Optuna does: the value,
// or its logarithm for a log parameter, or the index into `values` for a categorical one.
struct ParamSpec {
    std::string name; // dotted path into the run spec: "optimizer.lr", "model.hidden.0"
    ParamType type = ParamType::Double;
    double min = 0.0;
    double max = 0.0;
    bool log = false;
    double step = 0.0;                  // 0: a continuous double; ints always have one (default 1)
    std::vector<nlohmann::json> values; // categorical choices, in spec order

    // Throws dllab::Error naming the parameter (or its position) and the problem.
    static ParamSpec fromJson(const nlohmann::json &json, std::size_t index = 0);
    nlohmann::json toJson() const;

    bool isNumeric() const { return type != ParamType::Categorical; }
    std::size_t choiceCount() const { return values.size(); }

    // Internal number of an external value; nullopt when the value does not belong to this
    // space (wrong type, out of range, not one of the choices), e.g. after the spec changed.
    std::optional<double> toInternal(const nlohmann::json &value) const;
    // External value of an internal number: rounded to the step or integer, clipped into range.
    nlohmann::json toExternal(double internal) const;

    // The interval samplers draw internal numbers from: a discrete parameter's interval is
    // widened by half a step on each side so that every value gets the same share.
    double internalLow() const;
    double internalHigh() const;
    // The width of one value in internal space; 0 when continuous there (log ints included,
    // as in Optuna).
    double internalStep() const;
};

class SearchSpace {
public:
    SearchSpace() = default;
    // Throws dllab::Error on a duplicate name.
    explicit SearchSpace(std::vector<ParamSpec> params);

    // `parameters` is the sweep spec's list of {name, type, min, max, log, step, values}.
    static SearchSpace fromJson(const nlohmann::json &parameters);
    nlohmann::json toJson() const;

    const std::vector<ParamSpec> &params() const { return m_params; }
    std::size_t size() const { return m_params.size(); }
    const ParamSpec *find(std::string_view name) const;

    // Whether every parameter of the space has a valid value in `params`.
    bool contains(const Params &params) const;

private:
    std::vector<ParamSpec> m_params;
};

} // namespace dllab::hpo
