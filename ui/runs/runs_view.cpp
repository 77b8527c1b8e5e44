#include "ui/runs/runs_view.h"

#include "ui/runs/run_actions.h"
#include "ui/runs/run_charts_panel.h"
#include "ui/runs/run_controller.h"
#include "ui/runs/run_table_model.h"
#include "ui/shell/workspace_monitor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

namespace dllab::ui {

RunsView::RunsView(RunController *controller, WorkspaceMonitor *monitor, QWidget *parent)
    : QWidget(parent), m_monitor(monitor), m_model(new RunTableModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView), m_filter(new QLineEdit),
      m_newRun(new QPushButton(tr("New Run…"))), m_atOnce(new QSpinBox), m_actions(new RunActions),
      m_charts(new RunChartsPanel(monitor))
{
    setObjectName(QStringLiteral("runsView"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunTableModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // any column: name, status, dataset, model
    m_table->setObjectName(QStringLiteral("runsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunTableModel::NameColumn, Qt::DescendingOrder); // newest first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Names (a sweep's trials: "iris-lr-t12") and models (cnn sizes) are the columns of free
    // length; they share what width is left.
    for (int column : {RunTableModel::NameColumn, RunTableModel::ModelColumn})
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Stretch);
    // LR fits 4 significant digits either way: 0.0002111 or 1.234e-05.
    const int widths[] = {110, 80, 110, 150, 84, 60, 60, 70, 70};
    for (int c = 0; c < RunTableModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, widths[c]);
    m_filter->setObjectName(QStringLiteral("runFilter"));
    m_filter->setPlaceholderText(tr("Filter runs (name, status, dataset, model)…"));
    m_filter->setClearButtonEnabled(true);
    m_newRun->setObjectName(QStringLiteral("newRunButton"));

    // How many runs train at once; the others queue. The workspace's setting, which
    // `dllab-cli queue run` follows too.
    m_atOnce->setObjectName(QStringLiteral("runsAtOnce"));
    m_atOnce->setRange(1, 16);
    m_atOnce->setPrefix(tr("at once: "));
    m_atOnce->setToolTip(tr("How many runs train at the same time; further runs wait in the queue, "
                            "first in, first out, and runs side by side share the cores."));
    m_atOnce->setValue(1);
    connect(controller, &RunController::maxConcurrentRunsRead, this, [this](int runs) {
        const QSignalBlocker blocker(m_atOnce); // the workspace's value, not a user's change
        m_atOnce->setValue(runs);
    });
    connect(m_atOnce, &QSpinBox::valueChanged, controller, &RunController::setMaxConcurrentRuns);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_newRun);
    bar->addWidget(m_atOnce);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_actions);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(m_charts);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({260, 420});
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_newRun, &QPushButton::clicked, this, &RunsView::newRunRequested);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunsView::updateSelection);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RunsView::updateActions);
    // Enter or a double click opens the run's page.
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT openRequested(index.data(RunTableModel::RunIdRole).toLongLong());
    });
    connect(m_model, &RunTableModel::insertsDone, this, &RunsView::applyWantedSelection);
    connect(m_model, &RunTableModel::runChanged, this, &RunsView::updateActions);
    connect(m_monitor, &WorkspaceMonitor::runsChanged, this, &RunsView::applyListing);
}

void RunsView::setWorkspaceDir(const std::filesystem::path &dir)
{
    m_listedOnce = false;
    m_model->clear();
    m_charts->setWorkspaceDir(dir);
}

void RunsView::applyListing()
{
    m_model->setRuns(m_monitor->runs());
    m_listedOnce = true;
    updateActions();
    applyWantedSelection();
}

void RunsView::selectRunsWhenListed(const QStringList &runs)
{
    m_wantedSelection = runs;
    applyWantedSelection();
}

void RunsView::applyWantedSelection()
{
    if (m_wantedSelection.isEmpty() || !m_listedOnce || m_model->isInserting())
        return;
    const QStringList wanted = std::exchange(m_wantedSelection, {});
    if (!selectRuns(wanted))
        Q_EMIT selectionFailed(
            tr("no run %1 in this workspace").arg(wanted.join(QLatin1Char(','))));
}

bool RunsView::isLoading() const
{
    return !m_listedOnce || m_model->isInserting() || !m_wantedSelection.isEmpty()
           || m_charts->isLoading();
}

QList<qint64> RunsView::selectedRunIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids << index.data(RunTableModel::RunIdRole).toLongLong();
    return ids;
}

qint64 RunsView::currentRunId() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? current.data(RunTableModel::RunIdRole).toLongLong() : 0;
}

bool RunsView::selectRuns(const QStringList &runs)
{
    QItemSelection selection;
    QModelIndex first;
    for (const QString &run : runs) {
        bool isId = false;
        const qint64 id = run.toLongLong(&isId);
        QModelIndex found;
        for (int row = 0; row < m_proxy->rowCount() && !found.isValid(); ++row) {
            const QModelIndex index = m_proxy->index(row, 0);
            if ((isId && index.data(RunTableModel::RunIdRole).toLongLong() == id)
                || index.data().toString() == run)
                found = index;
        }
        if (!found.isValid())
            return false;
        selection.select(found, found.siblingAtColumn(RunTableModel::ColumnCount - 1));
        if (!first.isValid())
            first = found;
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (first.isValid())
        m_table->selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
    return true;
}

void RunsView::updateSelection()
{
    QList<ChartRun> runs;
    for (qint64 id : selectedRunIds()) {
        const training::RunRecord *record = m_model->runById(id);
        if (!record)
            continue;
        runs << ChartRun{id, QString::fromStdString(record->name)};
    }
    m_charts->setRuns(runs);
    updateActions();
}

void RunsView::updateActions()
{
    const qint64 id = currentRunId();
    const training::RunRecord *record = m_model->runById(id);
    m_actions->setRun(record ? id : 0, record ? record->status : training::RunStatus::Finished);
}

} // namespace dllab::ui
