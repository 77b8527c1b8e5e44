// What MainWindow's menus and drops do: every one is an engine call (through a job, or a quick
// catalog read), plus choosing what to show afterwards.
#include "ui/shell/main_window.h"

#include "plots/recent_folder.h"
#include "ui/datasets/dataset_jobs.h"
#include "ui/datasets/datasets_view.h"
#include "ui/datasets/drop_import.h"
#include "ui/datasets/split_dialog.h"
#include "ui/datasets/table_import_dialog.h"
#include "ui/runs/run_controller.h"
#include "ui/runs/run_detail_view.h"
#include "ui/runs/runs_view.h"
#include "ui/shell/error_banner.h"
#include "ui/shell/workspace_monitor.h"
#include "ui/sweeps/sweep_controller.h"
#include "ui/sweeps/sweeps_view.h"
#include "workspace/workspace.h"

#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStatusBar>

#include <exception>
#include <thread>

namespace dllab::ui {

namespace {

// "name@vN" -> "name@v(N-1)"; empty for v1 or a ref without a number.
QString previousVersion(const QString &ref)
{
    try {
        const auto parsed = datasets::VersionRef::parse(ref.toStdString());
        if (parsed.number && *parsed.number > 1)
            return QStringLiteral("%1@v%2")
                .arg(QString::fromStdString(parsed.dataset))
                .arg(*parsed.number - 1);
    } catch (const std::exception &) {}
    return {};
}

} // namespace

std::vector<datasets::DatasetSummary>
MainWindow::listDatasetsOnWorker(const std::filesystem::path &dir)
{
    std::vector<datasets::DatasetSummary> listing;
    std::exception_ptr error;
    std::thread([&] {
        try {
            workspace::Workspace ws(dir);
            listing = datasets::DatasetStore(ws).list();
        } catch (...) {
            error = std::current_exception();
        }
    }).join();
    if (error)
        std::rethrow_exception(error);
    return listing;
}

void MainWindow::showDatasets(std::vector<datasets::DatasetSummary> listing)
{
    m_datasets->setDatasets(std::move(listing));
    updateWorkspaceLabels();
}

bool MainWindow::openWorkspace(const std::filesystem::path &dir)
{
    // A user's explicit switch: the window waits for the worker that opens the new workspace
    // (and says why it cannot), as it did before it first showed.
    std::vector<datasets::DatasetSummary> listing;
    try {
        listing = listDatasetsOnWorker(dir);
    } catch (const std::exception &e) {
        m_banner->showError(tr("Could not open workspace"), QString::fromUtf8(e.what()));
        return false;
    }
    // Running jobs keep their own Workspace and finish into the folder they started in.
    m_workspaceDir = dir;
    m_banner->hide();
    m_datasets->setWorkspaceDir(dir);
    m_monitor->setWorkspaceDir(dir);
    m_runController->setWorkspaceDir(dir);
    m_runs->setWorkspaceDir(dir);
    m_runDetail->setWorkspaceDir(dir);
    m_sweepController->setWorkspaceDir(dir);
    m_sweeps->setWorkspaceDir(dir);
    if (view() == View::RunDetail)
        setView(View::Runs);
    showDatasets(std::move(listing));
    statusBar()->showMessage(tr("Opened workspace %1").arg(QString::fromStdString(dir.string())),
                             kStatusMs);
    return true;
}

JobRunner *MainWindow::importPaths(const QStringList &paths, const QString &datasetName,
                                   const datasets::ImportOptions &options)
{
    if (paths.isEmpty() || datasetName.isEmpty())
        return nullptr;
    setView(View::Datasets);
    statusBar()->showMessage(tr("Importing %1…").arg(datasetName), kStatusMs);
    return m_jobs->startImport(m_workspaceDir, datasetName, paths, options);
}

TableImportDialog *MainWindow::openTableImportDialog(const QString &path)
{
    if (m_importDialog)
        m_importDialog->close(); // one preview at a time; a newer drop replaces it
    auto *dialog = new TableImportDialog(path, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_importDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        importPaths({dialog->path()}, dialog->datasetName(), dialog->options());
    });
    dialog->open(); // window-modal without a nested event loop
    return dialog;
}

JobRunner *MainWindow::splitVersion(const QString &ref, double valFraction, double testFraction,
                                    quint64 seed)
{
    statusBar()->showMessage(tr("Splitting %1…").arg(ref), kStatusMs);
    return m_jobs->startSplit(m_workspaceDir, ref, valFraction, testFraction, seed);
}

JobRunner *MainWindow::verifyVersion(const QString &ref)
{
    return m_jobs->startVerify(m_workspaceDir, ref);
}

JobRunner *MainWindow::deleteVersion(const QString &ref)
{
    JobRunner *job = m_jobs->startDelete(m_workspaceDir, ref);
    // The tree drops the version at the monitor's next read; ask for it now.
    connect(job, &JobRunner::finished, m_monitor, &WorkspaceMonitor::poke);
    return job;
}

