#pragma once
// Checks that a path from the user is a plain file (or folder) before anything opens it: opening a
// FIFO blocks until a writer appears, and a device never ends. Any thread.
#include <filesystem>
#include <string>

namespace dllab {

// What the path is, for messages: "a folder", "a FIFO (named pipe)", "a character device", ...
std::string describeFileType(std::filesystem::file_type type);

// Throws dllab::Error naming the path unless it is a regular file (symlinks followed); `expected`
// says what it should have been ("a CSV file", "a JSON file").
void requireRegularFile(const std::filesystem::path &path, const std::string &expected);

// Throws dllab::Error naming the path unless it is a regular file or a folder.
void requireFileOrFolder(const std::filesystem::path &path);

} // namespace dllab
