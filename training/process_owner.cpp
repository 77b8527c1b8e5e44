#include "process_owner.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace dllab::training {

namespace {

int64_t startTicksOf(int64_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    // The command name (field 2) may hold spaces and parentheses; fields resume after the last ')'.
    const auto close = text.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    // A zombie has exited; it only waits for its parent to reap it.
    if (!(fields >> field) || field == "Z")
        return -1;
    for (int index = 4; fields >> field; ++index)
        if (index == 22)
            return std::stoll(field);
    return -1;
}

std::string hostName()
{
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
}

} // namespace

ProcessOwner ProcessOwner::current()
{
    ProcessOwner owner;
    owner.pid = ::getpid();
    owner.host = hostName();
    owner.startTicks = startTicksOf(owner.pid);
    return owner;
}

bool ProcessOwner::mayBeAlive() const
{
    if (host != hostName())
        return true;
    if (pid <= 0)
        return false;
    if (::kill(pid_t(pid), 0) != 0 && errno != EPERM)
        return false;
    return startTicksOf(pid) == startTicks;
}

nlohmann::json ProcessOwner::toJson() const
{
    return {{"pid", pid}, {"host", host}, {"start_ticks", startTicks}};
}

ProcessOwner ProcessOwner::fromJson(const nlohmann::json &value)
{
    ProcessOwner owner;
    if (value.is_object()) {
        owner.pid = value.value("pid", int64_t(0));
        owner.host = value.value("host", std::string());
        owner.startTicks = value.value("start_ticks", int64_t(0));
    }
    return owner;
}

} // namespace dllab::training
