#pragma once
// Runs dllab-cli as users script it: arguments in, exit status, stdout and stderr out (runCli);
// or as a child process to signal (startCli, waitChild). Shared by the CLI tests of every folder.
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace dllab::test {

struct CliResult {
    int status = -1;
    std::string out, err;
    nlohmann::json document() const { return nlohmann::json::parse(out); }
};

inline std::string shellQuote(const std::string &arg)
{
    std::string quoted = "'";
    for (char c : arg)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// A shell command line (quote its words with shellQuote); stdout and stderr captured apart.
inline CliResult runShell(const std::string &command)
{
    static std::atomic<int> counter{0};
    const auto errFile =
        std::filesystem::temp_directory_path()
        / ("dllab-cli-err-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    CliResult result;
    FILE *pipe = ::popen((command + " 2>" + shellQuote(errFile.string())).c_str(), "r");
    if (!pipe)
        return result;
    std::array<char, 65536> buffer;
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        result.out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(errFile);
    result.err.assign(std::istreambuf_iterator<char>(err), {});
    std::filesystem::remove(errFile);
    return result;
}

inline CliResult runCli(const std::filesystem::path &ws, const std::vector<std::string> &args)
{
    std::string command = shellQuote(DLLAB_CLI) + " --workspace " + shellQuote(ws.string());
    for (const auto &arg : args)
        command += " " + shellQuote(arg);
    return runShell(command);
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

} // namespace dllab::test
