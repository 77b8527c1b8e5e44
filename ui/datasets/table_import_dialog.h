#pragma once
// Before a CSV is imported: its dataset name, the label column, each column's type (inferred, or
// set by the user), its missing cells, the first rows and the importer's notes or error, all
// from the real importer run on a worker (newest request wins; a stale read is stopped). Import
// hands the choices back as ImportOptions; the caller starts the import. GUI thread only; owns
// its widgets and models.
#include "datasets/csv_preview.h"
#include "ui/shell/latest_read.h"

#include <QDialog>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>
#include <stop_token>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace dllab::ui {

class ImportColumnModel;
class TablePreviewModel;

class TableImportDialog : public QDialog {
    Q_OBJECT
public:
    // Reads the file's preview at once.
    explicit TableImportDialog(const QString &path, QWidget *parent = nullptr);
    ~TableImportDialog() override;

    QString path() const { return m_path; }
    QString datasetName() const;
    void setDatasetName(const QString &name);
    QString labelColumn() const;
    // False when the file has no such column (or its header is not read yet).
    bool setLabelColumn(const QString &column);
    // nullopt: the inferred type. False for an unknown column or the label.
    bool setColumnType(const QString &column, std::optional<datasets::ColumnType> type);
    // What Import applies: the label, the overrides (CSV format).
    datasets::ImportOptions options() const;

    // True from a change until its preview is shown.
    bool isReading() const { return m_read.busy(); }
    QString errorText() const;
    QString notesText() const;
    QPushButton *importButton() const { return m_import; }
    ImportColumnModel *columnModel() const { return m_columns; }
    TablePreviewModel *rowsModel() const { return m_rows; }

Q_SIGNALS:
    // A preview (or its error) is shown.
    void previewShown();

private:
    struct Answer {
        datasets::CsvPreview preview;
        bool stopped = false;
    };
    void layOut();
    void requestPreview();
    void showAnswer(Answer answer);
    void showProgress();
    void onLabelChosen(int index);
    void updateImportButton();

    QString m_path;
    QLineEdit *m_name;
    QComboBox *m_label;
    QComboBox *m_task; // auto, classification or regression (ImportOptions::task)
    QTableView *m_columnsView;
    QTableView *m_rowsView;
    QLabel *m_summary;
    QLabel *m_notes;
    QLabel *m_error;
    QPushButton *m_import = nullptr;
    ImportColumnModel *m_columns;
    TablePreviewModel *m_rows;
    QTimer m_progressTimer;
    std::stop_source m_stop;                      // of the read in flight
    std::shared_ptr<std::atomic<int>> m_progress; // its permille
    bool m_hasError = false;
    bool m_headerShown = false;
    LatestRead<Answer> m_read{this};
};

} // namespace dllab::ui
