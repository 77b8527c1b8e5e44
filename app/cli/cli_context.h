#pragma once
// What every dllab-cli command shares: the workspace folder, --json, and how long work reports
// progress and honours Ctrl-C. Used from the CLI's main thread.
#include "workspace/job_context.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>

namespace dllab::cli {

struct CliContext {
    std::string workspaceDir; // empty: the default workspace
    bool json = false;

    std::filesystem::path workspacePath() const;
    // Runs work on a job thread with progress on stderr; Ctrl-C requests a stop.
    void runJob(const std::string &title,
                const std::function<void(const JobContext &)> &work) const;
    void print(const nlohmann::json &document) const; // one JSON document on stdout
};

// A whole number from min to max, checked on the text: CLI11 reads integers with strtoll, which
// turns 99999999999999999999 into INT64_MAX without a word.
CLI::Validator wholeNumber(int64_t min, int64_t max);

// A spec file (`what`: "run", "sweep") read as a JSON object; throws dllab::Error naming the file.
nlohmann::json readSpecFile(const std::string &path, const std::string &what);

} // namespace dllab::cli
