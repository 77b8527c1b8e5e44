#pragma once
// Helpers for sweep tests: command-trial specs built on /bin/sh, and running a sweep in-process
// on its own thread with a stop source the test controls.
#include "training/sweep/sweep_runner.h"
#include "workspace/workspace.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

namespace dllab::test {

// A grid sweep over x in `values` whose trial runs `script` under /bin/sh with x as $1; the
// script prints `loss=...` lines (minimised).
inline nlohmann::json shellSweep(const std::string &name, const std::string &script,
                                 const nlohmann::json &values, int maxTrials)
{
    return {{"name", name},
            {"objective", {{"metric", "loss"}, {"goal", "minimize"}}},
            {"algorithm", {{"name", "grid"}}},
            {"parameters", {{{"name", "x"}, {"type", "categorical"}, {"values", values}}}},
            {"maxTrialCount", maxTrials},
            {"parallelTrialCount", 1},
            {"trial", {{"command", {"/bin/sh", "-c", script, "sh", "${trialParameters.x}"}}}}};
}

// Prints `step i: loss=(x - 2)^2 + 1/i` for i = 1..3 (x is $1; a trial ends at (x - 2)^2 + 1/3),
// sleeping `pause` seconds after each line; exits 2 with "boom" on stderr when x is one of
// `failing` (space-separated).
inline std::string lossScript(const std::string &failing = "", const std::string &pause = "0")
{
    return "for f in " + failing
           + " none; do if [ \"$1\" = \"$f\" ]; then echo boom >&2; exit 2; fi; done; "
             "i=1; while [ $i -le 3 ]; do "
             "awk -v x=\"$1\" -v i=$i 'BEGIN { printf \"step %d: loss=%.6f\\n\", i, (x - 2) * (x - "
             "2) + 1 / i }'; "
             "sleep "
           + pause + "; i=$((i + 1)); done";
}

inline double lossOf(double x) { return (x - 2) * (x - 2) + 1.0 / 3.0; }

// Polls `done` every 20 ms for up to `seconds`; true when it held.
template <class F> bool waitFor(F &&done, double seconds = 60)
{
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(seconds * 1000));
    while (std::chrono::steady_clock::now() < deadline) {
        if (done())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// Parses a YAML file with Debian's python3-yaml and returns it as JSON.
inline nlohmann::json yamlAsJson(const std::filesystem::path &file)
{
    const std::string command = "/usr/bin/python3 -c 'import json, sys, yaml; "
                                "print(json.dumps(yaml.safe_load(open(sys.argv[1]))))' '"
                                + file.string() + "'";
    FILE *pipe = ::popen(command.c_str(), "r");
    std::string out;
    char buffer[4096];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        out.append(buffer, n);
    if (::pclose(pipe) != 0)
        return nullptr;
    return nlohmann::json::parse(out, nullptr, false);
}

} // namespace dllab::test
