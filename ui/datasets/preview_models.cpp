#include "ui/datasets/preview_models.h"

#include <QFont>

#include <algorithm>

namespace dllab::ui {

namespace {

constexpr int kTargetThumbnail = 56;  // 28 x 28 digits at 2x
constexpr int kLargestThumbnail = 96; // bigger images are scaled down smoothly

} // namespace

ImagePreviewModel::ImagePreviewModel(QObject *parent) : QAbstractListModel(parent) {}

QSize ImagePreviewModel::thumbnailSize(const QSize &imageSize)
{
    const int side = std::max(imageSize.width(), imageSize.height());
    if (side <= 0)
        return {};
    if (side > kLargestThumbnail)
        return imageSize.scaled(kLargestThumbnail, kLargestThumbnail, Qt::KeepAspectRatio);
    const int factor = std::max(1, kTargetThumbnail / side);
    return imageSize * factor;
}

void ImagePreviewModel::setPreview(const PreviewData &preview)
{
    beginResetModel();
    m_thumbnails.clear();
    m_labels.clear();
    if (preview.isImage) {
        for (const QImage &image : preview.images) {
            const QSize size = thumbnailSize(image.size());
            const bool enlarge = size.width() >= image.width();
            m_thumbnails << QPixmap::fromImage(
                image.scaled(size, Qt::KeepAspectRatio,
                             enlarge ? Qt::FastTransformation : Qt::SmoothTransformation));
        }
        m_labels = preview.labels;
    }
    endResetModel();
}

int ImagePreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_thumbnails.size());
}

QVariant ImagePreviewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return row < m_labels.size() ? m_labels[row] : QString();
    case Qt::DecorationRole:
        return m_thumbnails[row];
    case Qt::ToolTipRole:
        return tr("sample %1: %2").arg(row).arg(row < m_labels.size() ? m_labels[row] : QString());
    default:
        return {};
    }
}

TablePreviewModel::TablePreviewModel(QObject *parent) : QAbstractTableModel(parent) {}

void TablePreviewModel::setPreview(const PreviewData &preview)
{
    beginResetModel();
    m_columns.clear();
    m_rows.clear();
    m_labels.clear();
    if (!preview.isImage && preview.error.isEmpty()) {
        m_columns = preview.columns;
        m_columns << (preview.labelColumn.isEmpty() ? tr("label") : preview.labelColumn);
        m_rows = preview.rows;
        m_labels = preview.labels;
    }
    endResetModel();
}

int TablePreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TablePreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant TablePreviewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const bool isLabel = index.column() == m_columns.size() - 1;
    switch (role) {
    case Qt::DisplayRole: {
        if (isLabel)
            return index.row() < m_labels.size() ? m_labels[index.row()] : QString();
        const QStringList &row = m_rows[index.row()];
        return index.column() < row.size() ? row[index.column()] : QString();
    }
    case Qt::TextAlignmentRole:
        return int(isLabel ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole: {
        if (!isLabel)
            return {};
        QFont font;
        font.setBold(true);
        return font;
    }
    default:
        return {};
    }
}

QVariant TablePreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section; // the sample index, as the engine and the CLI count
    return section >= 0 && section < m_columns.size() ? m_columns[section] : QVariant();
}

} // namespace dllab::ui
