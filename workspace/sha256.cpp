#include "sha256.h"

#include "error.h"

#include <openssl/evp.h>

#include <cstdio>
#include <vector>

namespace dllab::workspace {

struct Sha256::Context {
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>())
{
    EVP_DigestInit_ex(m_context->md, EVP_sha256(), nullptr);
}

Sha256::~Sha256() = default;

void Sha256::update(const void *data, size_t size) { EVP_DigestUpdate(m_context->md, data, size); }

std::string Sha256::hexDigest()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_context->md, digest, &length);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 15]);
    }
    return out;
}

std::string Sha256::ofFile(const std::filesystem::path &file)
{
    std::unique_ptr<FILE, int (*)(FILE *)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!in)
        throw Error("cannot read " + file.string());
    Sha256 sha;
    std::vector<char> buffer(1 << 20);
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), in.get())) > 0)
        sha.update(buffer.data(), n);
    if (std::ferror(in.get()))
        throw Error("cannot read " + file.string());
    return sha.hexDigest();
}

} // namespace dllab::workspace
