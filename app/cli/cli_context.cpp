#include "cli_context.h"

#include "workspace/error.h"
#include "workspace/workspace.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <thread>

namespace dllab::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int) { g_interrupted = true; }

// Prints a progress line at most a few times a second, so long imports show life on stderr
// without flooding a log.
class ProgressPrinter {
public:
    explicit ProgressPrinter(std::string title) : m_title(std::move(title)) {}
    void operator()(double fraction, const std::string &message)
    {
        const auto now = std::chrono::steady_clock::now();
        if (fraction < 1.0 && now - m_last < std::chrono::milliseconds(500))
            return;
        m_last = now;
        std::fprintf(stderr, "%s: %3d%% %s\n", m_title.c_str(), int(fraction * 100 + 0.5),
                     message.c_str());
    }

private:
    std::string m_title;
    std::chrono::steady_clock::time_point m_last{};
};

} // namespace

std::filesystem::path CliContext::workspacePath() const
{
    return workspaceDir.empty() ? workspace::Workspace::defaultPath()
                                : std::filesystem::path(workspaceDir);
}

void CliContext::runJob(const std::string &title,
                        const std::function<void(const JobContext &)> &work) const
{
    std::signal(SIGINT, onInterrupt);
    std::exception_ptr failure;
    std::atomic<bool> done{false};
    ProgressPrinter printer(title);
    std::jthread job([&](std::stop_token stop) {
        JobContext ctx{stop, [&](double f, const std::string &m) { printer(f, m); }};
        try {
            work(ctx);
        } catch (...) {
            failure = std::current_exception();
        }
        done = true;
    });
    while (!done) {
        if (g_interrupted)
            job.request_stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    job.join();
    std::signal(SIGINT, SIG_DFL);
    if (failure)
        std::rethrow_exception(failure);
}

void CliContext::print(const nlohmann::json &document) const
{
    std::cout << document.dump(2) << std::endl;
}

nlohmann::json readSpecFile(const std::string &path, const std::string &what)
{
    std::ifstream in(path);
    if (!in)
        throw Error("cannot read " + what + " spec " + path);
    nlohmann::json spec = nlohmann::json::parse(in, nullptr, false);
    if (spec.is_discarded() || !spec.is_object())
        throw Error(what + " spec " + path + " is not a JSON object");
    return spec;
}

} // namespace dllab::cli
