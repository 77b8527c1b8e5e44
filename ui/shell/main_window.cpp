// MainWindow's construction: layout, menus, navigation and status bar. What the actions do is in
// main_window_actions.cpp.
#include "ui/shell/main_window.h"

#include "ui/datasets/dataset_jobs.h"
#include "ui/datasets/dataset_tree_model.h"
#include "ui/datasets/datasets_view.h"
#include "ui/runs/run_actions.h"
#include "ui/runs/run_controller.h"
#include "ui/runs/run_detail_view.h"
#include "ui/runs/runs_view.h"
#include "ui/shell/error_banner.h"
#include "ui/shell/jobs_panel.h"
#include "ui/shell/workspace_monitor.h"
#include "ui/sweeps/sweep_controller.h"
#include "ui/sweeps/sweeps_view.h"

#include <QAbstractItemView>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace dllab::ui {

MainWindow::MainWindow(const std::filesystem::path &workspaceDir, QWidget *parent)
    : QMainWindow(parent), m_workspaceDir(workspaceDir), m_jobs(new DatasetJobs(this)),
      m_runController(new RunController(this)),
      m_sweepController(new SweepController(m_runController, this)),
      m_monitor(new WorkspaceMonitor(this))
{
    m_monitor->setWorkspaceDir(workspaceDir);
    m_runController->setWorkspaceDir(workspaceDir);
    m_sweepController->setWorkspaceDir(workspaceDir);
    setObjectName(QStringLiteral("mainWindow"));
    // Where the keys go must be plain to see: the style's own focus frame on a list or table is
    // a faint line. A 2 px accent frame marks the focused one (its dialogs' lists too); the
    // others keep a grey one as wide, so the contents do not shift as the focus moves.
    setStyleSheet(QStringLiteral("QAbstractItemView { border: 2px solid #d0d5dd; }"
                                 "QAbstractItemView:focus { border-color: #2563eb; }"
                                 "QHeaderView { border: none; }"));
    setAcceptDrops(true);
    setCentralWidget(createCentralArea());
    createJobsDock();
    createMenus();
    updateRunMenu();
    // Tab moves between the window's parts; in a table it would only walk the cells (and, with
    // whole-row selection, silently change the selection). Arrows walk the cells.
    for (QAbstractItemView *itemView : findChildren<QAbstractItemView *>())
        itemView->setTabKeyNavigation(false);

    m_workspaceLabel = new QLabel;
    m_countLabel = new QLabel;
    statusBar()->addPermanentWidget(m_workspaceLabel);
    statusBar()->addPermanentWidget(m_countLabel);

    connect(m_jobs, &DatasetJobs::jobStarted, m_jobsPanel, &JobsPanel::addJob);
    connect(m_jobs, &DatasetJobs::versionReady, this, &MainWindow::onVersionReady);
    connect(m_jobs, &DatasetJobs::jobFailed, this, &MainWindow::onJobFailed);
    connect(m_jobs, &DatasetJobs::reported, this, [this](const QString &, const QString &report) {
        statusBar()->showMessage(report, kStatusMs);
    });
    connect(m_jobs, &DatasetJobs::jobCancelled, this, [this](const QString &name) {
        statusBar()->showMessage(tr("%1: cancelled").arg(name), 10000);
    });
    connect(m_datasets, &DatasetsView::currentVersionChanged, this, &MainWindow::updateDatasetMenu);

    connect(m_runController, &RunController::jobStarted, m_jobsPanel, &JobsPanel::addJob);
    connect(m_sweepController, &SweepController::jobStarted, m_jobsPanel, &JobsPanel::addJob);
    connect(m_runController, &RunController::runEnded, this, &MainWindow::onRunEnded);
    // What this window starts shows at once, not at the monitor's next idle tick.
    connect(m_runController, &RunController::runCreated, m_monitor, &WorkspaceMonitor::poke);
    connect(m_runController, &RunController::controlFailed, this, [this](const QString &message) {
        m_banner->showError(tr("Could not control the run"), message);
    });

    connect(m_monitor, &WorkspaceMonitor::datasetsChanged, this,
            [this] { showDatasets(m_monitor->datasets()); });
    m_datasets->setWorkspaceDir(m_workspaceDir);
    m_runs->setWorkspaceDir(m_workspaceDir);
    m_runDetail->setWorkspaceDir(m_workspaceDir);
    m_sweeps->setWorkspaceDir(m_workspaceDir);
    updateWorkspaceLabels();
    // The one read the window waits for, before it shows: what --select and the first paint
    // need. It runs on a worker; the GUI thread itself never opens the workspace.
    showDatasets(listDatasetsOnWorker(m_workspaceDir));
    resize(1280, 800);
}

