#pragma once
// The Sweeps page: the workspace's sweeps (name, status, algorithm, trials, best) and, for the
// selected one, its trials table, the objective per trial with the best so far, a parallel-
// coordinates plot whose brushes filter the trials table, and parameter importance. It is read
// again on a pool thread (LatestRead) whenever the WorkspaceMonitor sees the sweeps change,
// whoever changed them (this window, the CLI). Pause, Resume, Stop and the budget (parallel and
// max trials) go through the SweepController. GUI thread only; owns its models and charts, not
// the controller or the monitor.
#include "ui/shell/latest_read.h"
#include "ui/sweeps/sweep_snapshot.h"

#include <QTimer>
#include <QWidget>

#include <filesystem>
#include <optional>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace dllab::plots {
class BestSoFarChart;
class ElidedLabel;
class ImportanceChart;
class ParallelCoordinates;
} // namespace dllab::plots

namespace dllab::ui {

class SweepController;
class WorkspaceMonitor;
class SweepListModel;
class SweepTrialModel;
class TrialFilterProxy;

class SweepsView : public QWidget {
    Q_OBJECT
public:
    SweepsView(SweepController *controller, WorkspaceMonitor *monitor, QWidget *parent = nullptr);

    void setWorkspaceDir(const std::filesystem::path &dir);
    // Reads the workspace now (it is also read whenever the monitor sees the sweeps change).
    void refresh();
    // True until the sweep list and the selected sweep's trials are in.
    bool isLoading() const;
    // Selects sweep `id` once the list has it; selectionFailed() when it has not.
    void selectSweepWhenListed(qint64 id);
    bool selectSweep(qint64 id);
    qint64 currentSweepId() const { return m_selectedId; }
    const SweepRow *currentSweep() const;

    SweepListModel *sweepModel() const { return m_sweepModel; }
    SweepTrialModel *trialModel() const { return m_trialModel; }
    TrialFilterProxy *trialProxy() const { return m_trialProxy; }
    QTableView *trialTable() const { return m_trialTable; }
    plots::BestSoFarChart *bestChart() const { return m_best; }
    plots::ParallelCoordinates *parallelCoordinates() const { return m_parallel; }
    plots::ImportanceChart *importanceChart() const { return m_importance; }
    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *resumeButton() const { return m_resume; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *exportBestButton() const { return m_exportBest; }
    // The run of the best complete trial of the selected sweep, or 0.
    qint64 bestRunId() const;
    QSpinBox *parallelSpin() const { return m_parallelSpin; }
    QSpinBox *maxTrialsSpin() const { return m_maxTrialsSpin; }

Q_SIGNALS:
    void newSweepRequested();
    void openRunRequested(qint64 runId);
    // Export… on the sweep's best trial: its run.
    void exportRunRequested(qint64 runId);
    void selectionFailed(const QString &message);
    void controlFailed(const QString &message);

private:
    QWidget *createControls();
    QWidget *createTables();
    void applySnapshot(SweepSnapshot snapshot);
    void applyDetail(const SweepDetail &detail);
    void updateParallelCoordinates(const SweepDetail &detail);
    void updateImportance(const SweepDetail &detail);
    void updateBrushFilter();
    void updateControls();
    void onSweepClicked();
    void scheduleBudget();
    void writeBudget();

    SweepController *m_controller;
    WorkspaceMonitor *m_monitor;
    std::filesystem::path m_workspaceDir;
    SweepListModel *m_sweepModel;
    QSortFilterProxyModel *m_sweepProxy;
    QTableView *m_sweepTable;
    SweepTrialModel *m_trialModel;
    TrialFilterProxy *m_trialProxy;
    QTableView *m_trialTable;
    QLabel *m_trialsLabel;
    QPushButton *m_clearBrush;
    plots::BestSoFarChart *m_best;
    plots::ParallelCoordinates *m_parallel;
    plots::ImportanceChart *m_importance;
    QPushButton *m_newSweep, *m_pause, *m_resume, *m_stop, *m_exportBest;
    QSpinBox *m_parallelSpin, *m_maxTrialsSpin;
    plots::ElidedLabel *m_statusLabel;
    QTimer m_budgetDelay; // spin-box steps coalesce into one budget write
    // What that write carries: only the numbers edited (another process may set the other one),
    // for the sweep they were edited on.
    struct PendingBudget {
        qint64 sweepId = 0;
        std::optional<int> parallel, maxTrials;
    } m_pendingBudget;
    bool m_budgetWriting = false; // a budget write is in flight
    LatestRead<SweepSnapshot> m_read{this};
    bool m_listedOnce = false;
    qint64 m_selectedId = 0;    // 0: the newest, once listed
    qint64 m_detailId = 0;      // the sweep whose trials are shown
    nlohmann::json m_shownSpec; // and its spec as last shown (its trials: m_trialModel's)
    qint64 m_wantedId = 0;      // from selectSweepWhenListed
};

} // namespace dllab::ui
