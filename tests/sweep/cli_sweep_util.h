#pragma once
// dllab-cli sweep as a child process for tests: start it, wait for it, read its trials.
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

// `dllab-cli --workspace WS args...` as a child process, output thrown away.
inline pid_t startCli(const std::filesystem::path &ws, const std::vector<std::string> &args)
{
    const pid_t child = ::fork();
    if (child == 0) {
        std::vector<std::string> all{DLLAB_CLI, "--workspace", ws.string()};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char *> argv;
        for (auto &a : all)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        ::execv(DLLAB_CLI, argv.data());
        ::_exit(127);
    }
    return child;
}

inline int waitChild(pid_t child)
{
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
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
                             [&](const auto &t) { return t.state == state; }));
}

} // namespace dllab::test
