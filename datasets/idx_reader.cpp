// MNIST's IDX format (raw or gzip) into an image dataset. Headers are checked against what the
// file can hold before anything large is allocated; gzip data, whose size is only known at its
// end, is read incrementally and fails at the first short read.
#include "importers.h"

#include "gzip_file.h"
#include "workspace/error.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <regex>

namespace dllab::datasets {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t readChunk = std::size_t(1) << 20;
// Deflate cannot expand data more than about 1032 times; a header asking for more is corrupt.
constexpr std::uintmax_t maxDeflateRatio = 1032;

struct IdxFile {
    fs::path path;
    std::unique_ptr<GzipFile> file;
    bool images = false;
    uint64_t count = 0, rows = 1, cols = 1;

    uint64_t sampleBytes() const { return rows * cols; }
    std::string name() const { return file->name(); }
    std::string holding(uint64_t n) const
    {
        return images ? std::to_string(n) + " images of " + std::to_string(rows) + "x"
                            + std::to_string(cols)
                      : std::to_string(n) + " labels";
    }
};

std::string hex32(const unsigned char *bytes)
{
    static const char digits[] = "0123456789ABCDEF";
    std::string text = "0x";
    for (int i = 0; i < 4; ++i) {
        text += digits[bytes[i] >> 4];
        text += digits[bytes[i] & 15];
    }
    return text;
}

IdxFile openIdx(const fs::path &path)
{
    IdxFile idx;
    idx.path = path;
    idx.file = std::make_unique<GzipFile>(path);
    const std::string name = idx.file->name();
    unsigned char magic[4];
    const std::size_t gotMagic = idx.file->read(magic, 4);
    if (gotMagic < 4)
        throw Error(name + ": truncated IDX header (" + std::to_string(gotMagic)
                    + " of 4 magic bytes)");
    if (magic[0] != 0 || magic[1] != 0 || (magic[3] != 1 && magic[3] != 3))
        throw Error(name + ": not an IDX images or labels file (magic " + hex32(magic)
                    + ", expected 0x00000803 or 0x00000801)");
    if (magic[2] != 0x08)
        throw Error(name + ": IDX data of type " + hex32(magic)
                    + "; only unsigned bytes (0x00000803 images, 0x00000801 labels) are supported");
    idx.images = magic[3] == 3;
    const std::size_t dimBytes = std::size_t(magic[3]) * 4;
    unsigned char dims[12];
    const std::size_t gotDims = idx.file->read(dims, dimBytes);
    if (gotDims < dimBytes)
        throw Error(name + ": truncated IDX header (" + std::to_string(4 + gotDims) + " of "
                    + std::to_string(4 + dimBytes) + " bytes)");
    uint64_t values[3] = {1, 1, 1};
    for (std::size_t d = 0; d < magic[3]; ++d)
        values[d] = uint64_t(dims[4 * d]) << 24 | uint64_t(dims[4 * d + 1]) << 16
                    | uint64_t(dims[4 * d + 2]) << 8 | dims[4 * d + 3];
    idx.count = values[0];
    idx.rows = values[1];
    idx.cols = values[2];
    if (idx.count == 0 || idx.rows == 0 || idx.cols == 0)
        throw Error(name + ": header says " + idx.holding(idx.count) + "; nothing to read");

    // Compared by division: count * rows * cols can overflow 64 bits in a corrupt header.
    const std::uintmax_t fileBytes = idx.file->fileSize();
    if (idx.file->isRaw()) {
        const std::uintmax_t body = fileBytes - 4 - dimBytes;
        if (idx.count > body / idx.sampleBytes())
            throw Error(name + ": header says " + idx.holding(idx.count)
                        + " but the file holds only " + std::to_string(body / idx.sampleBytes()));
        if (body != idx.count * idx.sampleBytes())
            throw Error(name + ": header says " + idx.holding(idx.count) + " ("
                        + std::to_string(idx.count * idx.sampleBytes())
                        + " bytes) but the file "
                          "holds "
                        + std::to_string(body)
                        + " bytes after its header; it is "
                          "damaged (bytes added or inserted)");
    } else {
        const std::uintmax_t limit = fileBytes * maxDeflateRatio + 1024;
        if (idx.count > limit / idx.sampleBytes())
            throw Error(name + ": header says " + idx.holding(idx.count) + ", more than a "
                        + std::to_string(fileBytes) + "-byte gzip file can hold");
    }
    return idx;
}

// Appends the file's body to out, reporting progress as done/total bytes over all files.
void readBody(IdxFile &idx, std::vector<uint8_t> &out, uint64_t &done, uint64_t total,
              const JobContext &ctx)
{
    const uint64_t wanted = idx.count * idx.sampleBytes();
    const std::size_t start = out.size();
    // Raw sizes were checked against the file; gzip ones only bounded, so grow as data arrives.
    out.reserve(start
                + std::size_t(idx.file->isRaw() ? wanted : std::min<uint64_t>(wanted, 1 << 28)));
    uint64_t got = 0;
    while (got < wanted) {
        ctx.throwIfCancelled();
        const auto step = std::size_t(std::min<uint64_t>(wanted - got, readChunk));
        out.resize(start + got + step);
        const std::size_t n = idx.file->read(out.data() + start + got, step);
        got += n;
        done += n;
        if (n < step)
            throw Error(idx.name() + ": header says " + idx.holding(idx.count)
                        + " but the file holds only " + std::to_string(got / idx.sampleBytes()));
        ctx.progress(double(done) / double(total), "reading " + idx.name());
    }
    // Raw files were measured up front; a gzip body is known to be too long only here.
    unsigned char extra = 0;
    if (idx.file->read(&extra, 1) == 1)
        throw Error(idx.name() + ": holds more data than its header's " + idx.holding(idx.count)
                    + "; it is damaged (bytes added or inserted)");
}

struct IdxPair {
    fs::path images, labels;
    std::string split; // empty for two loose files
};

// 0x00000803 (images) or 0x00000801 (labels), after gunzip; anything else is false.
bool idxMagic(const fs::path &path, bool &images)
{
    try {
        GzipFile file(path);
        unsigned char magic[4];
        if (file.read(magic, 4) < 4 || magic[0] || magic[1] || magic[2] != 0x08)
            return false;
        images = magic[3] == 3;
        return magic[3] == 3 || magic[3] == 1;
    } catch (const Error &) {
        return false;
    }
}

// A folder whose files are not MNIST-named: usable when it holds exactly one IDX images file
// and one IDX labels file.
std::vector<IdxPair> pairByMagic(const std::string &folderName,
                                 const std::vector<fs::path> &entries)
{
    IdxPair pair;
    int found = 0;
    for (const auto &path : entries) {
        bool images = false;
        if (!fs::is_regular_file(path) || !idxMagic(path, images))
            continue;
        (images ? pair.images : pair.labels) = path;
        ++found;
    }
    if (found != 2 || pair.images.empty() || pair.labels.empty())
        throw Error(folderName
                    + ": no MNIST IDX files (train-images-idx3-ubyte[.gz], "
                      "train-labels-idx1-ubyte[.gz], t10k-...) nor a single IDX images and labels "
                      "pair");
    return {pair};
}

// MNIST names: <prefix>-images-idx3-ubyte[.gz] and <prefix>-labels-idx1-ubyte[.gz]; some copies
// use a dot before "idx". A prefix ending in t10k or test is the test set.
std::vector<IdxPair> pairsInFolder(const fs::path &folder)
{
    static const std::regex pattern(R"((.*)-(images|labels)[-.]idx([13])-ubyte(\.gz)?)");
    struct Found {
        std::string prefix;
        fs::path images, labels;
    };
    std::map<std::string, Found> bySplit;
    const fs::path normal = folder.lexically_normal();
    const std::string folderName =
        (normal.filename().empty() ? normal.parent_path() : normal).filename().string();
    std::vector<fs::path> entries;
    for (const auto &entry : fs::directory_iterator(folder))
        entries.push_back(entry.path());
    // Sorted so that, of a raw and a gzip copy of one file, the raw one ("x" < "x.gz") wins.
    std::sort(entries.begin(), entries.end(), [](const fs::path &a, const fs::path &b) {
        return a.filename().string() > b.filename().string();
    });
    for (const auto &path : entries) {
        std::smatch match;
        const std::string name = path.filename().string();
        if (!std::regex_match(name, match, pattern) || !fs::is_regular_file(path))
            continue;
        const bool images = match[2] == "images";
        if (images != (match[3] == "3"))
            continue;
        std::string prefix = match[1];
        std::string lower = prefix;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        const bool test = lower.ends_with("t10k") || lower.ends_with("test");
        Found &found = bySplit[test ? "test" : "train"];
        if (!found.prefix.empty() && found.prefix != prefix)
            throw Error(folderName + ": holds several " + (test ? "test" : "training") + " sets ('"
                        + found.prefix + "' and '" + prefix
                        + "'); import one pair of files instead");
        found.prefix = prefix;
        (images ? found.images : found.labels) = path;
    }
    if (bySplit.empty())
        return pairByMagic(folderName, entries);
    std::vector<IdxPair> pairs;
    for (const auto &[split, found] : bySplit) {
        if (found.labels.empty())
            throw Error(folderName + ": " + found.images.filename().string()
                        + " has no labels file beside it (expected " + found.prefix
                        + "-labels-idx1-ubyte[.gz])");
        if (found.images.empty())
            throw Error(folderName + ": " + found.labels.filename().string()
                        + " has no images file beside it (expected " + found.prefix
                        + "-images-idx3-ubyte[.gz])");
        pairs.push_back({found.images, found.labels, split});
    }
    // The map holds "test" before "train"; the training samples come first in the dataset.
    std::reverse(pairs.begin(), pairs.end());
    return pairs;
}

} // namespace

