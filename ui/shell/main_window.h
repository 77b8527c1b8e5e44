#pragma once
// The main window: navigation (Datasets, Runs, Sweeps), the views, the jobs panel, an error
// banner and the status bar; menus for import, workspace and dataset actions; drops of local
// files and folders start an import. GUI thread only; owns its views, controllers and monitor;
// it never opens the workspace on the GUI thread (each job and read opens its own).
#include "datasets/dataset_store.h"

#include "training/run_status.h"

#include <QMainWindow>
#include <QPointer>

#include <filesystem>
#include <utility>
#include <vector>

class QAction;
class QDialog;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace dllab::ui {

class DatasetJobs;
class DatasetsView;
class ExportDialog;
class NewRunDialog;
class NewSweepDialog;
class TryItDialog;
class RunActions;
class RunController;
class WorkspaceMonitor;
class RunDetailView;
class RunsView;
class SweepController;
class SweepsView;
class TableImportDialog;
class ErrorBanner;
class JobRunner;
class JobsPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class View { Datasets, Runs, Sweeps, RunDetail };

    // Throws dllab::Error when the workspace cannot be opened.
    explicit MainWindow(const std::filesystem::path &workspaceDir, QWidget *parent = nullptr);

    const std::filesystem::path &workspaceDir() const { return m_workspaceDir; }
    View view() const;
    void setView(View view);
    // "datasets" | "runs" | "sweeps" | "run:ID" | "sweep:ID"; false for anything else.
    bool setView(const QString &name);
    // True while the current view still loads what it shows (a preview, runs, metric points).
    bool isLoading() const;

    DatasetsView *datasetsView() const { return m_datasets; }
    JobsPanel *jobsPanel() const { return m_jobsPanel; }
    ErrorBanner *errorBanner() const { return m_banner; }
    RunsView *runsView() const { return m_runs; }
    RunDetailView *runDetailView() const { return m_runDetail; }
    RunController *runController() const { return m_runController; }
    SweepsView *sweepsView() const { return m_sweeps; }
    SweepController *sweepController() const { return m_sweepController; }
    WorkspaceMonitor *monitor() const { return m_monitor; }

public Q_SLOTS:
    // Opens another workspace; on failure shows why and keeps the current one.
    bool openWorkspace(const std::filesystem::path &dir);
    JobRunner *importPaths(const QStringList &paths, const QString &datasetName,
                           const datasets::ImportOptions &options = {});
    // The import preview of a CSV file (owned by the window, deleted when closed); Import starts
    // the import with its choices. Drops and File > Import open it for a table file.
    TableImportDialog *openTableImportDialog(const QString &path);
    JobRunner *splitVersion(const QString &ref, double valFraction, double testFraction,
                            quint64 seed);
    JobRunner *verifyVersion(const QString &ref);
    // Deletes a version no run uses (the engine refuses one a run uses; the banner says why).
    JobRunner *deleteVersion(const QString &ref);
    // Compares "name@vN" with vN-1; null for a first version.
    JobRunner *compareWithPrevious(const QString &ref);
    // "name@vN" or "name" (its newest version); false when there is no such version.
    bool selectVersion(const QString &ref);
    // Shows run `runId` in the run detail page (once the run list has it).
    void showRun(qint64 runId);
    // The New Run dialog, empty or filled from run `cloneOf`; returns the dialog (owned by the
    // window, deleted when closed) so tests can fill it in.
    NewRunDialog *openNewRunDialog(qint64 cloneOf = 0);
    // The New Sweep dialog (owned by the window, deleted when closed); OK launches the sweep.
    NewSweepDialog *openNewSweepDialog();
    // Shows sweep `sweepId` in the Sweeps page (once the sweep list has it).
    void showSweep(qint64 sweepId);
    // The Export and Try it dialogs on run `runId` (owned by the window, deleted when closed);
    // null when the run list does not have that run.
    ExportDialog *openExportDialog(qint64 runId);
    TryItDialog *openTryItDialog(qint64 runId);
    // The open dialog a screenshot should show (Export, Try it, table import), else the window.
    QWidget *screenshotTarget();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    // How long a status-bar message stays.
    static constexpr int kStatusMs = 10000;

    void createMenus();
    template <class Dialog> Dialog *openRunDialog(qint64 runId, const QString &failure);
    QWidget *createCentralArea();
    void createJobsDock();
    void chooseFilesToImport();
    void chooseFolderToImport();
    // A table file gets the import preview; anything else only asks for the dataset name.
    void askNameAndImport(const QStringList &paths);
    void chooseWorkspace();
    void askAndSplit();
    // Asks before deleting the chosen version: its file goes, and no undo brings it back.
    void askAndDelete();
    void onVersionReady(const QString &ref, bool created,
                        const std::vector<datasets::DatasetSummary> &listing);
    void showDatasets(std::vector<datasets::DatasetSummary> listing);
    // Opens the workspace at `dir` and lists its datasets on a thread of its own, and waits;
    // throws what opening it threw.
    static std::vector<datasets::DatasetSummary>
    listDatasetsOnWorker(const std::filesystem::path &dir);
    void onJobFailed(const QString &jobName, const QString &message);
    void updateWorkspaceLabels();
    QWidget *createRunPages();
    void onRunsListed();
    void onRunEnded(qint64 runId, training::RunStatus status, const QString &error);
    QWidget *createSweepPage();
    // The run buttons the Run menu acts on: the Runs page's or the run page's; null elsewhere.
    RunActions *currentRunActions() const;
    void updateRunMenu();

    std::filesystem::path m_workspaceDir;
    DatasetJobs *m_jobs;
    RunController *m_runController;
    SweepController *m_sweepController;
    WorkspaceMonitor *m_monitor;
    std::vector<std::pair<QAction *, QPushButton *(RunActions::*)() const>> m_runMenu;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    DatasetsView *m_datasets = nullptr;
    RunsView *m_runs = nullptr;
    RunDetailView *m_runDetail = nullptr;
    SweepsView *m_sweeps = nullptr;
    QPointer<QDialog> m_runDialog; // the open Export or Try it dialog
    QPointer<TableImportDialog> m_importDialog;
    qint64 m_wantedRun = 0; // shown in the detail page once the run list has it
    ErrorBanner *m_banner = nullptr;
    JobsPanel *m_jobsPanel = nullptr;
    QLabel *m_workspaceLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QAction *m_splitAction = nullptr;
    QAction *m_verifyAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_deleteAction = nullptr;
    // The Dataset menu's items, enabled for the version chosen in the tree.
    void updateDatasetMenu(const QString &ref);
};

} // namespace dllab::ui