JobRunner *MainWindow::compareWithPrevious(const QString &ref)
{
    const QString previous = previousVersion(ref);
    return previous.isEmpty() ? nullptr : m_jobs->startDiff(m_workspaceDir, previous, ref);
}

void MainWindow::updateDatasetMenu(const QString &ref)
{
    m_splitAction->setEnabled(!ref.isEmpty());
    m_verifyAction->setEnabled(!ref.isEmpty());
    m_deleteAction->setEnabled(!ref.isEmpty());
    m_compareAction->setEnabled(!previousVersion(ref).isEmpty());
}

bool MainWindow::selectVersion(const QString &ref)
{
    try {
        const auto parsed = datasets::VersionRef::parse(ref.toStdString());
        return m_datasets->selectVersion(QString::fromStdString(parsed.dataset),
                                         parsed.number.value_or(0)); // 0: the newest
    } catch (const std::exception &) {
        return false; // not NAME or NAME@vN
    }
}

void MainWindow::onVersionReady(const QString &ref, bool created,
                                const std::vector<datasets::DatasetSummary> &listing)
{
    m_banner->hide(); // an earlier failure is past: this import or split worked
    showDatasets(listing);
    selectVersion(ref);
    statusBar()->showMessage(created ? tr("Created %1").arg(ref)
                                     : tr("identical to %1; no new version").arg(ref),
                             kStatusMs);
}

void MainWindow::onJobFailed(const QString &jobName, const QString &message)
{
    m_banner->showError(tr("%1 failed").arg(jobName), message);
    statusBar()->showMessage(tr("%1 failed").arg(jobName), kStatusMs);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event) { dragMoveEvent(event); }

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    if (isTableFile(paths))
        openTableImportDialog(paths.first());
    else
        importPaths(paths, suggestedDatasetName(paths));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // The runners join their threads when the controller goes; asking them to stop first makes
    // that quick, and a stopped import leaves nothing behind.
    for (JobRunner *runner : m_jobs->findChildren<JobRunner *>())
        runner->cancel();
    // A training run is paused instead, so it keeps its checkpoint and can be resumed.
    m_runController->pauseAll();
    event->accept();
}

void MainWindow::chooseFilesToImport()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import dataset files"), plots::recentFolder(),
        tr("Datasets (*.csv *.tsv *.txt *.gz *ubyte *.npy);;All files (*)"));
    if (files.isEmpty())
        return;
    plots::rememberFolder(files.first());
    askNameAndImport(files);
}

void MainWindow::chooseFolderToImport()
{
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Import dataset folder"), plots::recentFolder());
    if (folder.isEmpty())
        return;
    plots::rememberFolder(QFileInfo(folder).absolutePath()); // next time: beside this one
    askNameAndImport({folder});
}

void MainWindow::askNameAndImport(const QStringList &paths)
{
    if (isTableFile(paths)) {
        openTableImportDialog(paths.first());
        return;
    }
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Import"), tr("Dataset name:"),
                                               QLineEdit::Normal, suggestedDatasetName(paths), &ok)
                             .trimmed();
    if (ok && !name.isEmpty())
        importPaths(paths, name);
}

void MainWindow::chooseWorkspace()
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open workspace"), QString::fromStdString(m_workspaceDir.string()));
    if (!dir.isEmpty())
        openWorkspace(dir.toStdString());
}

void MainWindow::askAndSplit()
{
    const QString ref = m_datasets->currentRef();
    const datasets::VersionInfo *version = m_datasets->currentVersion();
    if (ref.isEmpty() || !version)
        return;
    const auto test = version->splits.find("test");
    SplitDialog dialog(ref, version->samples, test == version->splits.end() ? 0 : test->second,
                       this);
    if (dialog.exec() == QDialog::Accepted)
        splitVersion(ref, dialog.valFraction(), dialog.testFraction(), dialog.seed());
}

void MainWindow::askAndDelete()
{
    const QString ref = m_datasets->currentRef();
    const datasets::VersionInfo *version = m_datasets->currentVersion();
    if (ref.isEmpty() || !version)
        return;
    QMessageBox ask(QMessageBox::Question, tr("Delete %1").arg(ref),
                    tr("Delete %1 (%2 samples)? Its file is removed from the workspace; this "
                       "cannot be undone. A version that runs trained on is kept.")
                        .arg(ref)
                        .arg(version->samples),
                    QMessageBox::Cancel, this);
    QPushButton *remove = ask.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    ask.setDefaultButton(QMessageBox::Cancel); // Enter on a reflex keeps the data
    ask.exec();
    if (ask.clickedButton() == remove)
        deleteVersion(ref);
}

} // namespace dllab::ui
