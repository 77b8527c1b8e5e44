#include "file_write.h"

#include "error.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dllab {

void writeFileBytes(const std::filesystem::path &file, std::string_view bytes)
{
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error("cannot create " + file.string() + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : ENOSPC;
            ::close(fd);
            ::unlink(file.c_str());
            throw Error("cannot write " + file.string() + ": " + std::strerror(error));
        }
        done += size_t(n);
    }
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(file.c_str());
        throw Error("cannot write " + file.string() + ": " + std::strerror(error));
    }
}

} // namespace dllab
