#pragma once
// The Runs page: a sortable, filterable table of the workspace's runs, as the WorkspaceMonitor
// lists them, merged in as row changes, never a reset; the selected runs' loss and accuracy
// overlaid below; Pause, Resume, Cancel and Clone for the current run.
// GUI thread only; owns its model, proxy and charts. The controller and monitor are not owned.
#include "training/run_store.h"

#include <QWidget>

#include <filesystem>
#include <vector>

class QLineEdit;
class QPushButton;
class QSpinBox;
class QSortFilterProxyModel;
class QTableView;

namespace dllab::ui {

class RunActions;
class RunChartsPanel;
class RunController;
class RunTableModel;
class WorkspaceMonitor;

class RunsView : public QWidget {
    Q_OBJECT
public:
    RunsView(RunController *controller, WorkspaceMonitor *monitor, QWidget *parent = nullptr);

    // Starts over empty; the monitor's next listing fills it.
    void setWorkspaceDir(const std::filesystem::path &dir);
    // True until the first listing is in the table and the selected runs' points are loaded.
    bool isLoading() const;
    // Selects these runs (ids or names); false if one is not in the table.
    bool selectRuns(const QStringList &runs);
    // The same once the run list has been read in full; selectionFailed() if one is missing.
    void selectRunsWhenListed(const QStringList &runs);
    QList<qint64> selectedRunIds() const;
    qint64 currentRunId() const;

    RunTableModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    RunChartsPanel *charts() const { return m_charts; }
    RunActions *actions() const { return m_actions; }
    QLineEdit *filterEdit() const { return m_filter; }

Q_SIGNALS:
    void newRunRequested();
    void openRequested(qint64 runId);
    void selectionFailed(const QString &message);

private:
    void applyListing();
    void applyWantedSelection();
    void updateSelection();
    void updateActions();

    WorkspaceMonitor *m_monitor;
    RunTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QPushButton *m_newRun;
    QSpinBox *m_atOnce;
    RunActions *m_actions;
    RunChartsPanel *m_charts;
    bool m_listedOnce = false;
    QStringList m_wantedSelection;
};

} // namespace dllab::ui
