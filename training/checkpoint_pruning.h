#pragma once
// Checkpoints a run no longer needs, removed: every epoch writes one (a 272-epoch run left 272),
// but resuming needs only the newest and the model is the best epoch's. No torch; use from the
// thread that owns the Workspace.
#include "workspace/workspace.h"

#include <cstdint>
#include <optional>

namespace dllab::training {

// Keeps the run's newest `keepLast` checkpoints and the one of epoch `keepEpoch`; removes the
// others' rows in one transaction, then the blob files that no row names any more (a crash in
// between leaves an unnamed file, never a row without its file). Returns how many were removed.
int pruneCheckpoints(workspace::Workspace &ws, int64_t runId, int64_t keepLast,
                     std::optional<int64_t> keepEpoch);

} // namespace dllab::training
