#include "image_check.h"

#include "workspace/error.h"

#include <stb/stb_image.h>
#include <zlib.h>

#include <array>
#include <fstream>
#include <map>
#include <set>
#include <vector>

namespace dllab::datasets {

namespace {

constexpr std::array<unsigned char, 8> kPngSignature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

uint32_t bigEndian(const unsigned char *b)
{
    return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];
}

// PNG 1.2, table 11.1: the bit depths each colour type allows.
bool validDepth(int colourType, int depth)
{
    static const std::map<int, std::set<int>> allowed{
        {0, {1, 2, 4, 8, 16}}, {2, {8, 16}}, {3, {1, 2, 4, 8}}, {4, {8, 16}}, {6, {8, 16}}};
    const auto it = allowed.find(colourType);
    return it != allowed.end() && it->second.count(depth);
}

void checkPngChunks(std::ifstream &in, const std::string &name)
{
    bool first = true, ended = false;
    int64_t offset = 8;
    std::vector<unsigned char> data;
    while (!ended) {
        unsigned char head[8];
        if (!in.read(reinterpret_cast<char *>(head), 8))
            throw Error(name + ": PNG ends at byte " + std::to_string(offset)
                        + " without its IEND chunk (the file is cut short)");
        const uint32_t length = bigEndian(head);
        const std::string type(reinterpret_cast<char *>(head + 4), 4);
        if (length > (1u << 31) - 1)
            throw Error(name + ": PNG chunk at byte " + std::to_string(offset) + " claims "
                        + std::to_string(length) + " bytes");
        data.resize(length + 4);
        unsigned char crcBytes[4];
        if (!in.read(reinterpret_cast<char *>(data.data() + 4), length)
            || !in.read(reinterpret_cast<char *>(crcBytes), 4))
            throw Error(name + ": PNG chunk " + type + " at byte " + std::to_string(offset)
                        + " is cut short");
        std::copy(head + 4, head + 8, data.begin());
        const uLong crc = crc32(crc32(0L, Z_NULL, 0), data.data(), uInt(data.size()));
        if (crc != bigEndian(crcBytes))
            throw Error(name + ": PNG chunk " + type + " at byte " + std::to_string(offset)
                        + " fails its CRC check (the file is damaged)");
        if (first) {
            if (type != "IHDR" || length != 13)
                throw Error(name + ": PNG does not start with an IHDR chunk");
            const int depth = data[4 + 8], colourType = data[4 + 9];
            if (!validDepth(colourType, depth))
                throw Error(name + ": PNG colour type " + std::to_string(colourType)
                            + " with bit depth " + std::to_string(depth)
                            + " is not a valid combination");
            first = false;
        }
        ended = type == "IEND";
        offset += 12 + int64_t(length);
    }
}

} // namespace

ImageHeader checkImageFile(const std::filesystem::path &file, const std::string &shownName,
                           int64_t maxPixels)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(shownName + ": cannot open the file");
    std::array<unsigned char, 8> signature{};
    in.read(reinterpret_cast<char *>(signature.data()), 8);
    if (in.gcount() == 0)
        throw Error(shownName + ": empty file (0 bytes), not an image");
    ImageHeader header;
    if (!stbi_info(file.c_str(), &header.width, &header.height, &header.channels)) {
        const char *reason = stbi_failure_reason();
        throw Error(shownName + ": not a readable PNG or JPEG ("
                    + (reason ? reason : "unknown error") + ")");
    }
    const int64_t pixels = int64_t(header.width) * header.height;
    if (pixels > maxPixels)
        throw Error(shownName + ": " + std::to_string(header.width) + "x"
                    + std::to_string(header.height) + " pixels, more than the limit of "
                    + std::to_string(maxPixels) + " (--max-image-pixels raises it)");
    if (signature == kPngSignature)
        checkPngChunks(in, shownName);
    return header;
}

} // namespace dllab::datasets
