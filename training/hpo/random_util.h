#pragma once
// Random numbers made from raw generator output, so that a seed gives the same sweep with any
// standard library (std::uniform_real_distribution's algorithm is unspecified).
#include <cstdint>
#include <optional>
#include <random>

namespace dllab::hpo {

// Uniform in [0, 1), 53 random bits.
inline double uniform01(std::mt19937_64 &rng)
{
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// Uniform in [0, n) for n > 0.
inline std::uint64_t uniformIndex(std::mt19937_64 &rng, std::uint64_t n)
{
    const auto index = static_cast<std::uint64_t>(uniform01(rng) * static_cast<double>(n));
    return index < n ? index : n - 1;
}

// A generator from a seed, or from the system's entropy when there is none. `stream` separates
// the generators one seed makes for different purposes.
inline std::mt19937_64 makeRng(std::optional<std::uint64_t> seed, std::uint64_t stream = 0)
{
    if (!seed) {
        std::random_device device;
        return std::mt19937_64((std::uint64_t{device()} << 32) ^ device() ^ stream);
    }
    std::seed_seq sequence{static_cast<std::uint32_t>(*seed),
                           static_cast<std::uint32_t>(*seed >> 32),
                           static_cast<std::uint32_t>(stream)};
    return std::mt19937_64(sequence);
}

} // namespace dllab::hpo
