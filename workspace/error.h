#pragma once
// dllab::Error: the one exception type the engine throws; its message is meant for the user and
// already names the file, record or run it concerns. Any thread may throw it; none lets it cross.
#include <stdexcept>
#include <string>

namespace dllab {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Thrown when a job notices its stop token; not a failure, so callers report it as "cancelled".
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace dllab
