#pragma once
// dllab::Error: the one exception type the engine throws; its message is meant for the user and
// already names the file, record or run it concerns. Any thread may throw it; none lets it cross.
#include <algorithm>
#include <stdexcept>
#include <string>

namespace dllab {

// The message as a user can read it: bytes from hostile input (a NUL in a CSV cell would cut
// what() short, escape codes would drive the terminal) are escaped, and a huge quoted cell is
// shortened.
inline std::string printableMessage(const std::string &message)
{
    constexpr std::size_t kMaxLength = 4096;
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(std::min(message.size(), kMaxLength) + 8);
    for (const char c : message) {
        if (out.size() >= kMaxLength) {
            out += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\n' && c != '\t') {
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else if (u == 0x7f) {
            out += "\\x7f";
        } else {
            out += c;
        }
    }
    return out;
}

class Error : public std::runtime_error {
public:
    explicit Error(const std::string &message) : std::runtime_error(printableMessage(message)) {}
    explicit Error(const char *message) : Error(std::string(message)) {}
};

// Thrown when a job notices its stop token; not a failure, so callers report it as "cancelled".
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace dllab
