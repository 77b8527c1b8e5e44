#pragma once
// The Datasets page: the tree of datasets and versions on the left; for the selected version,
// its preview, class distribution and schema on the right. Selecting a dataset row shows its
// newest version. GUI thread only; owns its model and panes.
#include "datasets/dataset_store.h"

#include <QWidget>

#include <filesystem>

class QTreeView;

namespace dllab::plots {
class ClassDistributionChart;
}

namespace dllab::ui {

class DatasetTreeModel;
class PreviewPane;
class SchemaForm;

class DatasetsView : public QWidget {
    Q_OBJECT
public:
    explicit DatasetsView(QWidget *parent = nullptr);

    // Forgets the datasets of the previous workspace; setDatasets() fills the tree again.
    void setWorkspaceDir(const std::filesystem::path &dir);
    // Merges a fresh listing into the tree; the selection stays where it was when it still exists.
    void setDatasets(std::vector<datasets::DatasetSummary> datasets);
    // number 0: the newest version. False when there is no such version.
    bool selectVersion(const QString &dataset, int number = 0);
    // The version whose details are shown, or nullptr.
    const datasets::VersionInfo *currentVersion() const;
    QString currentRef() const;
    bool isPreviewLoading() const;

    DatasetTreeModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    PreviewPane *previewPane() const { return m_preview; }
    plots::ClassDistributionChart *chart() const { return m_chart; }
    SchemaForm *schemaForm() const { return m_schema; }

Q_SIGNALS:
    void currentVersionChanged(const QString &ref); // empty when nothing is selected
    void previewShown(const QString &ref);

private:
    void showCurrent();

    std::filesystem::path m_workspaceDir;
    DatasetTreeModel *m_model;
    QTreeView *m_tree;
    PreviewPane *m_preview;
    plots::ClassDistributionChart *m_chart;
    SchemaForm *m_schema;
    QString m_shownRef;
};

} // namespace dllab::ui
