#include "checkpoint_pruning.h"

#include "run_store.h"

#include <set>
#include <string>

namespace dllab::training {

int pruneCheckpoints(workspace::Workspace &ws, int64_t runId, int64_t keepLast,
                     std::optional<int64_t> keepEpoch)
{
    const auto checkpoints = RunStore(ws).artifacts(runId, "checkpoint"); // oldest first
    std::set<std::string> blobs;
    int removed = 0;
    {
        workspace::Transaction transaction(ws.db());
        auto remove = ws.db().prepare("DELETE FROM artifacts WHERE id = ?");
        for (size_t i = 0; i + size_t(std::max<int64_t>(keepLast, 0)) < checkpoints.size(); ++i) {
            const auto &c = checkpoints[i];
            if (keepEpoch && c.meta.value("epoch", int64_t(-1)) == *keepEpoch)
                continue;
            remove.bind(1, c.id).step();
            remove.reset();
            blobs.insert(c.blob);
            ++removed;
        }
        transaction.commit();
    }
    for (const auto &blob : blobs)
        if (!ws.blobInUse(blob)) // the same bytes may be another artifact (the model) too
            ws.blobs().remove(blob);
    return removed;
}

} // namespace dllab::training
