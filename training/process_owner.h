#pragma once
// Which process owns a running run: pid, host and the process's start time, so that a recycled
// pid is not mistaken for the owner. Any thread.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace dllab::training {

struct ProcessOwner {
    int64_t pid = 0;
    std::string host;
    int64_t startTicks = 0; // /proc/<pid>/stat field 22: clock ticks after boot

    static ProcessOwner current();
    // True when the owner may still be running: it is this process, or a live process on this
    // host with the same start time, or on another host (which cannot be checked from here).
    bool mayBeAlive() const;

    nlohmann::json toJson() const;
    static ProcessOwner fromJson(const nlohmann::json &value);
};

} // namespace dllab::training
