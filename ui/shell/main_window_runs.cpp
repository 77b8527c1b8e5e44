// MainWindow's training runs: the Runs and run detail pages, the New Run dialog, and what the
// window does when a run it trains ends.
#include "ui/shell/main_window.h"

#include "ui/datasets/dataset_jobs.h"
#include "ui/datasets/dataset_tree_model.h"
#include "ui/datasets/datasets_view.h"
#include "ui/datasets/table_import_dialog.h"
#include "ui/runs/export_dialog.h"
#include "ui/runs/new_run_dialog.h"
#include "ui/runs/run_actions.h"
#include "ui/runs/run_controller.h"
#include "ui/runs/run_detail_view.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_view.h"
#include "ui/runs/try_it_dialog.h"
#include "ui/shell/error_banner.h"
#include "ui/shell/jobs_panel.h"
#include "ui/shell/workspace_monitor.h"
#include "ui/sweeps/sweeps_view.h"

#include <QComboBox>
#include <QStatusBar>

namespace dllab::ui {

QWidget *MainWindow::createRunPages()
{
    m_runs = new RunsView(m_runController, m_monitor);
    m_runDetail = new RunDetailView(m_monitor);
    connect(m_runs, &RunsView::newRunRequested, this, [this] { openNewRunDialog(); });
    connect(m_runs, &RunsView::openRequested, this, &MainWindow::showRun);
    connect(m_monitor, &WorkspaceMonitor::runsChanged, this, &MainWindow::onRunsListed);
    connect(m_runDetail, &RunDetailView::backRequested, this, [this] { setView(View::Runs); });
    // The run buttons of the Runs page and of a run's page do the same.
    for (RunActions *actions : {m_runs->actions(), m_runDetail->actions()}) {
        connect(actions, &RunActions::pauseClicked, m_runController, &RunController::pause);
        connect(actions, &RunActions::cancelClicked, m_runController, &RunController::cancel);
        connect(actions, &RunActions::resumeClicked, this, [this](qint64 id) {
            const training::RunRecord *record = m_runs->model()->runById(id);
            m_runController->resume(id, record ? QString::fromStdString(record->name) : QString());
        });
        connect(actions, &RunActions::cloneClicked, this,
                [this](qint64 id) { openNewRunDialog(id); });
        connect(actions, &RunActions::exportClicked, this, &MainWindow::openExportDialog);
        connect(actions, &RunActions::tryItClicked, this, &MainWindow::openTryItDialog);
        connect(actions, &RunActions::changed, this, &MainWindow::updateRunMenu);
    }
    return m_runs;
}

void MainWindow::showRun(qint64 runId)
{
    m_wantedRun = runId;
    setView(View::RunDetail);
    // Only the newest request is answered: an older one may be listed after it.
    const auto stillWanted = [this, runId] {
        if (m_wantedRun != runId)
            return false;
        m_wantedRun = 0;
        return true;
    };
    m_monitor->whenListed(
        runId,
        [this, stillWanted](const training::RunRecord &record) {
            if (stillWanted())
                m_runDetail->setRecord(record);
        },
        [this, runId, stillWanted] {
            if (stillWanted())
                m_banner->showError(tr("No such run"),
                                    tr("There is no run %1 in this workspace.").arg(runId));
        });
}

void MainWindow::onRunsListed()
{
    if (const training::RunRecord *record = m_monitor->run(m_runDetail->runId()))
        m_runDetail->setRecord(*record); // the shown run as it is now
}

bool MainWindow::isLoading() const
{
    if (m_importDialog && m_importDialog->isVisible())
        return m_importDialog->isReading();
    if (const auto *exporting = qobject_cast<const ExportDialog *>(m_runDialog.data()))
        return exporting->isExporting();
    if (const auto *trying = qobject_cast<const TryItDialog *>(m_runDialog.data()))
        return trying->isBusy();
    switch (view()) {
    case View::Datasets:
        return m_datasets->isPreviewLoading();
    case View::Runs:
        return m_runs->isLoading();
    case View::RunDetail:
        return m_runs->isLoading() || m_wantedRun != 0 || m_runDetail->isLoading();
    case View::Sweeps:
        return m_sweeps->isLoading();
    }
    return false;
}

NewRunDialog *MainWindow::openNewRunDialog(qint64 cloneOf)
{
    // The versions as listed; the augmentation grid reads samples from the workspace.
    auto *dialog = new NewRunDialog(m_datasets->model()->versions(), this, m_workspaceDir);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // A new run trains the version chosen in the Datasets view, as the user last saw it.
    if (const QString chosen = m_datasets->currentRef();
        !chosen.isEmpty() && dialog->datasetCombo()->findText(chosen) >= 0)
        dialog->datasetCombo()->setCurrentText(chosen);
    if (cloneOf > 0) {
        if (const training::RunRecord *record = m_runs->model()->runById(cloneOf)) {
            dialog->setSpec(record->spec);
            dialog->setWindowTitle(tr("Clone %1").arg(QString::fromStdString(record->name)));
        }
    }
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // The new run is selected once it is created and listed, so its charts fill in live.
        const QPointer<RunHandle> handle = m_runController->launch(dialog->spec());
        connect(
            m_runController, &RunController::runCreated, this,
            [this, handle](qint64 runId) {
                if (handle && handle->runId() == runId)
                    m_monitor->whenListed(runId, [this, runId](const training::RunRecord &) {
                        m_runs->selectRuns({QString::number(runId)});
                    });
            },
            Qt::SingleShotConnection);
        setView(View::Runs);
        statusBar()->showMessage(tr("Training started"), kStatusMs);
    });
    dialog->open(); // window-modal without a nested event loop
    return dialog;
}

// The Export or Try it dialog on a run the list has: window-modal, deleted when closed, and the
// one a screenshot shows. Null, with the reason in the banner, for a run the list lacks.
template <class Dialog> Dialog *MainWindow::openRunDialog(qint64 runId, const QString &failure)
{
    const training::RunRecord *record = m_runs->model()->runById(runId);
    if (!record) {
        m_banner->showError(failure.arg(runId),
                            tr("The run list does not have it (yet); try again in a moment."));
        return nullptr;
    }
    auto *dialog = new Dialog(m_workspaceDir, runId, QString::fromStdString(record->name), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_runDialog = dialog;
    dialog->open();
    return dialog;
}

ExportDialog *MainWindow::openExportDialog(qint64 runId)
{
    auto *dialog = openRunDialog<ExportDialog>(runId, tr("Cannot export run %1"));
    if (dialog) {
        dialog->setJobOwner(m_jobs); // outlives the dialog; the window cancels its jobs on close
        connect(dialog, &ExportDialog::exportStarted, m_jobsPanel, &JobsPanel::addJob);
    }
    return dialog;
}

TryItDialog *MainWindow::openTryItDialog(qint64 runId)
{
    return openRunDialog<TryItDialog>(runId, tr("Cannot try run %1"));
}

QWidget *MainWindow::screenshotTarget()
{
    if (m_importDialog && m_importDialog->isVisible())
        return m_importDialog;
    return m_runDialog && m_runDialog->isVisible() ? static_cast<QWidget *>(m_runDialog) : this;
}

void MainWindow::onRunEnded(qint64 runId, training::RunStatus status, const QString &error)
{
    if (status == training::RunStatus::Failed)
        m_banner->showError(tr("Run %1 failed").arg(runId), error);
    statusBar()->showMessage(
        tr("Run %1: %2").arg(runId).arg(QLatin1String(training::statusName(status))), kStatusMs);
}

} // namespace dllab::ui
