#pragma once
// The sweep spec (DESIGN.md §5): Katib's Experiment in JSON. SweepSpec is its checked
// form; the JSON document itself is what the workspace stores. Plain values; any thread.
#include "training/hpo/search_space.h"
#include "training/hpo/trial.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dllab::sweep {

struct SweepSpec {
    std::string name;
    std::string metric; // the objective metric, e.g. val_accuracy
    hpo::Goal goal = hpo::Goal::Maximize;
    nlohmann::json algorithm; // {name, seed, settings}, as dllab_hpo's makeSampler reads it
    hpo::SearchSpace space;
    nlohmann::json parameters; // the spec's list, kept for export
    int maxTrialCount = 10;
    int parallelTrialCount = 1;
    std::optional<int> maxFailedTrialCount; // none: failures never fail the sweep
    nlohmann::json earlyStopping;           // null or {name, settings}, as makePruner reads it
    nlohmann::json runTemplate;             // trial.run: a run spec; null for a command trial
    std::vector<std::string> command;       // trial.command: argv with ${trialParameters.NAME}

    bool isCommand() const { return !command.empty(); }

    // Checks every field and builds the sampler and pruner once, so that a bad algorithm setting
    // is refused before anything is stored. Throws dllab::Error naming the field.
    static SweepSpec fromJson(const nlohmann::json &json);
};

// The run spec of one trial: the template with each parameter set at its dotted path. A path
// step that is a number indexes a list ("model.hidden.0"); missing objects are created.
// Throws dllab::Error naming the parameter when a step does not fit the template.
nlohmann::json applyParams(const nlohmann::json &runTemplate, const hpo::Params &params);

// A command's argv with every ${trialParameters.NAME} replaced by the parameter's value (numbers
// in their shortest exact form, strings unquoted). Throws dllab::Error on an unknown NAME.
std::vector<std::string> substituteCommand(const std::vector<std::string> &argv,
                                           const hpo::Params &params);

// A parameter value as text: strings bare, everything else as JSON.
std::string paramText(const nlohmann::json &value);

} // namespace dllab::sweep