QWidget *MainWindow::createCentralArea()
{
    m_navigation = new QListWidget;
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setFixedWidth(112);
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setSpacing(2);
    QStyle *s = style();
    new QListWidgetItem(s->standardIcon(QStyle::SP_DirIcon), tr("Datasets"), m_navigation);
    new QListWidgetItem(s->standardIcon(QStyle::SP_MediaPlay), tr("Runs"), m_navigation);
    new QListWidgetItem(s->standardIcon(QStyle::SP_BrowserReload), tr("Sweeps"), m_navigation);

    m_datasets = new DatasetsView;
    m_pages = new QStackedWidget;
    m_pages->addWidget(m_datasets);
    m_pages->addWidget(createRunPages());
    m_pages->addWidget(createSweepPage());
    m_pages->addWidget(m_runDetail);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages,
            &QStackedWidget::setCurrentIndex);
    m_navigation->setCurrentRow(0);

    m_banner = new ErrorBanner;
    // An error is about where it happened: it does not follow the user to another view.
    connect(m_pages, &QStackedWidget::currentChanged, m_banner, &QWidget::hide);
    connect(m_pages, &QStackedWidget::currentChanged, this, [this] { updateRunMenu(); });
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->setSpacing(2);
    contentLayout->addWidget(m_banner);
    contentLayout->addWidget(m_pages, 1);

    auto *central = new QWidget;
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_navigation);
    layout->addWidget(content, 1);
    return central;
}

void MainWindow::createJobsDock()
{
    m_jobsPanel = new JobsPanel;
    auto *dock = new QDockWidget(tr("Jobs"), this);
    dock->setObjectName(QStringLiteral("jobsDock"));
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    dock->setWidget(m_jobsPanel);
    m_jobsPanel->setMinimumHeight(60);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    resizeDocks({dock}, {dock->sizeHint().height()}, Qt::Vertical); // the panel and its title
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Import…"), QKeySequence(Qt::CTRL | Qt::Key_I), this,
                    &MainWindow::chooseFilesToImport);
    file->addAction(tr("Import &Folder…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I), this,
                    &MainWindow::chooseFolderToImport);
    file->addSeparator();
    file->addAction(tr("&Open Workspace…"), QKeySequence::Open, this, &MainWindow::chooseWorkspace);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *dataset = menuBar()->addMenu(tr("&Dataset"));
    m_splitAction = dataset->addAction(tr("&Split…"), QKeySequence(Qt::CTRL | Qt::Key_D), this,
                                       &MainWindow::askAndSplit);
    m_verifyAction = dataset->addAction(tr("&Verify"), this,
                                        [this] { verifyVersion(m_datasets->currentRef()); });
    m_compareAction = dataset->addAction(tr("&Compare with Previous Version"), this,
                                         [this] { compareWithPrevious(m_datasets->currentRef()); });
    dataset->addSeparator();
    m_deleteAction = dataset->addAction(tr("&Delete Version…"), QKeySequence::Delete, this,
                                        &MainWindow::askAndDelete);
    // Delete acts on the tree only: in a text field the key deletes text.
    m_deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    updateDatasetMenu({});
    // The same items on a version's context menu (right click, or the Menu key).
    m_datasets->tree()->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (QAction *action : {m_splitAction, m_verifyAction, m_compareAction, m_deleteAction})
        m_datasets->tree()->addAction(action);
    dataset->addAction(tr("&Refresh"), QKeySequence::Refresh, m_monitor, &WorkspaceMonitor::poke);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(tr("&New Run…"), QKeySequence::New, this, [this] { openNewRunDialog(); });
    run->addAction(tr("New S&weep…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W), this,
                   [this] { openNewSweepDialog(); });
    run->addSeparator();
    // The selected run's buttons (on the Runs page or the run's own page), by keyboard: each
    // item clicks its button, and is enabled as the button is (updateRunMenu).
    const auto runButton = [this, run](const QString &text, const QKeySequence &key,
                                       QPushButton *(RunActions::*button)() const) {
        QAction *action = run->addAction(text, key, this, [this, button] {
            if (RunActions *actions = currentRunActions())
                if (QPushButton *b = (actions->*button)(); b->isEnabled())
                    b->click();
        });
        m_runMenu.push_back({action, button});
    };
    runButton(tr("&Pause"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
              &RunActions::pauseButton);
    runButton(tr("&Resume"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
              &RunActions::resumeButton);
    runButton(tr("&Cancel Run"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X),
              &RunActions::cancelButton);
    runButton(tr("C&lone Run…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
              &RunActions::cloneButton);
    runButton(tr("&Export…"), QKeySequence(Qt::CTRL | Qt::Key_E), &RunActions::exportButton);
    runButton(tr("&Try It…"), QKeySequence(Qt::CTRL | Qt::Key_T), &RunActions::tryItButton);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList titles = {tr("&Datasets"), tr("&Runs"), tr("S&weeps")};
    for (int i = 0; i < titles.size(); ++i) {
        view->addAction(titles[i], QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)), this,
                        [this, i] { setView(View(i)); });
    }
    view->addSeparator();
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("jobsDock")))
        view->addAction(dock->toggleViewAction());
}

