#pragma once
// Checks an image file before it is decoded: its size against a pixel limit (a small PNG can
// claim 30000x30000 pixels and take gigabytes to decode), and a PNG's structure, which the
// decoder does not check: every chunk's CRC, a valid IHDR (colour type and bit depth), and IEND.
// Any thread.
#include <cstdint>
#include <filesystem>
#include <string>

namespace dllab::datasets {

// The default largest image, in pixels (about 8000x5000); ImportOptions::maxImagePixels and
// `dataset import --max-image-pixels` change it.
constexpr int64_t kDefaultMaxImagePixels = 40'000'000;

struct ImageHeader {
    int width = 0, height = 0, channels = 0; // channels as the file stores them (alpha included)
};

// Reads and checks the header (and for PNG every chunk); throws dllab::Error starting with
// `shownName` on a corrupt file or one over maxPixels.
ImageHeader checkImageFile(const std::filesystem::path &file, const std::string &shownName,
                           int64_t maxPixels = kDefaultMaxImagePixels);

} // namespace dllab::datasets
