#pragma once
// The geometry of imported images: a JPEG's EXIF orientation, turning pixels upright, and
// resizing to a folder's common size. Pixels are interleaved (row by row, channels together),
// uint8. Any thread.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dllab::datasets {

// How an image of another shape takes the common size: fit (scaled to fit inside, the rest
// black), crop (scaled to cover, the middle kept) or stretch (scaled on each axis).
enum class ResizeMode { Fit, Crop, Stretch };
const char *resizeModeName(ResizeMode mode);         // "fit", "crop", "stretch"
ResizeMode parseResizeMode(const std::string &name); // throws dllab::Error on another name

struct Image {
    int width = 0, height = 0, channels = 0;
    std::vector<uint8_t> pixels; // height × width × channels
};

// The EXIF orientation (1 to 8, 1 upright) of a JPEG; 1 for other files, files without the tag
// and malformed EXIF data.
int exifOrientation(const std::filesystem::path &file);

// The image as it is meant to be seen: orientations 5 to 8 swap width and height.
Image orient(const Image &image, int orientation);

Image resize(const Image &image, int width, int height, ResizeMode mode);

} // namespace dllab::datasets
