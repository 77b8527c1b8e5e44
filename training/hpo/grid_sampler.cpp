#include "training/hpo/grid_sampler.h"

#include "workspace/error.h"

#include <cmath>
#include <set>
#include <string>

namespace dllab::hpo {

namespace {

// Beyond this a grid is a mistake in the spec, not a search anyone will run.
constexpr std::size_t kMaxGridSize = 10'000'000;

std::string pointKey(const SearchSpace &space, const Params &params)
{
    nlohmann::json key = nlohmann::json::array();
    for (const auto &spec : space.params()) {
        const auto it = params.find(spec.name);
        key.push_back(it == params.end() ? nlohmann::json() : it->second);
    }
    return key.dump();
}

} // namespace

std::vector<nlohmann::json> gridValues(const ParamSpec &spec, const GridSettings &settings)
{
    std::vector<nlohmann::json> values;
    if (spec.type == ParamType::Categorical)
        return spec.values;
    if (spec.step > 0.0 && !(spec.type == ParamType::Int && spec.log && settings.points > 0)) {
        // min + i * step rather than a running sum, so no rounding error accumulates.
        const auto count =
            static_cast<std::size_t>(std::llround((spec.max - spec.min) / spec.step)) + 1;
        if (count > kMaxGridSize)
            throw Error("parameter \"" + spec.name + "\": too many grid values");
        for (std::size_t i = 0; i < count; ++i)
            values.push_back(spec.toExternal(spec.min + static_cast<double>(i) * spec.step));
        return values;
    }
    if (settings.points < 2)
        throw Error("parameter \"" + spec.name
                    + "\": grid search needs a \"step\" for a double parameter, or the algorithm "
                      "setting \"points\" (values per double parameter, at least 2)");
    // Evenly spaced in internal space, so a log parameter gets a geometric grid.
    const double low = spec.log ? std::log(spec.min) : spec.min;
    const double high = spec.log ? std::log(spec.max) : spec.max;
    for (int i = 0; i < settings.points; ++i) {
        const double t = static_cast<double>(i) / (settings.points - 1);
        auto value = spec.toExternal(low + t * (high - low));
        if (values.empty() || values.back() != value) // log ints may round to the same value
            values.push_back(std::move(value));
    }
    return values;
}

GridSampler::GridSampler(SearchSpace space, GridSettings settings) : m_space(std::move(space))
{
    for (const auto &spec : m_space.params()) {
        m_values.push_back(gridValues(spec, settings));
        m_size *= m_values.back().size();
        if (m_size > kMaxGridSize)
            throw Error("the grid has more than " + std::to_string(kMaxGridSize)
                        + " points; give the parameters larger steps or fewer values");
    }
}

Params GridSampler::point(std::size_t index) const
{
    Params params;
    for (std::size_t p = m_values.size(); p-- > 0;) {
        const auto &values = m_values[p];
        params[m_space.params()[p].name] = values[index % values.size()];
        index /= values.size();
    }
    return params;
}

std::optional<Params> GridSampler::suggest(const std::vector<Trial> &history)
{
    std::set<std::string> seen;
    for (const auto &trial : history)
        seen.insert(pointKey(m_space, trial.params));
    for (std::size_t i = 0; i < m_size; ++i) {
        auto params = point(i);
        if (!seen.contains(pointKey(m_space, params)))
            return params;
    }
    return std::nullopt;
}

} // namespace dllab::hpo
