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

} // namespace

Workspace::Workspace(const fs::path &dir)
    : m_dir(prepareDir(dir)), m_db(m_dir / "lab.db"), m_blobs(m_dir / "blobs")
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
