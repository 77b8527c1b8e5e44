#pragma once
// Grid search: the cartesian product of every parameter's values, in a fixed order (the last
// parameter varies fastest), each point proposed once. Doubles need a step, or a number of
// points (GridSettings::points) spread evenly (geometrically for log parameters).
#include "training/hpo/sampler.h"
#include "training/hpo/search_space.h"

#include <cstddef>
#include <vector>

namespace dllab::hpo {

struct GridSettings {
    int points = 0; // values per double parameter without a step; 0: such a parameter is an error
};

// The grid values of one parameter; throws dllab::Error when a double has neither step nor points.
std::vector<nlohmann::json> gridValues(const ParamSpec &spec, const GridSettings &settings);

class GridSampler : public Sampler {
public:
    // Throws dllab::Error when a parameter has no finite grid or the product is too large.
    explicit GridSampler(SearchSpace space, GridSettings settings = {});

    // The first grid point no trial in `history` has (so a resumed or parallel sweep never
    // repeats one); nullopt once every point has been proposed.
    std::optional<Params> suggest(const std::vector<Trial> &history) override;

    std::size_t size() const { return m_size; }
    Params point(std::size_t index) const;

private:
    SearchSpace m_space;
    std::vector<std::vector<nlohmann::json>> m_values; // per parameter, in space order
    std::size_t m_size = 1;
};

} // namespace dllab::hpo
