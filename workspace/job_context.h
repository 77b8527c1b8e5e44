#pragma once
// What a long engine operation (a job) gets from whoever runs it: a stop token to honour between
// records or batches, and a progress callback. Used on the job's own thread only.
#include "error.h"

#include <functional>
#include <stop_token>
#include <string>

namespace dllab {

struct JobContext {
    std::stop_token stop;
    // fraction in [0, 1]; message says what is being done ("reading train-images").
    std::function<void(double fraction, const std::string &message)> onProgress;

    void throwIfCancelled() const
    {
        if (stop.stop_requested())
            throw Cancelled();
    }
    void progress(double fraction, const std::string &message) const
    {
        if (onProgress)
            onProgress(fraction, message);
    }
};

} // namespace dllab
