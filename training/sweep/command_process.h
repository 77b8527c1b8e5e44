#pragma once
// Runs a command trial's argv without a shell (fork + execvp), in its own process group so that
// pause (SIGSTOP), resume (SIGCONT) and stop (SIGTERM, then SIGKILL) reach whatever it starts.
// The child dies with the thread that started it (PR_SET_PDEATHSIG), so a killed sweep leaves no
// orphans. Blocks the calling thread until the child ends.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dllab::sweep {

// Katib's StdOut collector format: the `name=value` pairs in one line of output, in order
// ("epoch 2: loss=0.31 accuracy=0.9" gives loss and accuracy). Other text is ignored.
std::vector<std::pair<std::string, double>> parseMetricLine(std::string_view line);

enum class CommandAction { Run, Pause, Stop };

struct CommandOutcome {
    int exitCode = -1;      // when it exited
    int signal = 0;         // when a signal ended it
    bool stopped = false;   // ended because control() asked it to
    std::string error;      // it could not be started at all
    std::string stderrTail; // the end of its stderr, for a failure's message
};

// `onLine` gets each stdout line as it arrives; `control` is polled about ten times a second.
CommandOutcome runCommand(const std::vector<std::string> &argv,
                          const std::function<void(std::string_view line)> &onLine,
                          const std::function<CommandAction()> &control);

} // namespace dllab::sweep
