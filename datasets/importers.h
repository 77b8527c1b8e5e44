#pragma once
// Reading files into DatasetContent. Readers run on a job thread, check ctx between records, and
// throw dllab::Error naming the file and the record (line, column, image) on bad input.
#include "dataset_content.h"
#include "image_check.h"
#include "image_geometry.h"
#include "workspace/job_context.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dllab::datasets {

enum class ImportFormat { Auto, Csv, Idx, ImageFolder, Npy };

ImportFormat parseImportFormat(const std::string &name); // "csv", "idx", ...; throws on unknown
const char *formatName(ImportFormat format);

struct ImportOptions {
    ImportFormat format = ImportFormat::Auto;
    std::string labelColumn; // CSV: empty means the last column
    // CSV: classification or regression; unset infers it: a numeric label with fractions or with
    // more than 30 distinct values is a regression target.
    std::optional<Task> task;
    // CSV: types that override the inferred ones, by column name; more missing-value markers
    // besides empty, NA, N/A, NaN, null, ? and .; and the decimal mark ('.' or ',').
    std::map<std::string, ColumnType> columnTypes;
    std::vector<std::string> missingMarkers;
    char decimal = '.';
    int64_t maxImagePixels = kDefaultMaxImagePixels; // larger images are refused
    // Image folders: the common size (0 × 0: the images' own when they agree, else their median
    // with its longer side capped at kMaxDefaultImageSide), how images of another shape take it,
    // and the channels (0: 3 when any image has colour, else 1).
    int imageWidth = 0, imageHeight = 0;
    ResizeMode resize = ResizeMode::Fit;
    int imageChannels = 0;
};

constexpr int kMaxDefaultImageSide = 224;

// Chooses the format by content (magic numbers, folder layout), falling back to the name.
ImportFormat detectFormat(const std::vector<std::filesystem::path> &paths);

// Reads paths in the given (or detected) format. sourceFiles is filled with what was read.
DatasetContent readDataset(const std::vector<std::filesystem::path> &paths,
                           const ImportOptions &options, const JobContext &ctx);

// The individual readers, used by readDataset.
// Column types are inferred (numeric, then date, then categorical, or text when mostly distinct)
// unless options set them; rows without a label are left out, and columns entirely missing or
// constant are dropped, each said in the content's notes.
DatasetContent readCsv(const std::filesystem::path &file, const ImportOptions &options,
                       const JobContext &ctx);
DatasetContent readCsv(const std::filesystem::path &file, const std::string &labelColumn,
                       const JobContext &ctx);
// Either one images file and one labels file, or a folder of MNIST-named train-*/t10k-* files
// (read as one dataset with "train" and "test" splits). Raw or gzip.
DatasetContent readIdx(const std::vector<std::filesystem::path> &paths, const JobContext &ctx);
// Images of other sizes are resized to a common one, upright as their EXIF says; alpha is
// composited on white; grayscale is repeated in three channels when the dataset has colour.
DatasetContent readImageFolder(const std::filesystem::path &folder, const JobContext &ctx,
                               const ImportOptions &options = {});
// A features .npy (N x F float/int, or N x H x W / N x C x H x W uint8) and a labels .npy (N ints).
DatasetContent readNpy(const std::vector<std::filesystem::path> &paths, const JobContext &ctx);

} // namespace dllab::datasets
