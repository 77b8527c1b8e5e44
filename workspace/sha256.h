#pragma once
// SHA-256 (OpenSSL) for content addressing. Not thread-safe per object; use one per thread.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace dllab::workspace {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void update(const void *data, size_t size);
    void update(const std::string &text) { update(text.data(), text.size()); }
    // Lower-case hex; the object cannot be updated afterwards.
    std::string hexDigest();

    static std::string ofFile(const std::filesystem::path &file);

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

} // namespace dllab::workspace
