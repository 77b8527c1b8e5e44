#include "blob_store.h"

#include "error.h"
#include "sha256.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <random>

namespace fs = std::filesystem;

namespace dllab::workspace {

namespace {

void fsyncPath(const fs::path &path, int flags)
{
    const int fd = ::open(path.c_str(), flags);
    if (fd < 0)
        throw Error("cannot open " + path.string() + " to sync it");
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        throw Error("cannot sync " + path.string() + " to disk");
}

std::string uniqueName()
{
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    return std::to_string(::getpid()) + "-" + std::to_string(random()) + "-"
           + std::to_string(counter++);
}

} // namespace

PendingBlob::~PendingBlob()
{
    if (!m_path.empty()) {
        std::error_code ignored;
        fs::remove(m_path, ignored);
    }
}

PendingBlob::PendingBlob(PendingBlob &&other) noexcept : m_path(std::move(other.m_path))
{
    other.m_path.clear();
}

BlobStore::BlobStore(fs::path root) : m_root(std::move(root))
{
    fs::create_directories(m_root / "tmp");
    removeAbandonedPending();
}

// A pending file is named "<pid>-..." by the process writing it (uniqueName); one whose process
// is gone was cut off (SIGKILL, power loss) and will never be added. Files of live processes are
// left alone, as is anything not named that way.
void BlobStore::removeAbandonedPending() const
{
    std::error_code error;
    for (fs::directory_iterator it(m_root / "tmp", error), end; !error && it != end;
         it.increment(error)) {
        const std::string name = it->path().filename().string();
        const auto dash = name.find('-');
        if (dash == 0 || dash == std::string::npos || name.find_first_not_of("0123456789") != dash)
            continue;
        const long pid = std::strtol(name.c_str(), nullptr, 10);
        if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH) {
            std::error_code ignored;
            fs::remove_all(it->path(), ignored);
        }
    }
}

PendingBlob BlobStore::newPending(const std::string &suffix) const
{
    return PendingBlob(m_root / "tmp" / (uniqueName() + suffix));
}

std::string BlobStore::add(PendingBlob &pending) const
{
    fsyncPath(pending.path(), O_RDONLY);
    const std::string hash = Sha256::ofFile(pending.path());
    const fs::path target = pathOf(hash);
    fs::create_directories(target.parent_path());
    if (fs::exists(target)) {
        // Same bytes are already stored; keep the existing immutable file.
        fs::remove(pending.path());
    } else {
        fs::rename(pending.path(), target);
        fsyncPath(target.parent_path(), O_RDONLY | O_DIRECTORY);
    }
    pending.release();
    return hash;
}

fs::path BlobStore::pathOf(const std::string &hash) const
{
    if (hash.size() < 3)
        throw Error("invalid blob name '" + hash + "'");
    return m_root / hash.substr(0, 2) / hash.substr(2);
}

bool BlobStore::contains(const std::string &hash) const { return fs::exists(pathOf(hash)); }

bool BlobStore::verify(const std::string &hash) const
{
    return contains(hash) && Sha256::ofFile(pathOf(hash)) == hash;
}

void BlobStore::remove(const std::string &hash) const
{
    std::error_code ignored;
    fs::remove(pathOf(hash), ignored);
}

} // namespace dllab::workspace
