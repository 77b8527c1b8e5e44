#include "run_status.h"

#include "workspace/error.h"

#include <array>
#include <string>

namespace dllab::training {

namespace {

constexpr std::array<const char *, 7> kNames{"queued", "running",   "paused",     "finished",
                                             "failed", "cancelled", "interrupted"};

constexpr std::array<const char *, 3> kControls{"", "pause", "cancel"};

} // namespace

const char *statusName(RunStatus status) { return kNames[size_t(status)]; }

RunStatus parseRunStatus(std::string_view text)
{
    for (size_t i = 0; i < kNames.size(); ++i)
        if (text == kNames[i])
            return RunStatus(i);
    throw Error("unknown run status \"" + std::string(text) + "\" in the catalog");
}

const char *controlName(RunControl control) { return kControls[size_t(control)]; }

RunControl parseRunControl(std::string_view text)
{
    for (size_t i = 0; i < kControls.size(); ++i)
        if (text == kControls[i])
            return RunControl(i);
    throw Error("unknown run control \"" + std::string(text) + "\"");
}

} // namespace dllab::training
