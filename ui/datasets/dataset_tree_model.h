#pragma once
// The datasets of a workspace as a tree: top level = datasets (by name), children = their
// versions, newest first. setDatasets() merges a fresh listing: appended versions and new
// datasets arrive as row inserts, so selection and expansion survive a refresh. GUI thread only.
#include "datasets/dataset_store.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace dllab::ui {

class DatasetTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        VersionColumn,
        DateColumn,
        SamplesColumn,
        MessageColumn,
        HashColumn,
        ColumnCount
    };
    enum Role {
        RefRole = Qt::UserRole + 1, // "name@vN" on version rows, empty on dataset rows
        DatasetNameRole,
        VersionNumberRole, // 0 on dataset rows
    };

    explicit DatasetTreeModel(QObject *parent = nullptr);
    ~DatasetTreeModel() override;

    void setDatasets(std::vector<datasets::DatasetSummary> datasets);
    void clear() { setDatasets({}); }

    int datasetCount() const { return int(m_datasets.size()); }
    // Every version shown, dataset by dataset (the New Run and New Sweep dialogs offer them).
    std::vector<datasets::VersionInfo> versions() const;
    // The version row's info, or nullptr for a dataset row or an invalid index.
    const datasets::VersionInfo *versionAt(const QModelIndex &index) const;
    // number 0 means the latest version.
    QModelIndex versionIndex(const QString &dataset, int number = 0) const;
    QModelIndex datasetIndex(const QString &dataset) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Node {
        std::string name;
        std::string createdAt;
        std::vector<datasets::VersionInfo> versions; // newest first, as shown
    };

    void mergeVersions(int row, std::vector<datasets::VersionInfo> newestFirst);
    int rowOf(const Node *node) const;
    QVariant datasetData(const Node &node, int column, int role) const;
    QVariant versionData(const datasets::VersionInfo &version, int column, int role) const;

    // unique_ptr: a version index points at its dataset's node, which must not move.
    std::vector<std::unique_ptr<Node>> m_datasets; // sorted by name
};

// "2024-05-01T12:34:56Z" -> "2024-05-01 14:34" in local time; unparseable text unchanged.
QString displayDate(const std::string &isoUtc);

} // namespace dllab::ui
