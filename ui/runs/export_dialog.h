#pragma once
// The Export dialog on a finished run: pick formats (TorchScript, ONNX, TorchServe .mar, Triton)
// and a folder, export on a JobRunner thread (engine export/, never on the GUI thread), then
// show what was written, the parity check against the trained model and how long it took. GUI
// thread only; owns its widgets. The job belongs to a longer-lived owner (setJobOwner; else the
// application) and deletes itself when it ends, so closing the dialog mid-export never waits for
// the job thread: the export is cancelled and finishes on its own.
#include "ui/shell/job_handle.h"

#include <QDialog>
#include <QPointer>

#include <nlohmann/json.hpp>

#include <filesystem>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace dllab::ui {

class JobRunner;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(std::filesystem::path workspaceDir, qint64 runId, const QString &runName,
                 QWidget *parent = nullptr);
    ~ExportDialog() override;

    void setOutputFolder(const QString &folder);
    QString outputFolder() const;
    // "torchscript", "onnx", "torchserve", "triton"
    void setFormatChecked(const QString &format, bool checked);
    void setReplaceExisting(bool replace);
    // Parent of the jobs started from now on (the window's job controller, which cancels them
    // when the window closes); not owned.
    void setJobOwner(QObject *owner);

    // Starts the export (as the Export button does); the job, or null when the form is invalid
    // (the reason is shown in the dialog).
    JobRunner *startExport();
    bool isExporting() const;
    // The engine's report of the last export that succeeded (files, parity, timings); null before.
    const nlohmann::json &report() const { return m_report; }

    QTableWidget *filesTable() const { return m_files; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *parityLabel() const { return m_parity; }
    QPushButton *exportButton() const { return m_export; }
    QPushButton *openFolderButton() const { return m_openFolder; }

Q_SIGNALS:
    // The job, so that the window can list it in its jobs panel.
    void exportStarted(dllab::ui::JobRunner *runner);

private:
    void chooseFolder();
    void onFinished(JobState state, const QString &message, nlohmann::json report);
    void showReport();
    void setBusy(bool busy);

    std::filesystem::path m_workspaceDir;
    qint64 m_runId;
    QString m_runName;
    QPointer<QWidget> m_keysBeforeBusy;
    QCheckBox *m_torchscript, *m_onnx, *m_torchserve, *m_triton;
    QLineEdit *m_folder;
    QCheckBox *m_replace;
    QProgressBar *m_progress;
    QLabel *m_status;
    QLabel *m_parity;
    QTableWidget *m_files;
    QPushButton *m_export;
    QPushButton *m_openFolder;
    QDialogButtonBox *m_buttons;
    QPointer<QObject> m_jobOwner;
    QPointer<JobRunner> m_job;
    nlohmann::json m_report;
};

} // namespace dllab::ui
