#pragma once
// The first samples of a dataset version, in the form the preview views show: images for image
// datasets, formatted rows for tables. Made on a worker thread (QImage, not QPixmap), applied on
// the GUI thread. A plain value.
#include "datasets/dataset_content.h"

#include <nlohmann/json.hpp>

#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

#include <filesystem>

namespace dllab::ui {

struct PreviewData {
    QString ref;   // "name@vN"
    QString error; // set when loading failed; the rest is then empty
    bool isImage = false;
    qint64 samples = 0;         // in the whole version
    QList<QImage> images;       // images: one per previewed sample
    QStringList labels;         // class name of each previewed sample (images and rows)
    QStringList columns;        // tables: feature column names
    QString labelName;          // tables: the label column's name; empty when unknown
    QList<QStringList> rows;    // tables: formatted feature values, one list per sample
    nlohmann::json columnStats; // tables: the version's statistics per column
};

constexpr int kPreviewImages = 64;
constexpr int kPreviewRows = 50;

PreviewData makePreview(const datasets::DatasetContent &content, int maxImages = kPreviewImages,
                        int maxRows = kPreviewRows);

// A stored table cell as the file had it: a category's text, a date, empty when missing.
QString tableCellText(const datasets::DatasetContent &content, size_t column, float value);

// One C x H x W uint8 sample as an image: grey for one channel, RGB for three, else channel 0.
QImage sampleImage(const uint8_t *pixels, int channels, int height, int width);

// One table row as "column: value" lines (the file's text for categories and dates, "missing"
// for a missing cell), its label last. Empty for images or an index out of range.
QStringList sampleFields(const datasets::DatasetContent &content, int64_t sample);

// Reads version `ref` of the workspace at `dir` with its own Workspace (any thread but the GUI
// thread) and previews it; a read that fails gives a preview holding only the error.
PreviewData readPreview(const std::filesystem::path &dir, const QString &ref);

} // namespace dllab::ui
