#pragma once
// Writing an export's files (model cards, configs, serialized models). No torch; any thread.
#include "workspace/file_write.h"

#include <filesystem>
#include <string>

namespace dllab::exporting {

// `text` (any bytes) as the whole of `file`; throws dllab::Error saying why it cannot be written.
inline void writeText(const std::filesystem::path &file, const std::string &text)
{
    writeFileBytes(file, text);
}

} // namespace dllab::exporting
