#pragma once
// Feeds one trial's intermediate values to the sweep's pruner. The other trials are read from
// the workspace (at most once a second, so a chatty command costs little), which makes the
// decision the same one a resumed sweep would take. The trial's own thread only.
#include "training/hpo/pruner.h"
#include "workspace/workspace.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dllab::sweep {

class PruneCheck {
public:
    // `pruner` may be null (never prunes). `earlier`: values recorded before a resume.
    PruneCheck(workspace::Workspace &ws, int64_t sweepId, int number, hpo::Params params,
               std::string metric, const hpo::Pruner *pruner,
               std::map<int64_t, double> earlier = {});

    // Records the trial's value at `step`; true when the pruner says stop it now.
    bool report(int64_t step, double value);

    std::optional<double> lastValue() const;
    std::optional<int64_t> lastStep() const;

private:
    workspace::Workspace &m_ws;
    int64_t m_sweepId;
    hpo::Trial m_trial;
    std::string m_metric;
    const hpo::Pruner *m_pruner;
    std::vector<hpo::Trial> m_history;
    std::optional<std::chrono::steady_clock::time_point> m_loadedAt;
};

} // namespace dllab::sweep
