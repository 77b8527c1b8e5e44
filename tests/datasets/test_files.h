#pragma once
// Helpers for engine tests: a scratch folder removed at the end, small files written on demand,
// and the path of the shared real data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace dllab::test {

inline std::filesystem::path sharedData() { return DLLAB_SHARED_DATA; }

class ScratchDir {
public:
    ScratchDir()
    {
        std::random_device random;
        m_path = std::filesystem::temp_directory_path()
                 / ("dllab-test-" + std::to_string(random()) + std::to_string(random()));
        std::filesystem::create_directories(m_path);
    }
    ~ScratchDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    const std::filesystem::path &path() const { return m_path; }
    std::filesystem::path operator/(const std::string &name) const { return m_path / name; }

    std::filesystem::path write(const std::string &name, const std::string &bytes) const
    {
        const auto file = m_path / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << bytes;
        return file;
    }

private:
    std::filesystem::path m_path;
};

} // namespace dllab::test
