#pragma once
// Writing a whole file and saying why it failed ("No space left on device", "File too large").
// Serialisers that cannot fail cleanly on a full disk (LibTorch's stream writer throws from its
// destructor and ends the process) write into memory first and then through this. Any thread.
#include <filesystem>
#include <string_view>

namespace dllab {

// `bytes` as the whole of `file` (created or truncated); throws dllab::Error naming the file and
// the system's reason. A partly written file is removed.
void writeFileBytes(const std::filesystem::path &file, std::string_view bytes);

} // namespace dllab
