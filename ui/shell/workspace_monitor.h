#pragma once
// The GUI's one reader of what changes in the workspace (DESIGN.md §3), whoever changes it: this
// window, a sweep, another process. On a thread of its own (with its own Workspace) it reads the
// catalog's change counters, lists the runs, sweeps or datasets again when theirs moved, and
// reads the new metric points of the runs views follow; on the GUI thread it diffs and emits.
// It polls every 100 ms while a run or a sweep is live, every 500 ms when idle. Views subscribe
// instead of owning timers; whenListed() is "act on this run once it is listed".
// GUI thread only; owns its thread.
#include "datasets/dataset_store.h"
#include "training/run_store.h"
#include "training/sweep/sweep_store.h"

#include <QObject>

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace dllab::ui {

// A run's metric points as the GUI passes them around (from the store to the charts).
using MetricPoints = std::vector<training::MetricPoint>;

class WorkspaceMonitor : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceMonitor(QObject *parent = nullptr);
    ~WorkspaceMonitor() override;

    // Starts over on `dir`: everything is read again and listed anew.
    void setWorkspaceDir(const std::filesystem::path &dir);

    // As of the last *Changed signal; empty before the first read.
    const std::vector<training::RunRecord> &runs() const { return m_runs; }
    const training::RunRecord *run(qint64 runId) const;
    const std::vector<datasets::DatasetSummary> &datasets() const { return m_datasets; }

    // `listed` once run `runId` is in the list (at once when it is); `missing` when the first
    // listing read after this call lacks it.
    void whenListed(qint64 runId, std::function<void(const training::RunRecord &)> listed,
                    std::function<void()> missing = {});
    // The points of `runId` written after catalog row `afterRow` arrive as metricsArrived, until
    // unfollow(); a reader starts from the row its own read of the history ended at.
    void follow(qint64 runId, int64_t afterRow);
    void unfollow(qint64 runId);
    // Reads now rather than at the next tick (after an action whose effect should show at once).
    void poke();

Q_SIGNALS:
    void runsChanged();
    void sweepsChanged(); // sweeps or their trials
    void datasetsChanged();
    void metricsArrived(qint64 runId, const dllab::ui::MetricPoints &points);
    // Points of a followed run were deleted (a resume): `points` is its whole history now.
    void metricsReplaced(qint64 runId, const dllab::ui::MetricPoints &points);

private:
    struct Snapshot; // one tick's reads, from the monitor's thread to the GUI thread
    struct Waiter {
        std::function<void(const training::RunRecord &)> listed;
        std::function<void()> missing;
        quint64 askedAt = 0; // m_listRequests when asked
    };

    void start();
    void stop();
    void poll(std::stop_token stop, std::filesystem::path dir, quint64 generation);
    void apply(std::shared_ptr<Snapshot> snapshot, quint64 generation);
    void serveWaiters(quint64 listedAt);
    bool isLive() const; // a run or sweep is queued, running or paused by a live runner

    std::filesystem::path m_dir;
    quint64 m_generation = 0;
    std::vector<training::RunRecord> m_runs;
    std::map<qint64, size_t> m_runIndex;
    std::vector<sweep::SweepRecord> m_sweeps;
    std::vector<datasets::DatasetSummary> m_datasets;
    bool m_listed = false;
    std::multimap<qint64, Waiter> m_waiters;

    // Shared with the monitor's thread.
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::map<qint64, int64_t> m_follow; // run -> last row delivered
    bool m_live = false;
    bool m_poked = false;
    quint64 m_listRequests = 0; // bumped by whenListed: the next tick lists the runs
    std::jthread m_thread;      // last: stopped and joined before what it uses goes
};

} // namespace dllab::ui
