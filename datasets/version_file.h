#pragma once
// The HDF5 file that holds one dataset version (DESIGN.md §2): /features, /labels,
// /splits/<name>, and the schema as attributes. Any thread; HDF5 calls take hdf5Mutex().
#include "dataset_content.h"
#include "statistics.h"

#include <filesystem>

namespace dllab::datasets {

void writeVersionFile(const std::filesystem::path &file, const DatasetContent &content,
                      const Statistics &stats);
DatasetContent readVersionFile(const std::filesystem::path &file);

} // namespace dllab::datasets
