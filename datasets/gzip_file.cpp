#include "gzip_file.h"

#include "workspace/error.h"

#include <algorithm>
#include <climits>
#include <zlib.h>

namespace dllab::datasets {

GzipFile::GzipFile(const std::filesystem::path &path) : m_name(path.filename().string())
{
    std::error_code error;
    m_fileSize = std::filesystem::file_size(path, error);
    if (error)
        throw Error(path.string() + ": cannot read (" + error.message() + ")");
    m_file = gzopen(path.c_str(), "rb");
    if (!m_file)
        throw Error(path.string() + ": cannot open");
    // A larger buffer than zlib's 8 KB default: fewer read() calls on big files.
    gzbuffer(m_file, 256 * 1024);
}

GzipFile::~GzipFile()
{
    if (m_file)
        gzclose(m_file);
}

std::size_t GzipFile::read(void *buffer, std::size_t size)
{
    auto *out = static_cast<char *>(buffer);
    std::size_t total = 0;
    while (total < size) {
        // gzread takes an unsigned int count; large requests go in slices.
        const auto slice = unsigned(std::min<std::size_t>(size - total, 1u << 30));
        const int got = gzread(m_file, out + total, slice);
        if (got < 0) {
            int code = 0;
            const char *message = gzerror(m_file, &code);
            throw Error(m_name + ": corrupt gzip data (" + (message ? message : "read error")
                        + ")");
        }
        if (got == 0)
            break;
        total += std::size_t(got);
    }
    return total;
}

bool GzipFile::isRaw() const { return gzdirect(m_file) != 0; }

void GzipFile::rewind()
{
    if (gzrewind(m_file) != 0)
        throw Error(m_name + ": cannot read it again from the start");
}

std::uintmax_t GzipFile::fileOffset() const
{
    const auto offset = gzoffset(m_file);
    return offset < 0 ? 0 : std::uintmax_t(offset);
}

} // namespace dllab::datasets
