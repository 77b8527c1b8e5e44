#pragma once
// Writing an export's files (model cards, configs, serialized models). No torch; any thread.
#include "workspace/error.h"

#include <filesystem>
#include <fstream>
#include <string>

namespace dllab::exporting {

// `text` (any bytes) as the whole of `file`; throws dllab::Error when it cannot be written.
inline void writeText(const std::filesystem::path &file, const std::string &text)
{
    std::ofstream out(file, std::ios::binary);
    out << text;
    if (!out.flush())
        throw Error("cannot write " + file.string());
}

} // namespace dllab::exporting
