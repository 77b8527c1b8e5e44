#include "training/sweep/command_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <regex>

namespace dllab::sweep {

namespace {

constexpr size_t kStderrKeep = 2000;
constexpr auto kKillGrace = std::chrono::seconds(3);

class Pipe {
public:
    Pipe()
    {
        if (::pipe2(m_fd, O_CLOEXEC) != 0)
            m_fd[0] = m_fd[1] = -1;
    }
    ~Pipe()
    {
        closeRead();
        closeWrite();
    }
    bool ok() const { return m_fd[0] >= 0; }
    int read() const { return m_fd[0]; }
    int write() const { return m_fd[1]; }
    void closeRead() { closeFd(m_fd[0]); }
    void closeWrite() { closeFd(m_fd[1]); }

private:
    static void closeFd(int &fd)
    {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
    int m_fd[2];
};

// Splits a stream into lines, handing each complete one on.
class LineSplitter {
public:
    template <class F> void feed(const char *data, size_t size, F &&onLine)
    {
        m_buffer.append(data, size);
        size_t start = 0;
        for (size_t nl; (nl = m_buffer.find('\n', start)) != std::string::npos; start = nl + 1)
            onLine(std::string_view(m_buffer).substr(start, nl - start));
        m_buffer.erase(0, start);
    }
    template <class F> void finish(F &&onLine)
    {
        if (!m_buffer.empty())
            onLine(std::string_view(m_buffer));
        m_buffer.clear();
    }

private:
    std::string m_buffer;
};

// In the child, between fork and exec: async-signal-safe calls only.
[[noreturn]] void execChild(char *const *argv, int out, int err, int report, pid_t parent)
{
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) // the parent died before prctl took effect
        ::_exit(127);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::execvp(argv[0], argv);
    const int code = errno;
    [[maybe_unused]] auto written = ::write(report, &code, sizeof code);
    ::_exit(127);
}

} // namespace

std::vector<std::pair<std::string, double>> parseMetricLine(std::string_view line)
{
    // Katib's default filter, with dots and slashes allowed in names ("val/loss").
    static const std::regex pattern(
        R"(([A-Za-z0-9_.|/-]+)\s*=\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))");
    std::vector<std::pair<std::string, double>> out;
    const std::string text(line);
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it)
        out.emplace_back((*it)[1].str(), std::strtod((*it)[2].str().c_str(), nullptr));
    return out;
}

CommandOutcome runCommand(const std::vector<std::string> &argv,
                          const std::function<void(std::string_view line)> &onLine,
                          const std::function<CommandAction()> &control)
{
    CommandOutcome outcome;
    std::vector<char *> args;
    for (const auto &arg : argv)
        args.push_back(const_cast<char *>(arg.c_str()));
    args.push_back(nullptr);
    Pipe out, err, report;
    if (!out.ok() || !err.ok() || !report.ok()) {
        outcome.error = std::string("cannot create pipes: ") + std::strerror(errno);
        return outcome;
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        outcome.error = std::string("cannot fork: ") + std::strerror(errno);
        return outcome;
    }
    if (pid == 0)
        execChild(args.data(), out.write(), err.write(), report.write(), parent);
    ::setpgid(pid, pid); // also here, so signals reach the group before the child runs
    out.closeWrite();
    err.closeWrite();
    report.closeWrite();
    int code = 0;
    if (::read(report.read(), &code, sizeof code) == sizeof code) {
        ::waitpid(pid, nullptr, 0);
        outcome.error = "cannot run " + argv[0] + ": " + std::strerror(code);
        return outcome;
    }

    LineSplitter stdoutLines;
    std::string errTail;
    bool paused = false;
    std::optional<std::chrono::steady_clock::time_point> termSent;
    pollfd fds[2] = {{out.read(), POLLIN, 0}, {err.read(), POLLIN, 0}};
    char buffer[8192];
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        const int ready = ::poll(fds, 2, 100);
        if (ready < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                fds[i].fd = -1;
                continue;
            }
            if (i == 0) {
                stdoutLines.feed(buffer, size_t(n), onLine);
            } else {
                errTail.append(buffer, size_t(n));
                if (errTail.size() > 2 * kStderrKeep)
                    errTail.erase(0, errTail.size() - kStderrKeep);
            }
        }
        const CommandAction action = control();
        if (action == CommandAction::Stop && !termSent) {
            outcome.stopped = true;
            ::kill(-pid, SIGTERM);
            ::kill(-pid, SIGCONT); // a paused child must run to see SIGTERM
            termSent = std::chrono::steady_clock::now();
        } else if (termSent && std::chrono::steady_clock::now() - *termSent > kKillGrace) {
            ::kill(-pid, SIGKILL);
        } else if (action == CommandAction::Pause && !paused && !termSent) {
            ::kill(-pid, SIGSTOP);
            paused = true;
        } else if (action == CommandAction::Run && paused) {
            ::kill(-pid, SIGCONT);
            paused = false;
        }
    }
    stdoutLines.finish(onLine);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (termSent)
        ::kill(-pid, SIGKILL); // anything it started and left behind
    if (WIFEXITED(status))
        outcome.exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        outcome.signal = WTERMSIG(status);
    outcome.stderrTail =
        errTail.size() > kStderrKeep ? errTail.substr(errTail.size() - kStderrKeep) : errTail;
    return outcome;
}

} // namespace dllab::sweep
