#pragma once
// Dataset versions in a workspace: import, history, show, verify, diff, split, load.
// Use from one thread (it uses the Workspace's connection); every method may throw dllab::Error.
// Writes are atomic: a version's blob is complete and in place before its row is committed, and
// a failed import leaves no row and no blob.
#include "dataset_content.h"
#include "importers.h"
#include "workspace/job_context.h"
#include "workspace/workspace.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dllab::datasets {

struct VersionInfo {
    std::string dataset;
    int number = 0;            // N of name@vN
    std::optional<int> parent; // number of the parent version
    std::string hash;          // content hash (canonical content)
    std::string blob;          // blob name (SHA-256 of the HDF5 file's bytes)
    int64_t samples = 0;
    DatasetKind kind = DatasetKind::Table;
    std::vector<int64_t> featureShape;
    Task task = Task::Classification;
    std::string label; // tables: the label column's name, when known
    std::vector<std::string> classes;
    std::map<std::string, int64_t> classCounts;
    nlohmann::json targetStats;            // regression: Statistics::target
    std::map<std::string, int64_t> splits; // split name -> size
    std::vector<std::string> columns;      // tables
    std::vector<ColumnType> columnTypes;   // tables, per column
    nlohmann::json columnStats;            // tables: Statistics::columns
    std::vector<double> mean, std;         // per channel (images) or per feature (tables)
    std::vector<std::string> sources;
    std::string message;
    std::string createdAt; // ISO 8601, UTC

    std::string ref() const { return dataset + "@v" + std::to_string(number); }
};

struct DatasetSummary {
    std::string name;
    std::string createdAt;
    std::vector<VersionInfo> versions; // oldest first
};

struct ImportResult {
    VersionInfo version; // the new version, or the latest one when nothing changed
    bool created = false;
    std::vector<std::string> notes; // what the reader left out or changed (DatasetContent::notes)
};

struct VerifyResult {
    VersionInfo version;
    bool ok = false;
    std::string problem; // empty when ok
};

struct ClassChange {
    std::string className;
    int64_t added = 0;
    int64_t removed = 0;
    int64_t before = 0;
    int64_t after = 0;
};

struct DiffResult {
    VersionInfo from, to;
    std::vector<ClassChange> classes; // every class of either version
    int64_t added = 0, removed = 0;   // samples, compared by content
};

// "name" or "name@vN" (also "name@N").
struct VersionRef {
    std::string dataset;
    std::optional<int> number; // empty: the latest
    static VersionRef parse(const std::string &text);
};

class DatasetStore {
public:
    explicit DatasetStore(workspace::Workspace &workspace) : m_ws(workspace) {}

    ImportResult importFiles(const std::string &name,
                             const std::vector<std::filesystem::path> &paths,
                             const ImportOptions &options, const std::string &message,
                             const JobContext &ctx);
    // Stores already-read content as a new version (used by import and split).
    ImportResult addVersion(const std::string &name, DatasetContent content,
                            const std::string &message, const JobContext &ctx);

    std::vector<DatasetSummary> list();
    std::vector<VersionInfo> log(const std::string &name); // newest first
    VersionInfo show(const std::string &ref);
    VerifyResult verify(const std::string &ref, const JobContext &ctx = {});
    DiffResult diff(const std::string &fromRef, const std::string &toRef,
                    const JobContext &ctx = {});
    ImportResult split(const std::string &ref, double valFraction, double testFraction,
                       uint64_t seed, const JobContext &ctx = {});
    // Deletes a version (REF must name its number) that no run uses, and its file unless other
    // bytes-equal versions share it. Its number is never given again, and versions made from it
    // take its parent as theirs. Returns what was deleted; throws dllab::Error naming the runs
    // that use it.
    VersionInfo remove(const std::string &ref);
    // The version's content, after checking its file still matches its name (verify's first
    // check); throws dllab::Error with verify's message otherwise.
    DatasetContent load(const std::string &ref);
    // The same for a version already read from the catalog (no second lookup).
    DatasetContent load(const VersionInfo &version);
    // Throws dllab::Error ("NAME@vN failed verification: ...") when the version's file is
    // missing or its bytes changed.
    void requireIntact(const VersionInfo &version);

private:
    workspace::Workspace &m_ws;
};

} // namespace dllab::datasets
