// A folder with one sub-folder of PNG/JPEG images per class into an image dataset. A first pass
// reads only the image headers (sizes, channels), so an odd file fails before anything is decoded
// and the channel count is known up front: grayscale stays C=1 unless any image is colour.
#include "importers.h"

#include "image_check.h"
#include "workspace/error.h"

#include <algorithm>
#include <cctype>
#include <new>
#include <stb/stb_image.h>

namespace dllab::datasets {
namespace {

namespace fs = std::filesystem;

struct ImageFile {
    fs::path path;
    std::string shownName; // folder/class/file, as errors name it
    int64_t label = 0;
};

bool isImageFile(const fs::path &path)
{
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return extension == ".png" || extension == ".jpg" || extension == ".jpeg";
}

bool isHidden(const fs::path &path) { return path.filename().string().starts_with('.'); }

std::string folderName(const fs::path &folder)
{
    const fs::path normal = folder.lexically_normal();
    return normal.filename().empty() ? normal.parent_path().filename().string()
                                     : normal.filename().string();
}

std::vector<fs::path> sortedEntries(const fs::path &folder, bool directories)
{
    std::vector<fs::path> entries;
    for (const auto &entry : fs::directory_iterator(folder)) {
        if (isHidden(entry.path()))
            continue;
        if (directories ? entry.is_directory()
                        : entry.is_regular_file() && isImageFile(entry.path()))
            entries.push_back(entry.path());
    }
    std::sort(entries.begin(), entries.end(), [](const fs::path &a, const fs::path &b) {
        return a.filename().string() < b.filename().string();
    });
    return entries;
}

[[noreturn]] void failUnreadable(const ImageFile &image, const char *what)
{
    std::error_code error;
    if (fs::file_size(image.path, error) == 0 && !error)
        throw Error(image.shownName + ": empty file (0 bytes), not an image");
    const char *reason = stbi_failure_reason();
    throw Error(image.shownName + ": " + what + " (" + (reason ? reason : "unknown error") + ")");
}

std::string sizeText(int width, int height)
{
    return std::to_string(width) + "x" + std::to_string(height);
}

} // namespace

DatasetContent readImageFolder(const fs::path &folder, const JobContext &ctx, int64_t maxPixels)
{
    const std::string name = folderName(folder);
    if (!fs::is_directory(folder))
        throw Error(folder.string()
                    + ": not a folder; an image dataset is a folder with one "
                      "sub-folder of images per class");
    DatasetContent content;
    std::vector<ImageFile> images;
    for (const auto &classFolder : sortedEntries(folder, true)) {
        const std::string className = classFolder.filename().string();
        const auto files = sortedEntries(classFolder, false);
        if (files.empty())
            throw Error(name + "/" + className + ": no PNG or JPEG images in this class folder");
        for (const auto &file : files)
            images.push_back({file, name + "/" + className + "/" + file.filename().string(),
                              int64_t(content.classNames.size())});
        content.classNames.push_back(className);
    }
    if (content.classNames.empty())
        throw Error(name + ": no class folders; expected one sub-folder of images per class");

    // Pass 1: headers only.
    int width = 0, height = 0, channels = 1;
    const ImageFile *reference = nullptr;
    for (const auto &image : images) {
        ctx.throwIfCancelled();
        const ImageHeader header = checkImageFile(image.path, image.shownName, maxPixels);
        const int w = header.width, h = header.height, n = header.channels;
        if (!reference) {
            width = w;
            height = h;
            reference = &image;
        } else if (w != width || h != height) {
            throw Error(image.shownName + ": " + sizeText(w, h) + " pixels, expected "
                        + sizeText(width, height) + " like the other images (e.g. "
                        + reference->shownName + ")");
        }
        if (n >= 3)
            channels = 3; // alpha (n == 2 or 4) is dropped
    }

    const std::size_t plane = std::size_t(width) * std::size_t(height);
    const std::size_t sampleBytes = plane * std::size_t(channels);
    try {
        content.pixels.resize(sampleBytes * images.size());
    } catch (const std::bad_alloc &) {
        throw Error(name + ": " + std::to_string(images.size()) + " images of "
                    + std::to_string(channels) + "x" + sizeText(width, height)
                    + " do not fit in memory");
    }

    // Pass 2: decode, stb converting to the common channel count; stored channel-first.
    for (std::size_t i = 0; i < images.size(); ++i) {
        if (i % 64 == 0) {
            ctx.throwIfCancelled();
            ctx.progress(double(i) / double(images.size()), "decoding " + images[i].shownName);
        }
        int w = 0, h = 0, n = 0;
        stbi_uc *decoded = stbi_load(images[i].path.c_str(), &w, &h, &n, channels);
        if (!decoded)
            failUnreadable(images[i], "corrupt image");
        // The header was read separately; a file changed in between must not overrun the buffer.
        if (w != width || h != height) {
            stbi_image_free(decoded);
            throw Error(images[i].shownName + ": " + sizeText(w, h) + " pixels, expected "
                        + sizeText(width, height) + " like the other images");
        }
        uint8_t *out = content.pixels.data() + i * sampleBytes;
        if (channels == 1) {
            std::copy(decoded, decoded + plane, out);
        } else {
            for (std::size_t p = 0; p < plane; ++p) {
                out[p] = decoded[3 * p];
                out[plane + p] = decoded[3 * p + 1];
                out[2 * plane + p] = decoded[3 * p + 2];
            }
        }
        stbi_image_free(decoded);
        content.labels.push_back(images[i].label);
    }

    content.kind = DatasetKind::Image;
    content.featureShape = {channels, height, width};
    content.sourceFiles = {folder.string()};
    ctx.progress(1.0, "read " + std::to_string(images.size()) + " images");
    return content;
}

} // namespace dllab::datasets
