#include "ui/datasets/preview_data.h"

#include "datasets/dataset_store.h"
#include "datasets/date_text.h"
#include "workspace/workspace.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace dllab::ui {

namespace {

// The class name, or a regression target's value.
QString className(const datasets::DatasetContent &content, int64_t sample)
{
    return QString::fromStdString(content.labelText(sample));
}

void addImages(const datasets::DatasetContent &content, int maxImages, PreviewData &preview)
{
    const auto &shape = content.featureShape;
    if (shape.size() != 3)
        return;
    const int channels = int(shape[0]), height = int(shape[1]), width = int(shape[2]);
    const size_t sampleSize = size_t(channels) * size_t(height) * size_t(width);
    const int64_t count = std::min<int64_t>(maxImages, content.samples());
    for (int64_t i = 0; i < count && (size_t(i) + 1) * sampleSize <= content.pixels.size(); ++i) {
        preview.images << sampleImage(content.pixels.data() + size_t(i) * sampleSize, channels,
                                      height, width);
        preview.labels << className(content, i);
    }
}

} // namespace

QString tableCellText(const datasets::DatasetContent &content, size_t column, float value)
{
    if (std::isnan(value))
        return {};
    switch (content.columnType(column)) {
    case datasets::ColumnType::Categorical:
    case datasets::ColumnType::Text: {
        const auto &categories = content.columnInfo[column].categories;
        return value >= 0 && size_t(value) < categories.size()
                   ? QString::fromStdString(categories[size_t(value)])
                   : QString::number(value);
    }
    case datasets::ColumnType::Date:
        return QString::fromStdString(datasets::dateText(value));
    default:
        return QString::number(value, 'g', 6);
    }
}

namespace {

void addRows(const datasets::DatasetContent &content, int maxRows, PreviewData &preview)
{
    const int64_t features = content.featureShape.empty() ? 0 : content.featureShape[0];
    for (int64_t f = 0; f < features; ++f) {
        preview.columns << (f < int64_t(content.columnNames.size())
                                ? QString::fromStdString(content.columnNames[size_t(f)])
                                : QStringLiteral("f%1").arg(f));
    }
    const int64_t count = std::min<int64_t>(maxRows, content.samples());
    for (int64_t i = 0; i < count && size_t((i + 1) * features) <= content.values.size(); ++i) {
        QStringList row;
        for (int64_t f = 0; f < features; ++f)
            row << tableCellText(content, size_t(f), content.values[size_t(i * features + f)]);
        preview.rows << row;
        preview.labels << className(content, i);
    }
}

} // namespace

QStringList sampleFields(const datasets::DatasetContent &content, int64_t sample)
{
    QStringList fields;
    if (content.kind != datasets::DatasetKind::Table || sample < 0 || sample >= content.samples())
        return fields;
    const int64_t features = content.featureSize();
    for (int64_t f = 0; f < features; ++f) {
        const QString name = f < int64_t(content.columnNames.size())
                                 ? QString::fromStdString(content.columnNames[size_t(f)])
                                 : QStringLiteral("f%1").arg(f);
        const QString text =
            tableCellText(content, size_t(f), content.values[size_t(sample * features + f)]);
        fields << QStringLiteral("%1: %2").arg(
            name, text.isEmpty() ? QCoreApplication::translate("dllab", "missing") : text);
    }
    fields << QStringLiteral("%1: %2").arg(content.labelName.empty()
                                               ? QCoreApplication::translate("dllab", "label")
                                               : QString::fromStdString(content.labelName),
                                           className(content, sample));
    return fields;
}

QImage sampleImage(const uint8_t *pixels, int channels, int height, int width)
{
    const size_t plane = size_t(height) * size_t(width);
    if (channels == 3) {
        QImage image(width, height, QImage::Format_RGB888);
        for (int y = 0; y < height; ++y) {
            uchar *line = image.scanLine(y);
            for (int x = 0; x < width; ++x) {
                const size_t at = size_t(y) * size_t(width) + size_t(x);
                line[3 * x] = pixels[at];
                line[3 * x + 1] = pixels[plane + at];
                line[3 * x + 2] = pixels[2 * plane + at];
            }
        }
        return image;
    }
    QImage image(width, height, QImage::Format_Grayscale8);
    for (int y = 0; y < height; ++y)
        std::copy_n(pixels + size_t(y) * size_t(width), width, image.scanLine(y));
    return image;
}

PreviewData makePreview(const datasets::DatasetContent &content, int maxImages, int maxRows)
{
    PreviewData preview;
    preview.samples = content.samples();
    preview.isImage = content.kind == datasets::DatasetKind::Image;
    preview.labelName = QString::fromStdString(content.labelName);
    if (preview.isImage)
        addImages(content, maxImages, preview);
    else
        addRows(content, maxRows, preview);
    return preview;
}

PreviewData readPreview(const std::filesystem::path &dir, const QString &ref)
{
    PreviewData preview;
    try {
        workspace::Workspace workspace(dir);
        datasets::DatasetStore store(workspace);
        const datasets::VersionInfo version = store.show(ref.toStdString());
        preview = makePreview(store.load(version));
        preview.columnStats = version.columnStats;
    } catch (const std::exception &e) {
        preview = {};
        preview.error = QString::fromUtf8(e.what());
    }
    preview.ref = ref;
    return preview;
}

} // namespace dllab::ui
