#include "hdf5_lock.h"

#include <hdf5.h>

namespace dllab::datasets {

std::mutex &hdf5Mutex()
{
    static std::mutex mutex;
    // HDF5 prints its error stack to stderr by default; dllab's own messages say enough.
    [[maybe_unused]] static const bool quiet = [] {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        return true;
    }();
    return mutex;
}

} // namespace dllab::datasets
