// A folder with one sub-folder of PNG/JPEG images per class into an image dataset. A first pass
// reads only the image headers (sizes, channels, EXIF orientation), so an odd file fails before
// anything is decoded and the common size and channel count are known up front: grayscale stays
// C=1 unless any image is colour.
#include "importers.h"

#include "image_check.h"
#include "workspace/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <new>
#include <stb/stb_image.h>

namespace dllab::datasets {
namespace {

namespace fs = std::filesystem;

struct ImageFile {
    fs::path path;
    std::string shownName; // folder/class/file, as errors name it
    int64_t label = 0;
    int width = 0, height = 0; // upright, as its EXIF orientation turns it
    int orientation = 1;
    bool alpha = false;
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

// The size every image takes: the options', else the images' own when they agree, else their
// median with its longer side capped (so a folder of photos does not become a huge dataset).
std::pair<int, int> commonSize(const std::vector<ImageFile> &images, const ImportOptions &options)
{
    if (options.imageWidth > 0 && options.imageHeight > 0)
        return {options.imageWidth, options.imageHeight};
    std::vector<int> widths, heights;
    for (const auto &image : images) {
        widths.push_back(image.width);
        heights.push_back(image.height);
    }
    const bool same = std::all_of(images.begin(), images.end(), [&](const ImageFile &image) {
        return image.width == widths[0] && image.height == heights[0];
    });
    if (same)
        return {widths[0], heights[0]};
    const auto median = [](std::vector<int> &values) {
        std::nth_element(values.begin(), values.begin() + long(values.size() / 2), values.end());
        return values[values.size() / 2];
    };
    int width = median(widths), height = median(heights);
    if (const int longer = std::max(width, height); longer > kMaxDefaultImageSide) {
        width = std::max(1, int(std::lround(double(width) * kMaxDefaultImageSide / longer)));
        height = std::max(1, int(std::lround(double(height) * kMaxDefaultImageSide / longer)));
    }
    return {width, height};
}

// An image with alpha (gray+alpha or RGBA) as it looks on white, without the alpha channel.
Image onWhite(const Image &image)
{
    const int colours = image.channels - 1;
    Image out{image.width, image.height, colours, {}};
    out.pixels.reserve(size_t(image.width) * image.height * colours);
    for (size_t p = 0; p < image.pixels.size(); p += size_t(image.channels)) {
        const int alpha = image.pixels[p + size_t(colours)];
        for (int c = 0; c < colours; ++c)
            out.pixels.push_back(
                uint8_t((image.pixels[p + size_t(c)] * alpha + 255 * (255 - alpha) + 127) / 255));
    }
    return out;
}

void checkOptions(const ImportOptions &options)
{
    if (options.imageChannels != 0 && options.imageChannels != 1 && options.imageChannels != 3)
        throw Error("--channels must be 1 or 3, not " + std::to_string(options.imageChannels));
    const int64_t pixels = int64_t(options.imageWidth) * options.imageHeight;
    if (options.imageWidth < 0 || options.imageHeight < 0 || pixels > options.maxImagePixels
        || (options.imageWidth == 0) != (options.imageHeight == 0))
        throw Error("--image-size " + sizeText(options.imageWidth, options.imageHeight)
                    + " is not a size from 1x1 to the image pixel limit ("
                    + std::to_string(options.maxImagePixels) + " pixels)");
}

} // namespace

DatasetContent readImageFolder(const fs::path &folder, const JobContext &ctx,
                               const ImportOptions &options)
{
    checkOptions(options);
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
    int grayImages = 0, colourImages = 0, turned = 0;
    for (auto &image : images) {
        ctx.throwIfCancelled();
        const ImageHeader header =
            checkImageFile(image.path, image.shownName, options.maxImagePixels);
        image.orientation = exifOrientation(image.path);
        const bool swap = image.orientation >= 5;
        image.width = swap ? header.height : header.width;
        image.height = swap ? header.width : header.height;
        image.alpha = header.channels == 2 || header.channels == 4;
        (header.channels >= 3 ? colourImages : grayImages) += 1;
        turned += image.orientation > 1 ? 1 : 0;
    }
    const int channels = options.imageChannels ? options.imageChannels : colourImages ? 3 : 1;
    const auto [width, height] = commonSize(images, options);

    const std::size_t plane = std::size_t(width) * std::size_t(height);
    const std::size_t sampleBytes = plane * std::size_t(channels);
    try {
        content.pixels.resize(sampleBytes * images.size());
    } catch (const std::bad_alloc &) {
        throw Error(name + ": " + std::to_string(images.size()) + " images of "
                    + std::to_string(channels) + "x" + sizeText(width, height)
                    + " do not fit in memory");
    }

    // Pass 2: decode (stb converting to the common channel count), turn upright, resize; stored
    // channel-first.
    int resized = 0;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const ImageFile &file = images[i];
        if (i % 64 == 0) {
            ctx.throwIfCancelled();
            ctx.progress(double(i) / double(images.size()), "decoding " + file.shownName);
        }
        const int wanted = channels + (file.alpha ? 1 : 0);
        Image image;
        stbi_uc *decoded =
            stbi_load(file.path.c_str(), &image.width, &image.height, &image.channels, wanted);
        if (!decoded)
            failUnreadable(file, "corrupt image");
        image.channels = wanted;
        image.pixels.assign(decoded, decoded + size_t(image.width) * image.height * wanted);
        stbi_image_free(decoded);
        image = orient(file.alpha ? onWhite(image) : image, file.orientation);
        // The header was read separately; a file changed in between is not what pass 1 saw.
        if (image.width != file.width || image.height != file.height)
            throw Error(file.shownName + ": " + sizeText(image.width, image.height)
                        + " pixels when decoded, " + sizeText(file.width, file.height)
                        + " in its header (was it changed during the import?)");
        if (image.width != width || image.height != height) {
            image = resize(image, width, height, options.resize);
            ++resized;
        }
        uint8_t *out = content.pixels.data() + i * sampleBytes;
        for (std::size_t p = 0; p < plane; ++p)
            for (int c = 0; c < channels; ++c)
                out[size_t(c) * plane + p] = image.pixels[p * size_t(channels) + size_t(c)];
        content.labels.push_back(file.label);
    }

    const std::string of = " of " + std::to_string(images.size()) + " images ";
    if (resized > 0)
        content.notes.push_back(std::to_string(resized) + of + "resized to "
                                + sizeText(width, height) + " (" + resizeModeName(options.resize)
                                + "; --image-size and --resize choose)");
    if (channels == 3 && grayImages > 0)
        content.notes.push_back(std::to_string(grayImages) + of
                                + "are grayscale: repeated in 3 channels (--channels 1 keeps one)");
    if (channels == 1 && colourImages > 0)
        content.notes.push_back(std::to_string(colourImages) + of + "converted to grayscale");
    if (turned > 0)
        content.notes.push_back(std::to_string(turned) + of
                                + "turned upright as their EXIF orientation says");
    content.kind = DatasetKind::Image;
    content.featureShape = {channels, height, width};
    content.sourceFiles = {folder.string()};
    ctx.progress(1.0, "read " + std::to_string(images.size()) + " images");
    return content;
}

} // namespace dllab::datasets
