// Choosing a reader: by the content of what was dropped (magic numbers, folder layout), so a
// renamed file still imports; file names are only the last resort.
#include "importers.h"

#include "gzip_file.h"
#include "workspace/error.h"
#include "workspace/regular_file.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <regex>

namespace dllab::datasets {
namespace {

namespace fs = std::filesystem;

std::string lowered(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

std::string firstBytes(const fs::path &file, std::size_t count)
{
    std::string bytes(count, '\0');
    std::ifstream in(file, std::ios::binary);
    in.read(bytes.data(), std::streamsize(count));
    bytes.resize(std::size_t(in.gcount()));
    return bytes;
}

bool isNpy(const fs::path &file) { return firstBytes(file, 6) == "\x93NUMPY"; }

// IDX magic 00 00 <type> <dims>, looked for after gunzip when the file is compressed.
bool isIdx(const fs::path &file)
{
    try {
        GzipFile gzip(file);
        unsigned char magic[4];
        if (gzip.read(magic, 4) != 4 || magic[0] != 0 || magic[1] != 0)
            return false;
        const unsigned type = magic[2]; // 08 ubyte, 09 byte, 0B short, 0C int, 0D float, 0E double
        return (type == 0x08 || type == 0x09 || (type >= 0x0B && type <= 0x0E)) && magic[3] >= 1
               && magic[3] <= 4;
    } catch (const Error &) {
        return false; // corrupt gzip: not recognisably IDX
    }
}

bool isImageName(const fs::path &path)
{
    const std::string extension = lowered(path.extension().string());
    return extension == ".png" || extension == ".jpg" || extension == ".jpeg";
}

// Text as a CSV holds it: no NUL bytes and no gzip/npy magic in the first 4 KB.
bool looksLikeText(const fs::path &file)
{
    const std::string head = firstBytes(file, 4096);
    return !head.empty() && head.find('\0') == std::string::npos && !head.starts_with("\x1f\x8b")
           && !head.starts_with("\x93NUMPY");
}

ImportFormat detectFolder(const fs::path &folder)
{
    static const std::regex idxName(R"(.*[-.]idx[13]-ubyte(\.gz)?)", std::regex::icase);
    bool classFolders = false;
    bool idxMagic = false;
    int checked = 0;
    for (const auto &entry : fs::directory_iterator(folder)) {
        if (entry.is_regular_file() && std::regex_match(entry.path().filename().string(), idxName))
            return ImportFormat::Idx;
        // Renamed IDX files count by their magic; only a few are opened, as IDX comes in pairs.
        if (entry.is_regular_file() && !idxMagic && checked++ < 16)
            idxMagic = isIdx(entry.path());
        if (entry.is_directory() && !classFolders) {
            for (const auto &inner : fs::directory_iterator(entry.path())) {
                if (inner.is_regular_file() && isImageName(inner.path())) {
                    classFolders = true;
                    break;
                }
            }
        }
    }
    if (classFolders)
        return ImportFormat::ImageFolder;
    if (idxMagic)
        return ImportFormat::Idx;
    throw Error(folder.string()
                + ": cannot tell the format: the folder holds neither MNIST IDX "
                  "files nor class sub-folders with PNG or JPEG images");
}

// Catches a reader bug before it reaches the version store, where it would be permanent.
void checkConsistent(const DatasetContent &content)
{
    const auto n = std::size_t(content.samples());
    const auto size = std::size_t(content.featureSize());
    const bool arrays = content.kind == DatasetKind::Image
                            ? content.pixels.size() == n * size && content.values.empty()
                            : content.values.size() == n * size && content.pixels.empty();
    const bool labels =
        content.task == Task::Regression
            ? content.labels.empty()
                  && std::all_of(content.targets.begin(), content.targets.end(),
                                 [](float t) { return std::isfinite(t); })
            : content.targets.empty()
                  && std::all_of(content.labels.begin(), content.labels.end(), [&](int64_t l) {
                         return l >= 0 && std::size_t(l) < content.classNames.size();
                     });
    bool splits = true;
    for (const auto &[name, indices] : content.splits)
        splits = splits && std::is_sorted(indices.begin(), indices.end())
                 && (indices.empty() || (indices.front() >= 0 && std::size_t(indices.back()) < n));
    if (!arrays || !labels || !splits)
        throw Error("internal error: the importer produced inconsistent content");
}

ImportFormat detectFormatOf(const std::vector<fs::path> &paths)
{
    if (paths.empty())
        throw Error("nothing to import: no file or folder given");
    for (const auto &path : paths)
        requireFileOrFolder(path);
    if (paths.size() == 1 && fs::is_directory(paths[0]))
        return detectFolder(paths[0]);
    for (const auto &path : paths) {
        if (fs::is_directory(path))
            throw Error(path.string() + ": a folder is imported on its own, not with other paths");
    }
    if (std::all_of(paths.begin(), paths.end(), isNpy))
        return ImportFormat::Npy;
    if (std::all_of(paths.begin(), paths.end(), isIdx))
        return ImportFormat::Idx;
    if (paths.size() == 1) {
        const std::string extension = lowered(paths[0].extension().string());
        const std::string inner = lowered(paths[0].stem().extension().string());
        const bool compressedTable = extension == ".gz" && (inner == ".csv" || inner == ".tsv");
        if (extension == ".csv" || extension == ".tsv" || compressedTable
            || looksLikeText(paths[0]))
            return ImportFormat::Csv;
    }
    if (std::all_of(paths.begin(), paths.end(), looksLikeText))
        throw Error("a CSV import takes one file; got " + std::to_string(paths.size()) + " ("
                    + paths[0].string() + ", " + paths[1].string()
                    + (paths.size() > 2 ? ", ..." : "") + "); import each as its own dataset");
    for (const auto &path : paths) {
        if (!isNpy(path) && !isIdx(path) && (paths.size() > 1 || !looksLikeText(path)))
            throw Error(path.string()
                        + ": cannot tell the format (not CSV text, IDX or .npy); "
                          "name it with --format csv|idx|imagefolder|npy");
    }
    std::string names;
    for (const auto &path : paths)
        names += (names.empty() ? "" : ", ") + path.string();
    throw Error("cannot tell the format of " + names
                + ": expected two .npy files or an IDX images file and an IDX labels file");
}

DatasetContent readWith(const std::vector<fs::path> &paths, const ImportOptions &options,
                        const JobContext &ctx)
{
    for (const auto &path : paths)
        requireFileOrFolder(path); // a FIFO or a device would block or never end
    const ImportFormat format =
        options.format == ImportFormat::Auto ? detectFormatOf(paths) : options.format;
    const auto single = [&]() -> const fs::path & {
        if (paths.size() != 1)
            throw Error(std::string(formatName(format)) + " import takes one path; got "
                        + std::to_string(paths.size()));
        return paths[0];
    };
    DatasetContent content;
    switch (format) {
    case ImportFormat::Csv:
        content = readCsv(single(), options, ctx);
        break;
    case ImportFormat::Idx:
        content = readIdx(paths, ctx);
        break;
    case ImportFormat::ImageFolder:
        content = readImageFolder(single(), ctx, options);
        break;
    case ImportFormat::Npy:
        content = readNpy(paths, ctx);
        break;
    case ImportFormat::Auto:
        break;
    }
    checkConsistent(content);
    return content;
}

// Library exceptions become dllab::Error at this edge, as every engine error must be one.
template <typename F> auto wrapped(F &&f)
{
    try {
        return f();
    } catch (const fs::filesystem_error &error) {
        throw Error(error.path1().string() + ": " + error.code().message());
    } catch (const std::bad_alloc &) {
        throw Error("not enough memory to import the data");
    }
}

} // namespace

ImportFormat parseImportFormat(const std::string &name)
{
    const std::string key = lowered(name);
    for (const auto format : {ImportFormat::Auto, ImportFormat::Csv, ImportFormat::Idx,
                              ImportFormat::ImageFolder, ImportFormat::Npy}) {
        if (key == formatName(format))
            return format;
    }
    throw Error("unknown import format '" + name
                + "'; expected auto, csv, idx, imagefolder or npy");
}

const char *formatName(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Auto:
        return "auto";
    case ImportFormat::Csv:
        return "csv";
    case ImportFormat::Idx:
        return "idx";
    case ImportFormat::ImageFolder:
        return "imagefolder";
    case ImportFormat::Npy:
        return "npy";
    }
    return "auto";
}

ImportFormat detectFormat(const std::vector<fs::path> &paths)
{
    return wrapped([&] { return detectFormatOf(paths); });
}

DatasetContent readDataset(const std::vector<fs::path> &paths, const ImportOptions &options,
                           const JobContext &ctx)
{
    return wrapped([&] { return readWith(paths, options, ctx); });
}

} // namespace dllab::datasets
