#pragma once
// A workspace folder: lab.db (the SQLite catalog) and blobs/ (the content-addressed store).
// Opening one creates it if missing and migrates an older schema. One Workspace object per
// thread (it owns a SQLite connection); many processes may open the same folder at once.
#include "blob_store.h"
#include "database.h"

#include <filesystem>
#include <optional>
#include <string>

namespace dllab::workspace {

class Workspace {
public:
    explicit Workspace(const std::filesystem::path &dir);

    // $DLLAB_WORKSPACE, else $XDG_DATA_HOME/dllab, else ~/.local/share/dllab.
    static std::filesystem::path defaultPath();

    const std::filesystem::path &dir() const { return m_dir; }
    Database &db() { return m_db; }
    const BlobStore &blobs() const { return m_blobs; }

    // Settings every process using the workspace shares ("run_slots").
    std::optional<std::string> setting(const std::string &key);
    void setSetting(const std::string &key, const std::string &value);

    // Whether a dataset version or an artifact still names the blob: a blob is removed only
    // when nothing does, since equal bytes share one file.
    bool blobInUse(const std::string &blob);

private:
    void migrate();

    std::filesystem::path m_dir;
    Database m_db;
    BlobStore m_blobs;
};

} // namespace dllab::workspace
