#include "workspace.h"

#include "error.h"
#include "migrations.h"

#include <cstdlib>

namespace fs = std::filesystem;

namespace dllab::workspace {

namespace {

fs::path prepareDir(const fs::path &dir)
{
    std::error_code error;
    fs::create_directories(dir, error);
    if (error || !fs::is_directory(dir))
        throw Error("cannot create workspace folder " + dir.string() + ": " + error.message());
    return dir;
}

// An empty or missing lab.db beside stored blobs is a lost catalog, not a new workspace: opening
// it as new would show an empty lab while every dataset and model still sits in blobs/.
fs::path requireCatalog(fs::path dir)
{
    std::error_code error;
    const fs::path db = dir / "lab.db";
    const bool noCatalog = !fs::exists(db, error) || fs::file_size(db, error) == 0;
    if (!noCatalog || error)
        return dir;
    int blobs = 0;
    for (fs::directory_iterator it(dir / "blobs", error), end; !error && it != end;
         it.increment(error))
        blobs += it->path().filename() != "tmp";
    if (blobs > 0)
        throw Error("workspace " + dir.string()
                    + " has stored files in blobs/ but its catalog "
                      "lab.db is "
                    + (fs::exists(db) ? "empty" : "missing")
                    + ": its datasets, runs and models cannot be listed. Restore lab.db (with "
                      "lab.db-wal, if any) from a backup; or, to start an empty workspace here, "
                      "move blobs/ elsewhere first");
    return dir;
}

} // namespace

Workspace::Workspace(const fs::path &dir)
    : m_dir(requireCatalog(prepareDir(dir))), m_db(m_dir / "lab.db"), m_blobs(m_dir / "blobs")
{
    migrate();
}

fs::path Workspace::defaultPath()
{
    if (const char *explicitDir = std::getenv("DLLAB_WORKSPACE"); explicitDir && *explicitDir)
        return explicitDir;
    if (const char *data = std::getenv("XDG_DATA_HOME"); data && *data)
        return fs::path(data) / "dllab";
    const char *home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / ".local/share/dllab";
}

std::optional<std::string> Workspace::setting(const std::string &key)
{
    auto st = m_db.prepare("SELECT value FROM settings WHERE key = ?");
    st.bind(1, key);
    return st.step() ? std::optional(st.columnText(0)) : std::nullopt;
}

void Workspace::setSetting(const std::string &key, const std::string &value)
{
    m_db.prepare("INSERT INTO settings(key, value) VALUES(?1, ?2) "
                 "ON CONFLICT(key) DO UPDATE SET value = ?2")
        .bind(1, key)
        .bind(2, value)
        .step();
}

bool Workspace::blobInUse(const std::string &blob)
{
    auto query = m_db.prepare("SELECT 1 FROM artifacts WHERE blob = ?1 UNION ALL "
                              "SELECT 1 FROM dataset_versions WHERE blob = ?1 LIMIT 1");
    query.bind(1, blob);
    return query.step();
}

void Workspace::migrate()
{
    const int latest = latestSchemaVersion();
    if (m_db.userVersion() == latest)
        return;
    // The write lock serialises processes that open a new workspace at the same moment; the
    // version is read again under it.
    Transaction transaction(m_db);
    const int current = m_db.userVersion();
    if (current > latest) {
        throw Error("workspace " + m_dir.string() + " has schema version " + std::to_string(current)
                    + ", newer than this dllab understands (" + std::to_string(latest)
                    + "); use a newer dllab");
    }
    for (int version = current; version < latest; ++version)
        m_db.exec(migrations()[size_t(version)]);
    m_db.exec("PRAGMA user_version=" + std::to_string(latest));
    transaction.commit();
}

} // namespace dllab::workspace