MainWindow::View MainWindow::view() const { return View(m_pages->currentIndex()); }

RunActions *MainWindow::currentRunActions() const
{
    switch (view()) {
    case View::Runs:
        return m_runs->actions();
    case View::RunDetail:
        return m_runDetail->actions();
    default:
        return nullptr; // the run menu acts on a run the user sees
    }
}

void MainWindow::updateRunMenu()
{
    RunActions *actions = currentRunActions();
    for (const auto &[action, button] : m_runMenu)
        action->setEnabled(actions && (actions->*button)()->isEnabled());
}

void MainWindow::setView(View view)
{
    if (view == View::RunDetail) {
        // Not a navigation entry: the detail page belongs under Runs.
        m_navigation->blockSignals(true);
        m_navigation->setCurrentRow(int(View::Runs));
        m_navigation->blockSignals(false);
        m_pages->setCurrentIndex(int(View::RunDetail));
        return;
    }
    m_navigation->setCurrentRow(int(view));
    m_pages->setCurrentIndex(int(view)); // also when the row was current already
    // Keys go to the view's list at once: Ctrl+2 then Enter opens the selected run.
    if (view == View::Datasets)
        m_datasets->tree()->setFocus();
    else if (view == View::Runs)
        m_runs->table()->setFocus();
}

bool MainWindow::setView(const QString &name)
{
    for (const auto &[prefix, show] :
         {std::pair(QLatin1String("run:"), &MainWindow::showRun),
          std::pair(QLatin1String("sweep:"), &MainWindow::showSweep)}) {
        if (!name.startsWith(prefix))
            continue;
        bool ok = false;
        const qint64 id = name.mid(prefix.size()).toLongLong(&ok);
        if (ok && id > 0)
            (this->*show)(id);
        return ok && id > 0;
    }
    const qsizetype page =
        QStringList{QStringLiteral("datasets"), QStringLiteral("runs"), QStringLiteral("sweeps")}
            .indexOf(name);
    if (page >= 0)
        setView(View(page));
    return page >= 0;
}

void MainWindow::updateWorkspaceLabels()
{
    const QString dir = QString::fromStdString(m_workspaceDir.string());
    setWindowTitle(tr("dllab — %1").arg(dir));
    m_workspaceLabel->setText(tr("Workspace: %1").arg(dir));
    const int count = m_datasets->model() ? m_datasets->model()->rowCount() : 0;
    m_countLabel->setText(count == 1 ? tr("1 dataset") : tr("%1 datasets").arg(count));
}

} // namespace dllab::ui
