#include "dataset_store.h"

#include "content_hash.h"
#include "statistics.h"
#include "version_file.h"
#include "version_json.h"
#include "workspace/error.h"

#include <charconv>
#include <filesystem>

using nlohmann::json;

namespace dllab::datasets {

namespace {

constexpr const char *kVersionColumns =
    "SELECT d.name, v.number, p.number, v.content_hash, v.blob, v.samples, v.schema_json, "
    "v.message, v.source_json, v.created_at FROM dataset_versions v "
    "JOIN datasets d ON d.id = v.dataset_id "
    "LEFT JOIN dataset_versions p ON p.id = v.parent_id ";

VersionInfo versionFromRow(const workspace::Statement &row)
{
    VersionInfo v;
    v.dataset = row.columnText(0);
    v.number = int(row.columnInt(1));
    if (!row.columnIsNull(2))
        v.parent = int(row.columnInt(2));
    v.hash = row.columnText(3);
    v.blob = row.columnText(4);
    v.samples = row.columnInt(5);
    applySchemaJson(json::parse(row.columnText(6)), v);
    v.message = row.columnText(7);
    v.sources = json::parse(row.columnText(8)).get<std::vector<std::string>>();
    v.createdAt = row.columnText(9);
    return v;
}

void checkName(const std::string &name)
{
    if (name.empty())
        throw Error("a dataset needs a name (--name)");
    if (name.find_first_of("@/\\\n") != std::string::npos)
        throw Error("dataset name '" + name + "' may not contain '@', '/', '\\' or a newline");
}

struct Latest {
    int64_t id = 0;
    int number = 0;
    std::string hash;
};

std::optional<Latest> latestVersion(workspace::Database &db, const std::string &name)
{
    auto query = db.prepare("SELECT v.id, v.number, v.content_hash FROM dataset_versions v "
                            "JOIN datasets d ON d.id = v.dataset_id WHERE d.name = ?1 "
                            "ORDER BY v.number DESC LIMIT 1");
    query.bind(1, name);
    if (!query.step())
        return std::nullopt;
    return Latest{query.columnInt(0), int(query.columnInt(1)), query.columnText(2)};
}

int lastNumber(workspace::Database &db, const std::string &name)
{
    auto query = db.prepare("SELECT last_number FROM datasets WHERE name = ?1");
    query.bind(1, name);
    return query.step() ? int(query.columnInt(0)) : 0;
}

int64_t versionId(workspace::Database &db, const VersionInfo &version)
{
    auto query = db.prepare("SELECT v.id FROM dataset_versions v JOIN datasets d "
                            "ON d.id = v.dataset_id WHERE d.name = ?1 AND v.number = ?2");
    query.bind(1, version.dataset).bind(2, int64_t(version.number));
    if (!query.step())
        throw Error("dataset '" + version.dataset + "' has no version v"
                    + std::to_string(version.number));
    return query.columnInt(0);
}

// "run-3, run-7 and 4 more": the runs that trained (or will train) on a version.
std::string runsUsing(workspace::Database &db, int64_t versionId, int64_t &count)
{
    auto query = db.prepare("SELECT name FROM runs WHERE dataset_version_id = ?1 ORDER BY id");
    query.bind(1, versionId);
    std::string names;
    count = 0;
    constexpr int kNamed = 5;
    while (query.step()) {
        if (++count <= kNamed)
            names += (count > 1 ? ", " : "") + query.columnText(0);
    }
    if (count > kNamed)
        names += " and " + std::to_string(count - kNamed) + " more";
    return names;
}

} // namespace

VersionRef VersionRef::parse(const std::string &text)
{
    VersionRef ref;
    const auto at = text.rfind('@');
    ref.dataset = text.substr(0, at);
    if (at != std::string::npos) {
        std::string_view number = std::string_view(text).substr(at + 1);
        if (!number.empty() && (number[0] == 'v' || number[0] == 'V'))
            number.remove_prefix(1);
        int value = 0;
        const auto [end, error] =
            std::from_chars(number.data(), number.data() + number.size(), value);
        if (number.empty() || error != std::errc() || end != number.data() + number.size()
            || value < 1)
            throw Error("'" + text + "' is not a dataset version (expected NAME or NAME@vN)");
        ref.number = value;
    }
    if (ref.dataset.empty())
        throw Error("'" + text + "' names no dataset");
    return ref;
}

ImportResult DatasetStore::importFiles(const std::string &name,
                                       const std::vector<std::filesystem::path> &paths,
                                       const ImportOptions &options, const std::string &message,
                                       const JobContext &ctx)
{
    checkName(name);
    // Reading is most of an import; hashing and writing take the last tenth of the bar.
    JobContext reading{ctx.stop, [&ctx](double fraction, const std::string &what) {
                           ctx.progress(0.9 * fraction, what);
                       }};
    DatasetContent content = readDataset(paths, options, reading);
    std::vector<std::string> notes = content.notes;
    ImportResult result = addVersion(name, std::move(content), message, ctx);
    result.notes = std::move(notes);
    return result;
}

ImportResult DatasetStore::addVersion(const std::string &name, DatasetContent content,
                                      const std::string &message, const JobContext &ctx)
{
    checkName(name);
    if (content.samples() == 0)
        throw Error("dataset '" + name + "' would have no samples");
    ctx.progress(0.9, "hashing");
    const std::string hash = contentHash(content);
    if (auto latest = latestVersion(m_ws.db(), name); latest && latest->hash == hash)
        return {show(name + "@v" + std::to_string(latest->number)), false, {}};

    ctx.throwIfCancelled();
    ctx.progress(0.95, "writing version");
    const Statistics stats = computeStatistics(content);
    auto pending = m_ws.blobs().newPending(".h5");
    writeVersionFile(pending.path(), content, stats);
    const std::string blob = m_ws.blobs().add(pending);

    std::optional<int> number;
    try {
        workspace::Transaction transaction(m_ws.db());
        // Read again under the write lock: another process may have imported meanwhile.
        const auto latest = latestVersion(m_ws.db(), name);
        if (latest && latest->hash == hash)
            return {show(name + "@v" + std::to_string(latest->number)), false, {}};
        // A delete of bytes-equal data may have taken the file out since it was added.
        if (!m_ws.blobs().contains(blob))
            throw Error("the file of the new version of '" + name
                        + "' was removed while it was stored (a version with the same data was "
                          "being deleted); import it again");
        auto insertDataset = m_ws.db().prepare("INSERT OR IGNORE INTO datasets(name) VALUES (?1)");
        insertDataset.bind(1, name).step();
        const int next = lastNumber(m_ws.db(), name) + 1;
        auto insert = m_ws.db().prepare(
            "INSERT INTO dataset_versions(dataset_id, number, parent_id, content_hash, blob, "
            "samples, schema_json, message, source_json) "
            "SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM datasets WHERE name = ?1");
        insert.bind(1, name).bind(2, int64_t(next));
        insert.bind(3, latest ? std::optional<int64_t>(latest->id) : std::nullopt);
        insert.bind(4, hash).bind(5, blob).bind(6, content.samples());
        insert.bind(7, schemaJson(content, stats).dump()).bind(8, message);
        insert.bind(9, json(content.sourceFiles).dump()).step();
        m_ws.db()
            .prepare("UPDATE datasets SET last_number = ?2 WHERE name = ?1")
            .bind(1, name)
            .bind(2, int64_t(next))
            .step();
        transaction.commit();
        number = next;
    } catch (...) {
        // Keep the store free of blobs that no row names (another row may share the bytes).
        if (!m_ws.blobInUse(blob))
            m_ws.blobs().remove(blob);
        throw;
    }
    ctx.progress(1.0, "done");
    return {show(name + "@v" + std::to_string(*number)), true, {}};
}

std::vector<DatasetSummary> DatasetStore::list()
{
    std::vector<DatasetSummary> result;
    auto datasets = m_ws.db().prepare("SELECT name, created_at FROM datasets ORDER BY name");
    while (datasets.step()) {
        DatasetSummary summary{datasets.columnText(0), datasets.columnText(1), {}};
        summary.versions = log(summary.name);
        if (summary.versions.empty())
            continue; // all its versions were deleted; the row keeps their numbers taken
        std::reverse(summary.versions.begin(), summary.versions.end());
        result.push_back(std::move(summary));
    }
    return result;
}

std::vector<VersionInfo> DatasetStore::log(const std::string &name)
{
    auto query = m_ws.db().prepare(std::string(kVersionColumns)
                                   + "WHERE d.name = ?1 ORDER BY v.number DESC");
    query.bind(1, name);
    std::vector<VersionInfo> versions;
    while (query.step())
        versions.push_back(versionFromRow(query));
    if (versions.empty()) {
        auto exists = m_ws.db().prepare("SELECT 1 FROM datasets WHERE name = ?1");
        exists.bind(1, name);
        if (!exists.step())
            throw Error("no dataset named '" + name + "' in " + m_ws.dir().string());
    }
    return versions;
}

VersionInfo DatasetStore::show(const std::string &refText)
{
    const VersionRef ref = VersionRef::parse(refText);
    if (!ref.number) {
        auto versions = log(ref.dataset);
        if (versions.empty())
            throw Error("dataset '" + ref.dataset + "' has no versions");
        return versions.front();
    }
    auto query =
        m_ws.db().prepare(std::string(kVersionColumns) + "WHERE d.name = ?1 AND v.number = ?2");
    query.bind(1, ref.dataset).bind(2, int64_t(*ref.number));
    if (!query.step()) {
        log(ref.dataset); // throws when the dataset itself is unknown
        throw Error("dataset '" + ref.dataset + "' has no version v" + std::to_string(*ref.number));
    }
    return versionFromRow(query);
}

namespace {

// What is wrong with a version's file as stored (missing, or bytes changed); empty when intact.
std::string fileProblem(const workspace::BlobStore &blobs, const VersionInfo &version)
{
    const auto file = blobs.pathOf(version.blob);
    if (!std::filesystem::exists(file))
        return "the version's file " + file.string() + " is missing";
    if (!blobs.verify(version.blob))
        return "the version's file " + file.string()
               + " has changed: its bytes no longer match its SHA-256 name";
    return {};
}

DatasetContent readChecked(const workspace::BlobStore &blobs, const VersionInfo &version)
{
    DatasetContent content = readVersionFile(blobs.pathOf(version.blob));
    if (content.samples() != version.samples)
        throw Error(version.ref() + ": the stored file holds " + std::to_string(content.samples())
                    + " samples, the catalog says " + std::to_string(version.samples));
    return content;
}

} // namespace

void DatasetStore::requireIntact(const VersionInfo &version)
{
    if (const std::string problem = fileProblem(m_ws.blobs(), version); !problem.empty())
        throw Error(version.ref() + " failed verification: " + problem);
}

DatasetContent DatasetStore::load(const std::string &ref) { return load(show(ref)); }

DatasetContent DatasetStore::load(const VersionInfo &version)
{
    // Training, parity checks and predictions must never run on damaged data; hashing the file
    // costs far less than reading it into tensors.
    requireIntact(version);
    return readChecked(m_ws.blobs(), version);
}

VerifyResult DatasetStore::verify(const std::string &ref, const JobContext &ctx)
{
    VerifyResult result{show(ref), false, {}};
    ctx.progress(0.0, "hashing " + m_ws.blobs().pathOf(result.version.blob).string());
    result.problem = fileProblem(m_ws.blobs(), result.version);
    if (!result.problem.empty())
        return result;
    const auto file = m_ws.blobs().pathOf(result.version.blob);
    ctx.progress(0.5, "re-hashing content");
    try {
        if (contentHash(readChecked(m_ws.blobs(), result.version)) != result.version.hash) {
            result.problem =
                "the content of " + file.string() + " no longer matches the version's hash";
            return result;
        }
    } catch (const Error &e) {
        result.problem = e.what();
        return result;
    }
    result.ok = true;
    return result;
}

VersionInfo DatasetStore::remove(const std::string &refText)
{
    if (!VersionRef::parse(refText).number)
        throw Error("'" + refText + "' names a dataset, not one of its versions: say which (e.g. "
                    + refText + "@v1)");
    workspace::Transaction transaction(m_ws.db());
    // Read under the write lock, so no run can start on it between the check and the delete.
    const VersionInfo version = show(refText);
    const int64_t id = versionId(m_ws.db(), version);
    int64_t runs = 0;
    if (const std::string names = runsUsing(m_ws.db(), id, runs); runs > 0)
        throw Error(version.ref() + " is used by " + std::to_string(runs)
                    + (runs == 1 ? " run (" : " runs (") + names
                    + "); it is kept, since their pages, exports and re-runs read the data they "
                      "trained on");
    m_ws.db()
        .prepare("UPDATE dataset_versions SET parent_id = "
                 "(SELECT parent_id FROM dataset_versions WHERE id = ?1) WHERE parent_id = ?1")
        .bind(1, id)
        .step();
    m_ws.db().prepare("DELETE FROM dataset_versions WHERE id = ?1").bind(1, id).step();

    // The file leaves the store under the write lock (an import of equal bytes checks for it
    // under the same lock) and is removed for good only once the delete is committed.
    std::optional<workspace::PendingBlob> removed;
    const auto file = m_ws.blobs().pathOf(version.blob);
    if (!m_ws.blobInUse(version.blob) && std::filesystem::exists(file)) {
        removed.emplace(m_ws.blobs().newPending(".deleted"));
        std::filesystem::rename(file, removed->path());
    }
    try {
        transaction.commit();
    } catch (...) {
        if (removed) {
            std::filesystem::rename(removed->path(), file);
            removed->release();
        }
        throw;
    }
    return version;
}

} // namespace dllab::datasets
