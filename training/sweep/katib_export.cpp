#include "training/sweep/katib_export.h"

#include "training/hpo/tpe_sampler.h"
#include "training/sweep/sweep_spec.h"
#include "workspace/error.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

using nlohmann::json;

namespace dllab::sweep {

namespace {

// A YAML double-quoted scalar: JSON's string escapes are valid YAML ones.
std::string quoted(const std::string &text) { return json(text).dump(); }

std::string dnsName(const std::string &name)
{
    std::string out;
    for (char c : name) {
        const bool ok = std::isalnum(static_cast<unsigned char>(c));
        if (ok)
            out += char(std::tolower(static_cast<unsigned char>(c)));
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    if (out.size() > 63)
        out.resize(63);
    return out.empty() ? "dllab-sweep" : out;
}

// Settings as name -> value text, from {"settings": {...} or [{name, value}]} and loose keys.
std::map<std::string, std::string> settingsOf(const json &object, const std::set<std::string> &skip)
{
    std::map<std::string, std::string> out;
    if (!object.is_object())
        return out;
    for (const auto &item : object.items())
        if (!skip.contains(item.key()) && item.key() != "settings")
            out[item.key()] = paramText(item.value());
    const json settings = object.value("settings", json());
    if (settings.is_object())
        for (const auto &item : settings.items())
            out[item.key()] = paramText(item.value());
    else if (settings.is_array())
        for (const auto &entry : settings)
            out[entry.value("name", "")] = paramText(entry.value("value", json("")));
    return out;
}

class Yaml {
public:
    Yaml &line(int indent, const std::string &text)
    {
        m_out << std::string(size_t(indent) * 2, ' ') << text << '\n';
        return *this;
    }
    void settings(int indent, const std::map<std::string, std::string> &values)
    {
        for (const auto &[name, value] : values) {
            line(indent, "- name: " + quoted(name));
            line(indent + 1, "value: " + quoted(value));
        }
    }
    std::string str() const { return m_out.str(); }

private:
    std::ostringstream m_out;
};

// dllab's tpe is Katib's hyperopt-based (independent) tpe, or with "multivariate": true its
// Optuna-based multivariate-tpe.
std::string katibAlgorithmName(const json &algorithm)
{
    const std::string name = algorithm.value("name", "tpe");
    if (name != "tpe")
        return name;
    const auto settings = settingsOf(algorithm, {"name"});
    const auto it = settings.find("multivariate");
    const bool multivariate =
        it == settings.end() ? hpo::TpeSettings{}.multivariate : it->second == "true";
    return multivariate ? "multivariate-tpe" : "tpe";
}

// What Katib's services call dllab's settings: hyperopt's tpe and random, Optuna's
// multivariate-tpe. `multivariate` is said by the algorithm's name.
std::map<std::string, std::string> algorithmSettings(const json &algorithm,
                                                     const std::string &katibName,
                                                     std::vector<std::string> &dropped)
{
    static const std::map<std::string, std::string> hyperopt{{"seed", "random_state"},
                                                             {"n_ei_candidates", "n_EI_candidates"},
                                                             {"n_startup_trials", "n_startup_jobs"},
                                                             {"prior_weight", "prior_weight"}};
    static const std::map<std::string, std::string> optuna{
        {"seed", "random_state"},
        {"n_ei_candidates", "n_ei_candidates"},
        {"n_startup_trials", "n_startup_trials"}};
    static const std::map<std::string, std::string> seedOnly{{"seed", "random_state"}};
    const auto &rename = katibName == "tpe"                ? hyperopt
                         : katibName == "multivariate-tpe" ? optuna
                         : katibName == "grid"             ? std::map<std::string, std::string>{}
                                                           : seedOnly;
    std::map<std::string, std::string> out;
    for (const auto &[key, value] : settingsOf(algorithm, {"name"})) {
        if (key == "multivariate" && katibName.ends_with("tpe"))
            continue;
        const auto it = rename.find(key);
        if (it != rename.end())
            out[it->second] = value;
        else
            dropped.push_back(key);
    }
    return out;
}

struct TrialParam {
    std::string name;      // Katib-safe
    std::string reference; // the sweep's parameter name (a dotted path)
};

std::string placeholder(const TrialParam &p) { return "${trialParameters." + p.name + "}"; }

// The argv of a run trial: the template's fields as --set, then each parameter. A parameter
// inside a list ("model.hidden.0") sets the whole list with the placeholder in it, since
// `dllab-cli train --set` addresses objects only.
std::vector<std::string> trainArgv(const SweepSpec &spec, const std::vector<TrialParam> &params)
{
    std::vector<std::string> argv{"dllab-cli", "train", "--dataset",
                                  spec.runTemplate.value("dataset", "")};
    for (const auto &item : spec.runTemplate.items())
        if (item.key() != "dataset")
            argv.insert(argv.end(), {"--set", item.key() + "=" + item.value().dump()});
    std::map<std::string, json> lists;         // path of a list -> the list, with token strings
    std::map<std::string, std::string> tokens; // token -> placeholder text
    for (const auto &p : params) {
        const auto *paramSpec = spec.space.find(p.reference);
        const bool text = paramSpec && !paramSpec->isNumeric()
                          && std::all_of(paramSpec->values.begin(), paramSpec->values.end(),
                                         [](const json &v) { return v.is_string(); });
        // Find the first path step that is a list index, if any.
        std::string prefix;
        size_t start = 0;
        bool inList = false;
        while (start <= p.reference.size()) {
            const size_t dot = p.reference.find('.', start);
            const std::string step =
                p.reference.substr(start, dot == std::string::npos ? dot : dot - start);
            if (!step.empty() && step.find_first_not_of("0123456789") == std::string::npos) {
                inList = true;
                break;
            }
            prefix = p.reference.substr(0, dot == std::string::npos ? p.reference.size() : dot);
            if (dot == std::string::npos)
                break;
            start = dot + 1;
        }
        if (!inList) {
            const std::string value = text ? quoted(placeholder(p)) : placeholder(p);
            argv.insert(argv.end(), {"--set", p.reference + "=" + value});
            continue;
        }
        const std::string token = "@@dllab-" + p.name + "@@";
        tokens[quoted(token)] = text ? quoted(placeholder(p)) : placeholder(p);
        json &list = lists.try_emplace(prefix, json()).first->second;
        if (list.is_null()) {
            // The template's list at that path, to keep its other entries.
            list = applyParams(spec.runTemplate, {});
            for (size_t s = 0, d; s <= prefix.size(); s = d + 1) {
                d = prefix.find('.', s);
                if (d == std::string::npos)
                    d = prefix.size();
                list = list.is_object() ? list.value(prefix.substr(s, d - s), json()) : json();
            }
        }
        json holder{{"v", list}};
        holder = applyParams(holder, {{"v" + p.reference.substr(prefix.size()), json(token)}});
        list = holder["v"];
    }
    for (const auto &[prefix, list] : lists) {
        std::string text = list.dump();
        for (const auto &[token, value] : tokens)
            for (size_t at; (at = text.find(token)) != std::string::npos;)
                text.replace(at, token.size(), value);
        argv.insert(argv.end(), {"--set", prefix + "=" + text});
    }
    argv.push_back("--json");
    return argv;
}

} // namespace

std::string katibParameterName(const std::string &name)
{
    std::string out;
    for (char c : name)
        out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front())))
        out = "p_" + out;
    return out;
}