DatasetContent readIdx(const std::vector<fs::path> &paths, const JobContext &ctx)
{
    std::vector<IdxPair> pairs;
    if (paths.size() == 1 && fs::is_directory(paths[0])) {
        pairs = pairsInFolder(paths[0]);
    } else if (paths.size() == 2) {
        pairs.push_back({paths[0], paths[1], ""});
    } else {
        throw Error("IDX import takes a folder of MNIST files or one images file and one labels "
                    "file; got "
                    + std::to_string(paths.size()) + " paths");
    }

    // Every header is read and checked before any data, so a bad test file fails in a moment.
    std::vector<std::pair<IdxFile, IdxFile>> files;
    uint64_t total = 0;
    for (const auto &pair : pairs) {
        IdxFile first = openIdx(pair.images);
        IdxFile second = openIdx(pair.labels);
        if (first.images == second.images)
            throw Error(first.name() + " and " + second.name() + " are both IDX "
                        + (first.images ? "images" : "labels")
                        + " files; expected one images file and one labels file");
        if (!first.images)
            std::swap(first, second);
        if (first.count != second.count)
            throw Error(first.name() + " holds " + first.holding(first.count) + " but "
                        + second.name() + " holds " + second.holding(second.count)
                        + "; expected one label per image");
        if (!files.empty()
            && (first.rows != files[0].first.rows || first.cols != files[0].first.cols))
            throw Error(first.name() + ": images of " + std::to_string(first.rows) + "x"
                        + std::to_string(first.cols) + " but " + files[0].first.name() + " has "
                        + std::to_string(files[0].first.rows) + "x"
                        + std::to_string(files[0].first.cols));
        total += first.count * (first.sampleBytes() + 1);
        files.emplace_back(std::move(first), std::move(second));
    }

    DatasetContent content;
    content.kind = DatasetKind::Image;
    content.featureShape = {1, int64_t(files[0].first.rows), int64_t(files[0].first.cols)};
    std::vector<uint8_t> labels;
    uint64_t done = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto &[images, labelFile] = files[i];
        const auto first = int64_t(labels.size());
        readBody(images, content.pixels, done, total, ctx);
        readBody(labelFile, labels, done, total, ctx);
        content.sourceFiles.push_back(images.path.string());
        content.sourceFiles.push_back(labelFile.path.string());
        if (!pairs[i].split.empty()) {
            auto &split = content.splits[pairs[i].split];
            for (auto index = first; index < int64_t(labels.size()); ++index)
                split.push_back(index);
        }
    }
    content.labels.assign(labels.begin(), labels.end());
    const uint8_t maxLabel = *std::max_element(labels.begin(), labels.end());
    for (int label = 0; label <= maxLabel; ++label)
        content.classNames.push_back(std::to_string(label));
    ctx.progress(1.0, "read " + std::to_string(labels.size()) + " images");
    return content;
}

} // namespace dllab::datasets
