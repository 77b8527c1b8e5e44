#pragma once
// Debian's HDF5 is built without thread safety: every HDF5 call in dllab holds this lock.
#include <mutex>

namespace dllab::datasets {

std::mutex &hdf5Mutex();

} // namespace dllab::datasets
