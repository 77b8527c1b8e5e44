#include "training/hpo/factory.h"

#include "training/hpo/asha_pruner.h"
#include "training/hpo/grid_sampler.h"
#include "training/hpo/median_pruner.h"
#include "training/hpo/random_sampler.h"
#include "training/hpo/tpe_sampler.h"
#include "workspace/error.h"

#include <cmath>
#include <map>
#include <set>
#include <string>

namespace dllab::hpo {

namespace {

// Settings of one algorithm or pruner, each read once; whatever is left over was misspelt.
class Settings {
public:
    Settings(std::string what, const nlohmann::json &json, const std::set<std::string> &reserved)
        : m_what(std::move(what))
    {
        if (json.contains("settings"))
            addAll(json.at("settings"));
        for (const auto &item : json.items()) {
            if (!reserved.contains(item.key()) && item.key() != "settings")
                m_values[item.key()] = item.value();
        }
    }

    double number(const std::string &key, double fallback)
    {
        const auto it = m_values.find(key);
        if (it == m_values.end())
            return fallback;
        auto value = it->second;
        m_values.erase(it);
        if (value.is_string()) { // Katib passes every setting as a string
            value = nlohmann::json::parse(value.get<std::string>(), nullptr, false);
        }
        if (!value.is_number() || !std::isfinite(value.get<double>()))
            throw Error(m_what + ": setting \"" + key + "\" must be a number");
        return value.get<double>();
    }

    int integer(const std::string &key, int fallback)
    {
        const double value = number(key, fallback);
        if (std::floor(value) != value || std::fabs(value) > 1e9)
            throw Error(m_what + ": setting \"" + key + "\" must be a whole number");
        return static_cast<int>(value);
    }

    bool flag(const std::string &key, bool fallback)
    {
        const auto it = m_values.find(key);
        if (it == m_values.end())
            return fallback;
        auto value = it->second;
        m_values.erase(it);
        if (value == "true" || value == "false")
            value = value == "true";
        if (!value.is_boolean())
            throw Error(m_what + ": setting \"" + key + "\" must be true or false");
        return value.get<bool>();
    }

    void expectNoneLeft() const
    {
        if (!m_values.empty())
            throw Error(m_what + ": unknown setting \"" + m_values.begin()->first + "\"");
    }

private:
    void addAll(const nlohmann::json &settings)
    {
        if (settings.is_object()) {
            for (const auto &item : settings.items())
                m_values[item.key()] = item.value();
        } else if (settings.is_array()) {
            for (const auto &entry : settings) {
                if (!entry.is_object() || !entry.contains("name") || !entry.at("name").is_string()
                    || !entry.contains("value"))
                    throw Error(m_what + ": each setting needs a \"name\" and a \"value\"");
                m_values[entry.at("name").get<std::string>()] = entry.at("value");
            }
        } else if (!settings.is_null()) {
            throw Error(m_what + ": \"settings\" must be an object or a list");
        }
    }

    std::string m_what;
    std::map<std::string, nlohmann::json> m_values;
};

std::string nameOf(const nlohmann::json &json, const std::string &what)
{
    if (!json.is_object() || !json.contains("name") || !json.at("name").is_string())
        throw Error(what + " needs a \"name\"");
    return json.at("name").get<std::string>();
}

} // namespace

std::unique_ptr<Sampler> makeSampler(const nlohmann::json &algorithm, const SearchSpace &space,
                                     Goal goal)
{
    const std::string name = nameOf(algorithm, "\"algorithm\"");
    std::optional<std::uint64_t> seed;
    if (algorithm.contains("seed") && !algorithm.at("seed").is_null()) {
        const auto &value = algorithm.at("seed");
        if (!value.is_number_integer() || value.get<std::int64_t>() < 0)
            throw Error("algorithm \"" + name + "\": \"seed\" must be a whole number >= 0");
        seed = value.get<std::uint64_t>();
    }
    Settings settings("algorithm \"" + name + "\"", algorithm, {"name", "seed"});
    if (name == "grid") {
        GridSettings grid;
        grid.points = settings.integer("points", 0);
        settings.expectNoneLeft();
        return std::make_unique<GridSampler>(space, grid);
    }
    if (name == "random") {
        settings.expectNoneLeft();
        return std::make_unique<RandomSampler>(space, seed);
    }
    if (name == "tpe") {
        TpeSettings tpe;
        tpe.nStartupTrials = settings.integer("n_startup_trials", tpe.nStartupTrials);
        tpe.nEiCandidates = settings.integer("n_ei_candidates", tpe.nEiCandidates);
        tpe.multivariate = settings.flag("multivariate", tpe.multivariate);
        tpe.parzen.priorWeight = settings.number("prior_weight", tpe.parzen.priorWeight);
        tpe.parzen.considerPrior = settings.flag("consider_prior", tpe.parzen.considerPrior);
        tpe.parzen.considerMagicClip =
            settings.flag("consider_magic_clip", tpe.parzen.considerMagicClip);
        tpe.parzen.considerEndpoints =
            settings.flag("consider_endpoints", tpe.parzen.considerEndpoints);
        settings.expectNoneLeft();
        return std::make_unique<TpeSampler>(space, goal, tpe, seed);
    }
    throw Error("unknown algorithm \"" + name + "\" (expected grid, random or tpe)");
}

std::unique_ptr<Pruner> makePruner(const nlohmann::json &earlyStopping, Goal goal)
{
    if (earlyStopping.is_null())
        return nullptr;
    const std::string name = nameOf(earlyStopping, "\"earlyStopping\"");
    Settings settings("early stopping \"" + name + "\"", earlyStopping, {"name"});
    if (name == "none") {
        settings.expectNoneLeft();
        return nullptr;
    }
    if (name == "median") {
        MedianSettings median;
        median.minTrialsRequired =
            settings.integer("min_trials_required", median.minTrialsRequired);
        median.startStep = settings.integer("start_step", median.startStep);
        settings.expectNoneLeft();
        return std::make_unique<MedianPruner>(goal, median);
    }
    if (name == "asha") {
        AshaSettings asha;
        asha.minResource = settings.integer("min_resource", static_cast<int>(asha.minResource));
        asha.reductionFactor = settings.integer("reduction_factor", asha.reductionFactor);
        asha.minEarlyStoppingRate =
            settings.integer("min_early_stopping_rate", asha.minEarlyStoppingRate);
        settings.expectNoneLeft();
        return std::make_unique<AshaPruner>(goal, asha);
    }
    throw Error("unknown early stopping \"" + name + "\" (expected none, median or asha)");
}

} // namespace dllab::hpo
