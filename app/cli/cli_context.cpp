#include "cli_context.h"

#include "workspace/error.h"
#include "workspace/json_text.h"
#include "workspace/workspace.h"

#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <signal.h>
#include <thread>

namespace dllab::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int) { g_interrupted = true; }

// The first Ctrl-C asks the job to stop at its next record or batch (nothing half-written); the
// handler is one-shot, so a second Ctrl-C ends the process at once if the job cannot stop.
void catchFirstInterrupt()
{
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
}

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
    catchFirstInterrupt();
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
    bool told = false;
    while (!done) {
        if (g_interrupted && !told) {
            job.request_stop();
            std::fprintf(stderr, "%s: stopping (Ctrl-C again to quit at once)\n", title.c_str());
            told = true;
        }
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

CLI::Validator wholeNumber(int64_t min, int64_t max)
{
    const std::string range = std::to_string(min) + " to " + std::to_string(max);
    return CLI::Validator(
        [min, max, range](std::string &text) -> std::string {
            int64_t value = 0;
            const auto [end, error] =
                std::from_chars(text.data(), text.data() + text.size(), value);
            if (error != std::errc() || end != text.data() + text.size() || value < min
                || value > max)
                return "'" + text + "' is not a whole number from " + range;
            return {};
        },
        "INT in [" + range + "]");
}

nlohmann::json readSpecFile(const std::string &path, const std::string &what)
{
    nlohmann::json spec = readJsonFile(path);
    if (!spec.is_object())
        throw Error(path + ": a " + what + " spec is a JSON object {...}, not "
                    + std::string(spec.type_name()));
    return spec;
}

} // namespace dllab::cli
