// MainWindow's sweeps: the Sweeps page, the New Sweep dialog, and what the window does when a
// sweep it runs ends or a control request fails.
#include "ui/shell/main_window.h"

#include "ui/datasets/dataset_tree_model.h"
#include "ui/datasets/datasets_view.h"
#include "ui/shell/error_banner.h"
#include "ui/sweeps/new_sweep_dialog.h"
#include "ui/sweeps/sweep_controller.h"
#include "ui/sweeps/sweeps_view.h"

#include <QStatusBar>

namespace dllab::ui {

QWidget *MainWindow::createSweepPage()
{
    m_sweeps = new SweepsView(m_sweepController, m_monitor);
    connect(m_sweeps, &SweepsView::newSweepRequested, this, [this] { openNewSweepDialog(); });
    connect(m_sweeps, &SweepsView::openRunRequested, this, &MainWindow::showRun);
    connect(m_sweeps, &SweepsView::exportRunRequested, this, &MainWindow::openExportDialog);
    connect(m_sweeps, &SweepsView::controlFailed, this, [this](const QString &message) {
        m_banner->showError(tr("Could not control the sweep"), message);
    });
    connect(m_sweeps, &SweepsView::selectionFailed, this,
            [this](const QString &message) { m_banner->showError(tr("No such sweep"), message); });
    connect(m_sweepController, &SweepController::sweepEnded, this,
            [this](qint64 id, sweep::SweepStatus status, const QString &error) {
                if (!error.isEmpty())
                    m_banner->showError(status == sweep::SweepStatus::Failed
                                            ? tr("Sweep %1 failed").arg(id)
                                            : tr("Sweep %1 gave no result").arg(id),
                                        error);
                statusBar()->showMessage(
                    tr("Sweep %1: %2").arg(id).arg(QLatin1String(sweep::statusName(status))),
                    kStatusMs);
            });
    return m_sweeps;
}

void MainWindow::showSweep(qint64 sweepId)
{
    setView(View::Sweeps);
    m_sweeps->selectSweepWhenListed(sweepId);
}

NewSweepDialog *MainWindow::openNewSweepDialog()
{
    auto *dialog = new NewSweepDialog(m_datasets->model()->versions(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_sweepController->launch(dialog->spec());
        setView(View::Sweeps);
        statusBar()->showMessage(tr("Sweep started"), kStatusMs);
    });
    dialog->open(); // window-modal without a nested event loop
    return dialog;
}

} // namespace dllab::ui
