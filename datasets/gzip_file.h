#pragma once
// A file read through zlib, so gzip-compressed and raw files read the same way. Owns its handle;
// use it from one thread.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

typedef struct gzFile_s *gzFile;

namespace dllab::datasets {

class GzipFile {
public:
    // Throws dllab::Error naming the file when it cannot be opened.
    explicit GzipFile(const std::filesystem::path &path);
    ~GzipFile();
    GzipFile(const GzipFile &) = delete;
    GzipFile &operator=(const GzipFile &) = delete;

    // Reads up to size bytes; returns fewer only at the end of the data. Throws on corrupt gzip.
    std::size_t read(void *buffer, std::size_t size);
    // True when the file is not gzip-compressed (zlib passes it through).
    bool isRaw() const;
    // Back to the start of the data.
    void rewind();
    // Bytes of the file itself (compressed bytes for gzip).
    std::uintmax_t fileSize() const { return m_fileSize; }
    // How far into the file itself reading has got, for progress.
    std::uintmax_t fileOffset() const;
    // The name errors use: the file name without its folder.
    const std::string &name() const { return m_name; }

private:
    gzFile m_file = nullptr;
    std::string m_name;
    std::uintmax_t m_fileSize = 0;
};

} // namespace dllab::datasets
