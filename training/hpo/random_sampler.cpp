#include "training/hpo/random_sampler.h"

#include "training/hpo/random_util.h"

namespace dllab::hpo {

RandomSampler::RandomSampler(SearchSpace space, std::optional<std::uint64_t> seed)
    : m_space(std::move(space)), m_rng(makeRng(seed))
{}

std::optional<Params> RandomSampler::suggest(const std::vector<Trial> &) { return sample(); }

Params RandomSampler::sample()
{
    Params params;
    for (const auto &spec : m_space.params())
        params[spec.name] = sampleParam(spec);
    return params;
}

nlohmann::json RandomSampler::sampleParam(const ParamSpec &spec)
{
    if (spec.type == ParamType::Categorical)
        return spec.values[uniformIndex(m_rng, spec.values.size())];
    const double low = spec.internalLow();
    const double high = spec.internalHigh();
    return spec.toExternal(low + uniform01(m_rng) * (high - low));
}

} // namespace dllab::hpo
