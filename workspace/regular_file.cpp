#include "regular_file.h"

#include "error.h"

namespace fs = std::filesystem;

namespace dllab {

namespace {

fs::file_type typeOf(const fs::path &path)
{
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error && status.type() != fs::file_type::not_found)
        throw Error(path.string() + ": cannot read it: " + error.message());
    return status.type();
}

} // namespace

std::string describeFileType(fs::file_type type)
{
    switch (type) {
    case fs::file_type::regular:
        return "a file";
    case fs::file_type::directory:
        return "a folder";
    case fs::file_type::fifo:
        return "a FIFO (named pipe)";
    case fs::file_type::socket:
        return "a socket";
    case fs::file_type::character:
        return "a character device";
    case fs::file_type::block:
        return "a block device";
    case fs::file_type::symlink:
        return "a symbolic link";
    case fs::file_type::not_found:
        return "missing";
    default:
        return "not a regular file";
    }
}

void requireRegularFile(const fs::path &path, const std::string &expected)
{
    const fs::file_type type = typeOf(path);
    if (type == fs::file_type::not_found)
        throw Error(path.string() + ": no such file");
    if (type != fs::file_type::regular)
        throw Error(path.string() + " is " + describeFileType(type) + ", not " + expected);
}

void requireFileOrFolder(const fs::path &path)
{
    const fs::file_type type = typeOf(path);
    if (type == fs::file_type::not_found)
        throw Error(path.string() + ": no such file or folder");
    if (type != fs::file_type::regular && type != fs::file_type::directory)
        throw Error(path.string() + " is " + describeFileType(type)
                    + "; dllab reads only regular files and folders");
}

} // namespace dllab
