#include "image_geometry.h"

#include "workspace/error.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <stb/stb_image_resize.h>

namespace dllab::datasets {

namespace {

// Reads a TIFF-ordered integer of `bytes` bytes at `at`.
uint32_t readTiff(const std::vector<unsigned char> &d, size_t at, int bytes, bool bigEndian)
{
    uint32_t value = 0;
    for (int i = 0; i < bytes; ++i) {
        const uint32_t byte = d[at + size_t(bigEndian ? i : bytes - 1 - i)];
        value = (value << 8) | byte;
    }
    return value;
}

// The Orientation tag (0x0112) of an EXIF block (the TIFF header onwards); 1 when absent.
int orientationInTiff(const std::vector<unsigned char> &tiff)
{
    if (tiff.size() < 8
        || !((tiff[0] == 'I' && tiff[1] == 'I') || (tiff[0] == 'M' && tiff[1] == 'M')))
        return 1;
    const bool big = tiff[0] == 'M';
    const size_t ifd = readTiff(tiff, 4, 4, big);
    if (ifd + 2 > tiff.size())
        return 1;
    const size_t entries = readTiff(tiff, ifd, 2, big);
    for (size_t i = 0; i < entries; ++i) {
        const size_t entry = ifd + 2 + 12 * i;
        if (entry + 12 > tiff.size())
            return 1;
        if (readTiff(tiff, entry, 2, big) == 0x0112) {
            const uint32_t value = readTiff(tiff, entry + 8, 2, big);
            return value >= 1 && value <= 8 ? int(value) : 1;
        }
    }
    return 1;
}

} // namespace

const char *resizeModeName(ResizeMode mode)
{
    switch (mode) {
    case ResizeMode::Crop:
        return "crop";
    case ResizeMode::Stretch:
        return "stretch";
    default:
        return "fit";
    }
}

ResizeMode parseResizeMode(const std::string &name)
{
    for (ResizeMode mode : {ResizeMode::Fit, ResizeMode::Crop, ResizeMode::Stretch})
        if (name == resizeModeName(mode))
            return mode;
    throw Error("--resize must be fit, crop or stretch, not '" + name + "'");
}

int exifOrientation(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    std::array<unsigned char, 2> soi{};
    if (!in.read(reinterpret_cast<char *>(soi.data()), 2) || soi[0] != 0xFF || soi[1] != 0xD8)
        return 1;
    // Walk the segments before the image data; EXIF is an APP1 segment near the start.
    for (int segment = 0; segment < 32; ++segment) {
        std::array<unsigned char, 4> head{};
        if (!in.read(reinterpret_cast<char *>(head.data()), 4) || head[0] != 0xFF)
            return 1;
        const int marker = head[1];
        const size_t length = size_t(head[2]) << 8 | head[3];
        if (marker == 0xDA || marker == 0xD9 || length < 2)
            return 1; // the image data starts: no EXIF before it
        std::vector<unsigned char> body(length - 2);
        if (!in.read(reinterpret_cast<char *>(body.data()), std::streamsize(body.size())))
            return 1;
        constexpr std::array<unsigned char, 6> kExif{'E', 'x', 'i', 'f', 0, 0};
        if (marker == 0xE1 && body.size() > 6
            && std::equal(kExif.begin(), kExif.end(), body.begin()))
            return orientationInTiff(std::vector<unsigned char>(body.begin() + 6, body.end()));
    }
    return 1;
}

Image orient(const Image &image, int orientation)
{
    if (orientation <= 1 || orientation > 8)
        return image;
    const int w = image.width, h = image.height, c = image.channels;
    const bool swap = orientation >= 5;
    Image out{swap ? h : w, swap ? w : h, c, std::vector<uint8_t>(image.pixels.size())};
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            int sx = x, sy = y; // the stored pixel shown at (x, y)
            switch (orientation) {
            case 2:
                sx = w - 1 - x;
                break;
            case 3:
                sx = w - 1 - x;
                sy = h - 1 - y;
                break;
            case 4:
                sy = h - 1 - y;
                break;
            case 5:
                sx = y;
                sy = x;
                break;
            case 6:
                sx = y;
                sy = h - 1 - x;
                break;
            case 7:
                sx = w - 1 - y;
                sy = h - 1 - x;
                break;
            default:
                sx = w - 1 - y;
                sy = x;
                break; // 8
            }
            std::copy_n(&image.pixels[(size_t(sy) * w + sx) * c], c,
                        &out.pixels[(size_t(y) * out.width + x) * c]);
        }
    }
    return out;
}

Image resize(const Image &image, int width, int height, ResizeMode mode)
{
    if (image.width == width && image.height == height)
        return image;
    const int c = image.channels;
    // The region of the source that is scaled, and where it lands in the output.
    int srcX = 0, srcY = 0, srcW = image.width, srcH = image.height;
    int dstX = 0, dstY = 0, dstW = width, dstH = height;
    const double sx = double(width) / image.width, sy = double(height) / image.height;
    if (mode == ResizeMode::Fit) {
        const double s = std::min(sx, sy);
        dstW = std::clamp(int(std::lround(image.width * s)), 1, width);
        dstH = std::clamp(int(std::lround(image.height * s)), 1, height);
        dstX = (width - dstW) / 2;
        dstY = (height - dstH) / 2;
    } else if (mode == ResizeMode::Crop) {
        const double s = std::max(sx, sy);
        srcW = std::clamp(int(std::lround(width / s)), 1, image.width);
        srcH = std::clamp(int(std::lround(height / s)), 1, image.height);
        srcX = (image.width - srcW) / 2;
        srcY = (image.height - srcH) / 2;
    }
    Image out{width, height, c, std::vector<uint8_t>(size_t(width) * height * c, 0)};
    const uint8_t *from = &image.pixels[(size_t(srcY) * image.width + srcX) * c];
    uint8_t *to = &out.pixels[(size_t(dstY) * width + dstX) * c];
    stbir_resize_uint8(from, srcW, srcH, image.width * c, to, dstW, dstH, width * c, c);
    return out;
}

} // namespace dllab::datasets
