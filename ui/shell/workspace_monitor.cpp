#include "workspace_monitor.h"

#include "workspace/workspace.h"

#include <algorithm>
#include <chrono>
#include <optional>

namespace dllab::ui {

namespace {

using namespace std::chrono_literals;

// While something trains a point reaches a chart within the training loop's commit interval
// (250 ms) plus one tick.
constexpr auto kLiveInterval = 100ms;
constexpr auto kIdleInterval = 500ms; // the change counters: one small read

std::map<std::string, int64_t> readCounters(workspace::Workspace &ws)
{
    std::map<std::string, int64_t> counters;
    auto st = ws.db().prepare("SELECT name, n FROM changes");
    while (st.step())
        counters[st.columnText(0)] = st.columnInt(1);
    return counters;
}

} // namespace

struct WorkspaceMonitor::Snapshot {
    std::optional<std::vector<training::RunRecord>> runs;
    quint64 listedAt = 0; // the list requests this run listing answers
    std::optional<std::vector<sweep::SweepRecord>> sweeps;
    std::optional<std::vector<datasets::DatasetSummary>> datasets;
    std::map<qint64, MetricPoints> points;
    bool pointsReplaced = false; // read from the start: points were deleted
};

WorkspaceMonitor::WorkspaceMonitor(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<dllab::ui::MetricPoints>("dllab::ui::MetricPoints");
}

WorkspaceMonitor::~WorkspaceMonitor() { stop(); }

void WorkspaceMonitor::setWorkspaceDir(const std::filesystem::path &dir)
{
    stop();
    m_dir = dir;
    ++m_generation;
    m_runs.clear();
    m_runIndex.clear();
    m_sweeps.clear();
    m_datasets.clear();
    m_listed = false;
    {
        std::lock_guard lock(m_mutex);
        m_follow.clear();
    }
    start();
}

void WorkspaceMonitor::start()
{
    m_thread = std::jthread([this, dir = m_dir, generation = m_generation](std::stop_token stop) {
        poll(stop, dir, generation);
    });
}

void WorkspaceMonitor::stop()
{
    if (!m_thread.joinable())
        return;
    m_thread.request_stop();
    m_wake.notify_all();
    m_thread.join();
}

const training::RunRecord *WorkspaceMonitor::run(qint64 runId) const
{
    const auto it = m_runIndex.find(runId);
    return it == m_runIndex.end() ? nullptr : &m_runs[it->second];
}

bool WorkspaceMonitor::isLive() const
{
    return std::any_of(m_runs.begin(), m_runs.end(),
                       [](const auto &r) { return training::isLive(r.status); })
           || std::any_of(m_sweeps.begin(), m_sweeps.end(),
                          [](const auto &s) { return sweep::isLive(s.status); });
}

void WorkspaceMonitor::whenListed(qint64 runId,
                                  std::function<void(const training::RunRecord &)> listed,
                                  std::function<void()> missing)
{
    if (const training::RunRecord *record = run(runId)) {
        listed(*record);
        return;
    }
    quint64 askedAt = 0;
    {
        std::lock_guard lock(m_mutex);
        askedAt = ++m_listRequests;
        m_poked = true;
    }
    m_waiters.emplace(runId, Waiter{std::move(listed), std::move(missing), askedAt});
    m_wake.notify_all();
}

void WorkspaceMonitor::follow(qint64 runId, int64_t afterRow)
{
    {
        std::lock_guard lock(m_mutex);
        m_follow[runId] = afterRow;
    }
    poke();
}

void WorkspaceMonitor::unfollow(qint64 runId)
{
    std::lock_guard lock(m_mutex);
    m_follow.erase(runId);
}

void WorkspaceMonitor::poke()
{
    {
        std::lock_guard lock(m_mutex);
        m_poked = true;
    }
    m_wake.notify_all();
}

// The monitor's thread: reads what changed, then hands it to the GUI thread.
void WorkspaceMonitor::poll(std::stop_token stop, std::filesystem::path dir, quint64 generation)
{
    std::unique_ptr<workspace::Workspace> ws;
    std::map<std::string, int64_t> seen;
    bool first = true;
    quint64 listed = 0;
    while (!stop.stop_requested()) {
        auto snapshot = std::make_shared<Snapshot>();
        quint64 requests = 0;
        {
            std::lock_guard lock(m_mutex);
            requests = m_listRequests;
        }
        try {
            if (!ws)
                ws = std::make_unique<workspace::Workspace>(dir);
            const auto counters = readCounters(*ws);
            const auto changed = [&](const char *name) {
                return first || counters.at(name) != seen[name];
            };
            training::RunStore runs(*ws);
            if (first) // as any process opening the workspace does: dead owners' runs end
                runs.recoverInterrupted(), sweep::SweepStore(*ws).recoverInterrupted();
            if (changed("runs") || requests != listed) {
                snapshot->runs = runs.list();
                snapshot->listedAt = listed = requests;
            }
            if (changed("sweeps"))
                snapshot->sweeps = sweep::SweepStore(*ws).list();
            if (changed("datasets"))
                snapshot->datasets = datasets::DatasetStore(*ws).list();
            std::map<qint64, int64_t> follow;
            {
                std::lock_guard lock(m_mutex);
                follow = m_follow;
            }
            if (!first && changed("metrics_deleted")) {
                snapshot->pointsReplaced = true;
                for (auto &[runId, row] : follow)
                    row = 0;
            }
            for (auto &[runId, row] : follow) {
                MetricPoints points = runs.metricsAfter(runId, row);
                if (points.empty() && !snapshot->pointsReplaced)
                    continue;
                snapshot->points[runId] = std::move(points);
                std::lock_guard lock(m_mutex);
                if (const auto it = m_follow.find(runId); it != m_follow.end())
                    it->second = row; // unless unfollowed meanwhile
            }
            seen = counters;
            first = false;
        } catch (const std::exception &) {
            ws.reset(); // busy or gone: open it again next time
        }
        if (snapshot->runs || snapshot->sweeps || snapshot->datasets || !snapshot->points.empty())
            QMetaObject::invokeMethod(
                this, [this, snapshot, generation] { apply(snapshot, generation); },
                Qt::QueuedConnection);
        std::unique_lock lock(m_mutex);
        const auto interval = m_live ? kLiveInterval : kIdleInterval;
        m_wake.wait_for(lock, stop, interval, [this] { return m_poked; });
        m_poked = false;
    }
}

void WorkspaceMonitor::apply(std::shared_ptr<Snapshot> snapshot, quint64 generation)
{
    if (generation != m_generation)
        return; // from the workspace before this one
    const bool firstListing = !m_listed && snapshot->runs && snapshot->sweeps && snapshot->datasets;
    if (snapshot->runs && (*snapshot->runs != m_runs || firstListing)) {
        m_runs = std::move(*snapshot->runs);
        m_runIndex.clear();
        for (size_t i = 0; i < m_runs.size(); ++i)
            m_runIndex[m_runs[i].id] = i;
        Q_EMIT runsChanged();
    }
    if (snapshot->sweeps) {
        m_sweeps = std::move(*snapshot->sweeps);
        Q_EMIT sweepsChanged(); // trials may have changed though the rows did not
    }
    if (snapshot->datasets) {
        m_datasets = std::move(*snapshot->datasets);
        Q_EMIT datasetsChanged();
    }
    m_listed = m_listed || firstListing;
    for (auto &[runId, points] : snapshot->points) {
        if (snapshot->pointsReplaced)
            Q_EMIT metricsReplaced(runId, points);
        else
            Q_EMIT metricsArrived(runId, points);
    }
    {
        std::lock_guard lock(m_mutex);
        m_live = isLive();
    }
    if (snapshot->runs)
        serveWaiters(snapshot->listedAt);
}

void WorkspaceMonitor::serveWaiters(quint64 listedAt)
{
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        const training::RunRecord *record = run(it->first);
        if (!record && it->second.askedAt > listedAt) {
            ++it; // this listing was read before the request: the next one answers it
            continue;
        }
        Waiter waiter = std::move(it->second);
        it = m_waiters.erase(it);
        if (record)
            waiter.listed(*record);
        else if (waiter.missing)
            waiter.missing();
    }
}

} // namespace dllab::ui
