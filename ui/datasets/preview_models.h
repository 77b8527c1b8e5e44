#pragma once
// Item models over a PreviewData: the thumbnails of an image dataset (icon + class name) and the
// first rows of a table (feature columns + label). GUI thread only.
#include "ui/datasets/preview_data.h"

#include <QAbstractListModel>
#include <QAbstractTableModel>
#include <QPixmap>

namespace dllab::ui {

class ImagePreviewModel : public QAbstractListModel {
    Q_OBJECT
public:
    explicit ImagePreviewModel(QObject *parent = nullptr);

    void setPreview(const PreviewData &preview);
    // The thumbnail box; small images are scaled up by a whole factor (crisp pixels).
    static QSize thumbnailSize(const QSize &imageSize);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<QPixmap> m_thumbnails;
    QStringList m_labels;
};

class TablePreviewModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit TablePreviewModel(QObject *parent = nullptr);

    void setPreview(const PreviewData &preview);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QStringList m_columns; // features, then "label"
    QList<QStringList> m_rows;
    QStringList m_labels;
};

} // namespace dllab::ui
