#pragma once
// The preview of one version: a thumbnail grid for images, the first rows and the column
// statistics (two tabs) for tables, or a message (nothing selected, loading, failed). Reads through
// a LatestRead, so the GUI thread never reads HDF5. GUI thread only.
#include "ui/datasets/preview_data.h"
#include "ui/shell/latest_read.h"

#include <QWidget>

#include <filesystem>

class QLabel;
class QListView;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace dllab::ui {

class ColumnStatsModel;
class ImagePreviewModel;
class TablePreviewModel;

class PreviewPane : public QWidget {
    Q_OBJECT
public:
    explicit PreviewPane(QWidget *parent = nullptr);

    void showVersion(const std::filesystem::path &workspaceDir, const QString &ref);
    void showMessage(const QString &message);

    bool isLoading() const;
    QString shownRef() const { return m_shownRef; } // the ref whose preview is on screen
    ImagePreviewModel *imageModel() const { return m_imageModel; }
    TablePreviewModel *tableModel() const { return m_tableModel; }
    ColumnStatsModel *columnModel() const { return m_columnModel; }
    QTabWidget *tableTabs() const { return m_tableTabs; } // Rows, Columns

Q_SIGNALS:
    // A requested preview is on screen (or its error is).
    void previewShown(const QString &ref);

private:
    void apply(const PreviewData &preview);

    LatestRead<PreviewData> m_read{this};
    ImagePreviewModel *m_imageModel;
    TablePreviewModel *m_tableModel;
    ColumnStatsModel *m_columnModel;
    QLabel *m_caption;
    QStackedWidget *m_stack;
    QLabel *m_message;
    QListView *m_thumbnails;
    QTableView *m_table;
    QTableView *m_columns;
    QTabWidget *m_tableTabs;
    QString m_shownRef;
};

} // namespace dllab::ui
