#pragma once
// dllab-cli sweep as a child process for tests: start it, wait for it, read its trials.
#include "../cli_process.h"
#include "../datasets/test_files.h"
#include "training/sweep/sweep_store.h"
#include "workspace/workspace.h"

#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace dllab::test {

inline std::filesystem::path writeSpec(const ScratchDir &dir, const nlohmann::json &spec)
{
    return dir.write("sweep.json", spec.dump(2));
}

// Imports the shared iris.csv as dataset "iris" into workspace `ws`, through the CLI.
inline void importIris(const std::filesystem::path &ws)
{
    const auto r =
        runCli(ws, {"dataset", "import", (sharedData() / "iris.csv").string(), "--name", "iris"});
    ASSERT_EQ(r.status, 0) << r.err;
}

inline std::vector<sweep::TrialRecord> trialsOf(const std::filesystem::path &ws)
{
    workspace::Workspace w(ws);
    sweep::SweepStore store(w);
    const auto sweeps = store.list();
    return sweeps.empty() ? std::vector<sweep::TrialRecord>{} : store.trials(sweeps.back().id);
}

inline int countState(const std::vector<sweep::TrialRecord> &trials, const std::string &state)
{
    return int(std::count_if(trials.begin(), trials.end(),
                             [&](const auto &t) { return sweep::stateName(t.state) == state; }));
}

} // namespace dllab::test
