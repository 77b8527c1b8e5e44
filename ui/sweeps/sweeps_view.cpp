// SweepsView's layout, reading the workspace, selection and controls. What the selected sweep's
// trials become in the table and the plots is in sweeps_view_detail.cpp.
#include "ui/sweeps/sweeps_view.h"

#include "plots/best_so_far_chart.h"
#include "plots/elided_label.h"
#include "plots/importance_chart.h"
#include "plots/parallel_coordinates.h"
#include "training/sweep/sweep_store.h"
#include "training/sweep/trial_history.h"
#include "ui/shell/workspace_monitor.h"
#include "ui/sweeps/sweep_controller.h"
#include "ui/sweeps/sweep_list_model.h"
#include "ui/sweeps/sweep_trial_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

namespace dllab::ui {

namespace {

constexpr int kBudgetDelayMs = 400;

QTableView *makeTable(const char *name)
{
    auto *table = new QTableView;
    table->setObjectName(QString::fromLatin1(name));
    table->setSortingEnabled(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(22);
    return table;
}

QLabel *heading(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

SweepsView::SweepsView(SweepController *controller, WorkspaceMonitor *monitor, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_monitor(monitor),
      m_sweepModel(new SweepListModel(this)), m_sweepProxy(new QSortFilterProxyModel(this)),
      m_sweepTable(makeTable("sweepsTable")), m_trialModel(new SweepTrialModel(this)),
      m_trialProxy(new TrialFilterProxy(this)), m_trialTable(makeTable("trialsTable")),
      m_trialsLabel(heading(tr("Trials"))), m_clearBrush(new QPushButton(tr("Show all"))),
      m_best(new plots::BestSoFarChart), m_parallel(new plots::ParallelCoordinates),
      m_importance(new plots::ImportanceChart), m_newSweep(new QPushButton(tr("New Sweep…"))),
      m_pause(new QPushButton(tr("Pause"))), m_resume(new QPushButton(tr("Resume"))),
      m_stop(new QPushButton(tr("Stop"))), m_exportBest(new QPushButton(tr("Export best…"))),
      m_parallelSpin(new QSpinBox), m_maxTrialsSpin(new QSpinBox),
      m_statusLabel(new plots::ElidedLabel)
{
    setObjectName(QStringLiteral("sweepsView"));
    m_sweepProxy->setSourceModel(m_sweepModel);
    m_sweepProxy->setSortRole(SweepListModel::SortRole);
    m_sweepTable->setModel(m_sweepProxy);
    m_sweepTable->sortByColumn(SweepListModel::NameColumn, Qt::DescendingOrder); // newest first
    // The name takes what width is left; the other columns as wide as their contents (a handful
    // of sweeps), so a narrow pane does not squeeze the name to nothing.
    m_sweepTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_sweepTable->horizontalHeader()->setSectionResizeMode(SweepListModel::NameColumn,
                                                           QHeaderView::Stretch);
    m_trialProxy->setSourceModel(m_trialModel);
    m_trialTable->setModel(m_trialProxy);
    m_trialTable->sortByColumn(SweepTrialModel::NumberColumn, Qt::AscendingOrder);
    m_trialTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_trialTable->horizontalHeader()->setTextElideMode(Qt::ElideMiddle);
    m_clearBrush->setObjectName(QStringLiteral("clearBrushButton"));
    m_clearBrush->setVisible(false);

    auto *top = new QSplitter(Qt::Horizontal);
    top->addWidget(createTables());
    top->addWidget(m_best);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    top->setSizes({640, 460});
    auto *bottom = new QSplitter(Qt::Horizontal);
    auto *parallelBox = new QWidget;
    auto *parallelLayout = new QVBoxLayout(parallelBox);
    parallelLayout->setContentsMargins(0, 0, 0, 0);
    parallelLayout->addWidget(heading(tr("Parallel coordinates (drag along an axis to filter)")));
    parallelLayout->addWidget(m_parallel, 1);
    bottom->addWidget(parallelBox);
    bottom->addWidget(m_importance);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    bottom->setSizes({700, 400});
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setSizes({330, 330});
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(createControls());
    layout->addWidget(split, 1);

    connect(m_sweepTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SweepsView::onSweepClicked);
    connect(m_trialTable, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const QVariant run = index.data(SweepTrialModel::RunIdRole);
        if (run.isValid())
            Q_EMIT openRunRequested(run.toLongLong());
    });
    connect(m_parallel, &plots::ParallelCoordinates::brushChanged, this,
            &SweepsView::updateBrushFilter);
    connect(m_clearBrush, &QPushButton::clicked, m_parallel,
            &plots::ParallelCoordinates::clearBrushes);
    connect(m_newSweep, &QPushButton::clicked, this, &SweepsView::newSweepRequested);
    connect(m_pause, &QPushButton::clicked, this,
            [this] { m_controller->control(m_selectedId, sweep::SweepAction::Pause); });
    connect(m_resume, &QPushButton::clicked, this, [this] {
        // A paused sweep's runner takes the request; an interrupted one has no runner left, so
        // this window runs it on (as `sweep run` on its spec would).
        const SweepRow *row = currentSweep();
        if (row && row->status == sweep::SweepStatus::Interrupted)
            m_controller->resume(row->id, row->name);
        else
            m_controller->control(m_selectedId, sweep::SweepAction::Resume);
    });
    connect(m_stop, &QPushButton::clicked, this,
            [this] { m_controller->control(m_selectedId, sweep::SweepAction::Stop); });
    connect(m_exportBest, &QPushButton::clicked, this, [this] {
        if (const qint64 run = bestRunId())
            Q_EMIT exportRunRequested(run);
    });
    connect(m_parallelSpin, &QSpinBox::valueChanged, this, [this](int value) {
        scheduleBudget();
        m_pendingBudget.parallel = value;
    });
    connect(m_maxTrialsSpin, &QSpinBox::valueChanged, this, [this](int value) {
        scheduleBudget();
        m_pendingBudget.maxTrials = value;
    });
    m_budgetDelay.setSingleShot(true);
    m_budgetDelay.setInterval(kBudgetDelayMs);
    connect(&m_budgetDelay, &QTimer::timeout, this, &SweepsView::writeBudget);
    connect(m_controller, &SweepController::requestDone, this,
            [this](qint64, const QString &what, const QString &error) {
                if (what == QLatin1String("budget"))
                    m_budgetWriting = false;
                if (!error.isEmpty())
                    Q_EMIT controlFailed(tr("%1: %2").arg(what, error));
                refresh();
            });
    connect(m_controller, &SweepController::sweepOpened, this, [this](qint64 id) {
        selectSweepWhenListed(id); // show what was just launched
    });
    connect(m_controller, &SweepController::sweepEnded, this, [this] { refresh(); });
    connect(m_monitor, &WorkspaceMonitor::sweepsChanged, this, &SweepsView::refresh);
}

QWidget *SweepsView::createControls()
{
    m_newSweep->setObjectName(QStringLiteral("newSweepButton"));
    m_pause->setObjectName(QStringLiteral("pauseSweepButton"));
    m_resume->setObjectName(QStringLiteral("resumeSweepButton"));
    m_stop->setObjectName(QStringLiteral("stopSweepButton"));
    m_exportBest->setObjectName(QStringLiteral("exportBestButton"));
    m_exportBest->setToolTip(tr("Export the model of the best trial so far"));
    m_parallelSpin->setObjectName(QStringLiteral("parallelSpin"));
    m_parallelSpin->setRange(1, 64);
    m_parallelSpin->setToolTip(tr("Trials run at once (parallelTrialCount); the sweep's runner "
                                  "applies a change within a second"));
    m_maxTrialsSpin->setObjectName(QStringLiteral("maxTrialsSpin"));
    m_maxTrialsSpin->setRange(1, 1'000'000);
    // As wide as 5 digits need, not the 7 of its maximum: the control bar stays within 1280 px.
    m_maxTrialsSpin->setMaximumWidth(
        m_maxTrialsSpin->sizeHint().width()
        - m_maxTrialsSpin->fontMetrics().horizontalAdvance(QStringLiteral("00")));
    m_maxTrialsSpin->setToolTip(tr("The sweep's trial budget (maxTrialCount); lowering it below "
                                   "the trials started lets those finish and starts no more"));
    m_statusLabel->setObjectName(QStringLiteral("sweepStatus"));
    auto *bar = new QWidget;
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_newSweep);
    layout->addSpacing(12);
    layout->addWidget(m_statusLabel, 1);
    layout->addWidget(new QLabel(tr("Parallel:")));
    layout->addWidget(m_parallelSpin);
    layout->addWidget(new QLabel(tr("Max trials:")));
    layout->addWidget(m_maxTrialsSpin);
    layout->addWidget(m_pause);
    layout->addWidget(m_resume);
    layout->addWidget(m_stop);
    layout->addWidget(m_exportBest);
    return bar;
}

QWidget *SweepsView::createTables()
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading(tr("Sweeps")));
    m_sweepTable->setMaximumHeight(96); // a few sweeps; the trials need the room
    layout->addWidget(m_sweepTable);
    auto *trialsBar = new QHBoxLayout;
    trialsBar->addWidget(m_trialsLabel, 1);
    trialsBar->addWidget(m_clearBrush);
    layout->addLayout(trialsBar);
    layout->addWidget(m_trialTable, 1);
    return box;
}

void SweepsView::setWorkspaceDir(const std::filesystem::path &dir)
{
    m_workspaceDir = dir;
    m_read.drop(); // a read of the previous workspace is answered to no one
    m_listedOnce = false;
    m_selectedId = m_detailId = 0;
    m_sweepModel->clear();
    m_trialModel->clear();
    m_parallel->clear();
    m_best->clear();
    m_importance->setBars({});
    refresh();
}

void SweepsView::refresh()
{
    if (m_workspaceDir.empty())
        return;
    // A newer read replaces one in flight: the selection may have changed since it began.
    const qint64 wanted = m_wantedId > 0 ? m_wantedId : m_selectedId;
    m_read.read([dir = m_workspaceDir, wanted] { return loadSweepSnapshot(dir, wanted); },
                [this](SweepSnapshot snapshot) {
                    if (snapshot.ok)
                        applySnapshot(std::move(snapshot));
                });
}

void SweepsView::applySnapshot(SweepSnapshot snapshot)
{
    const qint64 keep = m_selectedId;
    m_sweepModel->setSweeps(std::move(snapshot.sweeps)); // a reset drops the table's selection
    m_listedOnce = true;
    if (m_wantedId > 0 && selectSweep(m_wantedId)) {
        m_wantedId = 0;
    } else {
        // LatestRead delivers only the newest read, begun after the request: it may say the
        // sweep is not there.
        if (m_wantedId > 0)
            Q_EMIT selectionFailed(
                tr("no sweep %1 in this workspace").arg(std::exchange(m_wantedId, 0)));
        if (keep > 0 && m_sweepModel->rowOf(keep) >= 0) {
            selectSweep(keep);
        } else if (m_sweepModel->rowCount() > 0) {
            // Nothing chosen yet, or the chosen sweep is gone: the newest.
            selectSweep(m_sweepModel->index(m_sweepModel->rowCount() - 1, 0)
                            .data(SweepListModel::SweepIdRole)
                            .toLongLong());
        } else {
            m_selectedId = 0;
        }
    }
    if (snapshot.detail && snapshot.detail->id == m_selectedId)
        applyDetail(*snapshot.detail);
    else if (m_selectedId != m_detailId)
        refresh(); // the read was for another sweep: read the chosen one's trials
    updateControls();
}

bool SweepsView::selectSweep(qint64 id)
{
    const int sourceRow = m_sweepModel->rowOf(id);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_sweepProxy->mapFromSource(m_sweepModel->index(sourceRow, 0));
    m_selectedId = id;
    QItemSelectionModel *selection = m_sweepTable->selectionModel();
    if (selection->currentIndex().row() != index.row() || !selection->isRowSelected(index.row()))
        selection->setCurrentIndex(index,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

void SweepsView::selectSweepWhenListed(qint64 id)
{
    m_wantedId = id;
    refresh(); // a read begun now knows it
}

void SweepsView::onSweepClicked()
{
    const QModelIndex current = m_sweepTable->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const qint64 id = current.data(SweepListModel::SweepIdRole).toLongLong();
    if (id == m_selectedId)
        return;
    m_selectedId = id;
    updateControls();
    refresh();
}

bool SweepsView::isLoading() const
{
    return !m_listedOnce || m_wantedId > 0 || (m_selectedId > 0 && m_detailId != m_selectedId);
}

qint64 SweepsView::bestRunId() const
{
    const SweepRow *row = currentSweep();
    if (!row || m_trialModel->sweepId() != row->id)
        return 0;
    // The same pick as the sweep's stored best run and the "best" in the status line.
    const sweep::TrialRecord *best = sweep::bestTrial(
        m_trialModel->trials(), row->maximize ? hpo::Goal::Maximize : hpo::Goal::Minimize);
    return best && best->runId ? *best->runId : 0;
}

const SweepRow *SweepsView::currentSweep() const { return m_sweepModel->sweepById(m_selectedId); }

void SweepsView::updateControls()
{
    const SweepRow *row = currentSweep();
    m_pause->setEnabled(row && sweep::canPause(row->status, row->control));
    m_resume->setEnabled(row && sweep::canResume(row->status, row->control));
    m_stop->setEnabled(row && sweep::canStop(row->status, row->control));
    // An ended sweep's budget is history (sweep run --new starts another).
    const bool open = row && !sweep::isFinal(row->status);
    m_parallelSpin->setEnabled(open);
    m_maxTrialsSpin->setEnabled(open);
    m_exportBest->setEnabled(bestRunId() > 0);
    const bool editing = m_parallelSpin->hasFocus() || m_maxTrialsSpin->hasFocus()
                         || m_budgetDelay.isActive() || m_budgetWriting;
    if (row && !editing) {
        const QSignalBlocker blockParallel(m_parallelSpin); // showing stored values is no request
        const QSignalBlocker blockMax(m_maxTrialsSpin);
        m_parallelSpin->setValue(row->parallel);
        m_maxTrialsSpin->setValue(row->maxTrials);
    }
    QString text;
    if (!row) {
        if (m_sweepModel->rowCount() == 0)
            text = tr("No sweeps yet: start one with New Sweep… or dllab-cli sweep run SPEC.json");
    } else {
        text = tr("%1: %2, %3/%4 trials")
                   .arg(row->name, QLatin1String(sweep::statusName(row->status)))
                   .arg(row->done)
                   .arg(row->maxTrials);
        if (row->best)
            text += tr(", best %1 %2").arg(row->metric).arg(*row->best, 0, 'g', 5);
    }
    // The label gives way first when the bar is narrow, ending in "…"; its tooltip keeps the
    // whole text, and never a previous sweep's.
    m_statusLabel->setText(text);
}

void SweepsView::writeBudget()
{
    const PendingBudget budget = std::exchange(m_pendingBudget, {});
    if (budget.sweepId > 0 && (budget.parallel || budget.maxTrials)) {
        m_budgetWriting = true;
        m_controller->setBudget(budget.sweepId, budget.parallel, budget.maxTrials);
    }
}

void SweepsView::scheduleBudget()
{
    // An edit begun on another sweep is written now, to that sweep, before this one's starts.
    if (m_budgetDelay.isActive() && m_pendingBudget.sweepId != m_selectedId) {
        m_budgetDelay.stop();
        writeBudget();
    }
    m_pendingBudget.sweepId = m_selectedId;
    if (m_selectedId > 0)
        m_budgetDelay.start();
}

} // namespace dllab::ui