std::string katibExperimentYaml(const json &sweepSpec, const KatibOptions &options)
{
    if (options.image.empty())
        throw Error("export-katib needs --image IMAGE (an image with dllab-cli)");
    const SweepSpec spec = SweepSpec::fromJson(sweepSpec);
    std::vector<TrialParam> params;
    std::set<std::string> used;
    for (const auto &p : spec.space.params()) {
        std::string name = katibParameterName(p.name);
        for (int n = 2; used.contains(name); ++n)
            name = katibParameterName(p.name) + "_" + std::to_string(n);
        used.insert(name);
        params.push_back({name, p.name});
    }
    const std::string algorithm = katibAlgorithmName(spec.algorithm);
    std::vector<std::string> dropped;
    const auto settings = algorithmSettings(spec.algorithm, algorithm, dropped);

    Yaml y;
    y.line(0, "# Katib Experiment exported by dllab-cli from sweep " + spec.name + ".");
    if (!spec.isCommand())
        y.line(0, "# The image needs dllab-cli and a workspace holding dataset "
                      + spec.runTemplate.value("dataset", "") + " (see DLLAB_WORKSPACE).");
    for (const auto &key : dropped)
        y.line(0, "# algorithm setting " + key + " has no Katib equivalent; left out.");
    y.line(0, "apiVersion: kubeflow.org/v1beta1").line(0, "kind: Experiment").line(0, "metadata:");
    y.line(1, "name: " + quoted(options.name.empty() ? dnsName(spec.name) : options.name));
    y.line(0, "spec:").line(1, "objective:");
    y.line(2, std::string("type: ") + (spec.goal == hpo::Goal::Maximize ? "maximize" : "minimize"));
    y.line(2, "objectiveMetricName: " + quoted(spec.metric));
    y.line(1, "algorithm:").line(2, "algorithmName: " + algorithm);
    if (!settings.empty()) {
        y.line(2, "algorithmSettings:");
        y.settings(3, settings);
    }
    y.line(1, "parallelTrialCount: " + std::to_string(spec.parallelTrialCount));
    y.line(1, "maxTrialCount: " + std::to_string(spec.maxTrialCount));
    if (spec.maxFailedTrialCount)
        y.line(1, "maxFailedTrialCount: " + std::to_string(*spec.maxFailedTrialCount));
    const std::string stopping =
        spec.earlyStopping.is_object() ? spec.earlyStopping.value("name", "none") : "none";
    if (stopping == "median") {
        y.line(1, "earlyStopping:").line(2, "algorithmName: medianstop");
        const auto median = settingsOf(spec.earlyStopping, {"name"});
        if (!median.empty()) {
            y.line(2, "algorithmSettings:");
            y.settings(3, median);
        }
    } else if (stopping != "none") {
        y.line(1, "# earlyStopping " + stopping + " has no Katib equivalent; left out.");
    }
    y.line(1, "metricsCollectorSpec:").line(2, "collector:").line(3, "kind: StdOut");
    if (!spec.isCommand()) {
        // `dllab-cli train --json` prints "val_accuracy": 0.97; Katib's default filter wants =.
        y.line(2, "source:").line(3, "filter:").line(4, "metricsFormat:");
        y.line(5, "- " + quoted(R"re("([\w|-]+)":\s*([+-]?\d*(\.\d+)?([Ee][+-]?\d+)?))re"));
    }
    y.line(1, "parameters:");
    for (const auto &p : spec.space.params()) {
        y.line(2, "- name: " + quoted(p.name));
        y.line(3, "parameterType: "
                      + std::string(p.type == hpo::ParamType::Double ? "double"
                                    : p.type == hpo::ParamType::Int  ? "int"
                                                                     : "categorical"));
        y.line(3, "feasibleSpace:");
        if (p.isNumeric()) {
            const bool isInt = p.type == hpo::ParamType::Int;
            const auto number = [&](double v) {
                return paramText(isInt ? json(int64_t(v)) : json(v));
            };
            y.line(4, "min: " + quoted(number(p.min)));
            y.line(4, "max: " + quoted(number(p.max)));
            if (p.step > 0 && !(isInt && p.step == 1.0))
                y.line(4, "step: " + quoted(number(p.step)));
            if (p.log)
                y.line(4, "distribution: logUniform");
        } else {
            y.line(4, "list:");
            for (const auto &value : p.values)
                y.line(5, "- " + quoted(paramText(value)));
        }
    }
    const bool pytorchJob = options.trialKind == KatibOptions::TrialKind::PyTorchJob;
    // Katib's PyTorchJob examples name the container "pytorch", as the training operator expects.
    const std::string container = pytorchJob ? "pytorch" : "training-container";
    y.line(1, "trialTemplate:").line(2, "primaryContainerName: " + container);
    y.line(2, "trialParameters:");
    for (const auto &p : params) {
        y.line(3, "- name: " + p.name);
        y.line(4, "description: " + quoted("sweep parameter " + p.reference));
        y.line(4, "reference: " + quoted(p.reference));
    }
    std::vector<std::string> argv;
    if (spec.isCommand()) {
        // The sweep's own placeholders name dotted parameters; Katib's name the safe ones.
        hpo::Params text;
        for (const auto &p : params)
            text[p.reference] = placeholder(p);
        argv = substituteCommand(spec.command, text);
    } else {
        argv = trainArgv(spec, params);
    }
    y.line(2, "trialSpec:");
    int pod = 4; // the indent of the pod template's keys
    if (pytorchJob) {
        y.line(3, "apiVersion: kubeflow.org/v1").line(3, "kind: PyTorchJob").line(3, "spec:");
        y.line(4, "pytorchReplicaSpecs:").line(5, "Master:").line(6, "replicas: 1");
        y.line(6, "restartPolicy: Never");
        pod = 6;
    } else {
        y.line(3, "apiVersion: batch/v1").line(3, "kind: Job").line(3, "spec:");
    }
    y.line(pod, "template:").line(pod + 1, "spec:");
    if (!pytorchJob)
        y.line(pod + 2, "restartPolicy: Never");
    y.line(pod + 2, "containers:");
    const int c = pod + 3; // the container's "- name" line
    y.line(c, "- name: " + container).line(c + 1, "image: " + quoted(options.image));
    if (!options.workspace.empty()) {
        y.line(c + 1, "env:").line(c + 2, "- name: DLLAB_WORKSPACE");
        y.line(c + 3, "value: " + quoted(options.workspace));
    }
    y.line(c + 1, "command:");
    for (const auto &arg : argv)
        y.line(c + 2, "- " + quoted(arg));
    return y.str();
}

} // namespace dllab::sweep
