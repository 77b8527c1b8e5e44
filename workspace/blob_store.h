#pragma once
// The workspace's content-addressed store: immutable files under blobs/, named by the SHA-256 of
// their bytes. Safe to use from several threads and processes at once: a blob appears only by an
// atomic rename of a complete, fsynced file.
#include <filesystem>
#include <string>

namespace dllab::workspace {

// A file being written for the store; removed on destruction unless it was added.
class PendingBlob {
public:
    explicit PendingBlob(std::filesystem::path path) : m_path(std::move(path)) {}
    ~PendingBlob();
    PendingBlob(PendingBlob &&other) noexcept;
    PendingBlob(const PendingBlob &) = delete;
    PendingBlob &operator=(const PendingBlob &) = delete;

    const std::filesystem::path &path() const { return m_path; }
    void release() { m_path.clear(); }

private:
    std::filesystem::path m_path;
};

class BlobStore {
public:
    // Opens (creating) the store and removes pending files left by processes that died.
    explicit BlobStore(std::filesystem::path root);

    // A fresh temporary path inside the store (same file system, so the final rename is atomic).
    PendingBlob newPending(const std::string &suffix) const;
    // Fsyncs, hashes and renames the pending file into place; returns its hash.
    std::string add(PendingBlob &pending) const;

    std::filesystem::path pathOf(const std::string &hash) const;
    bool contains(const std::string &hash) const;
    // True when the blob exists and its bytes still hash to its name.
    bool verify(const std::string &hash) const;
    void remove(const std::string &hash) const;

private:
    void removeAbandonedPending() const;

    std::filesystem::path m_root;
};

} // namespace dllab::workspace
