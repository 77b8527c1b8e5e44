#pragma once
// Random search: every parameter drawn independently and uniformly in its internal space
// (log-uniform for log parameters, equal shares for each int step and each choice).
#include "training/hpo/sampler.h"
#include "training/hpo/search_space.h"

#include <cstdint>
#include <optional>
#include <random>

namespace dllab::hpo {

class RandomSampler : public Sampler {
public:
    explicit RandomSampler(SearchSpace space, std::optional<std::uint64_t> seed = std::nullopt);

    std::optional<Params> suggest(const std::vector<Trial> &history) override;

    Params sample();
    nlohmann::json sampleParam(const ParamSpec &spec);

private:
    SearchSpace m_space;
    std::mt19937_64 m_rng;
};

} // namespace dllab::hpo
