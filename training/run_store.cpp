#include "run_store.h"

#include "json_column.h"
#include "process_owner.h"
#include "workspace/error.h"

#include <chrono>

using nlohmann::json;

namespace dllab::training {

namespace {

constexpr const char *kRunColumns =
    "SELECT r.id, r.name, r.kind, r.status, r.sweep_id, r.spec_json, r.env_json, r.summary_json, "
    "r.dataset_version_id, COALESCE(d.name || '@v' || v.number, ''), COALESCE(r.error, ''), "
    "r.created_at, COALESCE(r.started_at, ''), COALESCE(r.ended_at, ''), "
    "COALESCE(r.control, '') FROM runs r "
    "LEFT JOIN dataset_versions v ON v.id = r.dataset_version_id "
    "LEFT JOIN datasets d ON d.id = v.dataset_id ";

RunRecord readRun(workspace::Statement &st)
{
    RunRecord r;
    r.id = st.columnInt(0);
    r.name = st.columnText(1);
    r.kind = st.columnText(2);
    r.status = parseRunStatus(st.columnText(3));
    if (!st.columnIsNull(4))
        r.sweepId = st.columnInt(4);
    r.spec = parseOr(st.columnText(5), json::object());
    r.env = parseOr(st.columnText(6), json::object());
    r.summary = parseOr(st.columnText(7), json::object());
    if (!st.columnIsNull(8))
        r.datasetVersionId = st.columnInt(8);
    r.datasetRef = st.columnText(9);
    r.error = st.columnText(10);
    r.createdAt = st.columnText(11);
    r.startedAt = st.columnText(12);
    r.endedAt = st.columnText(13);
    r.control = parseRunControl(st.columnText(14));
    return r;
}

} // namespace

int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t RunStore::create(const json &spec, std::optional<int64_t> datasetVersionId,
                         const std::string &kind, std::optional<int64_t> sweepId,
                         const std::string &name, bool claimed)
{
    auto &db = m_ws.db();
    workspace::Transaction transaction(db);
    auto st = db.prepare("INSERT INTO runs(name, kind, sweep_id, status, spec_json, "
                         "dataset_version_id, owner_json) VALUES(?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, name.empty() ? std::string("run") : name).bind(2, kind).bind(3, sweepId);
    st.bind(4, statusName(claimed ? RunStatus::Running : RunStatus::Queued));
    st.bind(5, spec.dump()).bind(6, datasetVersionId);
    claimed ? st.bind(7, ProcessOwner::current().toJson().dump()) : st.bindNull(7);
    st.step();
    const int64_t id = db.lastInsertId();
    if (name.empty())
        db.prepare("UPDATE runs SET name = 'run-' || id WHERE id = ?").bind(1, id).step();
    transaction.commit();
    return id;
}

void RunStore::start(int64_t id, const json &env, bool onlyQueued)
{
    auto &db = m_ws.db();
    workspace::Transaction transaction(db);
    const RunStatus now = status(id);
    if (now == RunStatus::Running && !ownedHere(id))
        throw RunTaken("run " + std::to_string(id) + " is already running in another process");
    if (now == RunStatus::Finished)
        throw Error("run " + std::to_string(id) + " has already finished");
    if (onlyQueued && now != RunStatus::Queued)
        throw RunTaken("run " + std::to_string(id) + " is " + statusName(now)
                       + ", no longer queued");
    auto st = db.prepare(
        "UPDATE runs SET status = 'running', env_json = ?, owner_json = ?, "
        "control = NULL, error = NULL, ended_at = NULL, "
        "started_at = COALESCE(started_at, strftime('%Y-%m-%dT%H:%M:%SZ','now')) WHERE id = ?");
    st.bind(1, env.dump()).bind(2, ProcessOwner::current().toJson().dump()).bind(3, id).step();
    transaction.commit();
}

void RunStore::end(int64_t id, RunStatus status, const json &summary, const std::string &error)
{
    auto &db = m_ws.db();
    workspace::Transaction transaction(db);
    auto st = db.prepare(
        "UPDATE runs SET status = ?, summary_json = ?, error = ?, control = NULL, "
        "owner_json = NULL, ended_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?");
    st.bind(1, statusName(status)).bind(2, summary.dump());
    error.empty() ? st.bindNull(3) : st.bind(3, error);
    st.bind(4, id).step();
    transaction.commit();
}

void RunStore::setSummary(int64_t id, const json &summary)
{
    m_ws.db()
        .prepare("UPDATE runs SET summary_json = ? WHERE id = ?")
        .bind(1, summary.dump())
        .bind(2, id)
        .step();
}

int RunStore::recoverInterrupted()
{
    auto &db = m_ws.db();
    std::vector<int64_t> dead;
    {
        auto st = db.prepare("SELECT id, COALESCE(owner_json, '{}') FROM runs "
                             "WHERE status = 'running'");
        while (st.step())
            if (!ProcessOwner::fromJson(parseOr(st.columnText(1), json())).mayBeAlive())
                dead.push_back(st.columnInt(0));
    }
    if (dead.empty())
        return 0;
    workspace::Transaction transaction(db);
    for (int64_t id : dead)
        // Checked again under the write lock: the run may have ended or been claimed meanwhile.
        db.prepare(
              "UPDATE runs SET status = 'interrupted', owner_json = NULL, "
              "ended_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ? AND status = 'running'")
            .bind(1, id)
            .step();
    transaction.commit();
    return int(dead.size());
}

RunStatus RunStore::requestControl(int64_t id, RunControl control)
{
    recoverInterrupted();
    auto &db = m_ws.db();
    workspace::Transaction transaction(db);
    RunStatus now = status(id);
    const bool allowed = control == RunControl::Pause ? canPause(now) : canCancel(now);
    if (!allowed || control == RunControl::None)
        throw Error("run " + std::to_string(id) + " is " + statusName(now) + "; it cannot be "
                    + (control == RunControl::Pause ? "paused" : "cancelled"));
    if (now == RunStatus::Running) {
        db.prepare("UPDATE runs SET control = ? WHERE id = ?")
            .bind(1, controlName(control))
            .bind(2, id)
            .step();
    } else {
        now = endFor(control);
        db.prepare("UPDATE runs SET status = ?, control = NULL, "
                   "ended_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?")
            .bind(1, statusName(now))
            .bind(2, id)
            .step();
    }
    transaction.commit();
    return now;
}

void RunStore::requeue(int64_t id)
{
    auto &db = m_ws.db();
    workspace::Transaction transaction(db);
    const RunStatus now = status(id);
    if (!canResume(now))
        throw Error("run " + std::to_string(id) + " is " + statusName(now)
                    + "; only a paused, interrupted, failed, cancelled or queued run resumes");
    db.prepare("UPDATE runs SET status = 'queued', control = NULL WHERE id = ?").bind(1, id).step();
    transaction.commit();
}

bool RunStore::ownedHere(int64_t id)
{
    auto st = m_ws.db().prepare("SELECT COALESCE(owner_json, '{}') FROM runs WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return false;
    const ProcessOwner owner = ProcessOwner::fromJson(parseOr(st.columnText(0), json()));
    const ProcessOwner self = ProcessOwner::current();
    return owner.pid == self.pid && owner.host == self.host && owner.startTicks == self.startTicks;
}

RunControl RunStore::control(int64_t id)
{
    auto st = m_ws.db().prepare("SELECT COALESCE(control, '') FROM runs WHERE id = ?");
    st.bind(1, id);
    return st.step() ? parseRunControl(st.columnText(0)) : RunControl::None;
}

RunStatus RunStore::status(int64_t id)
{
    auto st = m_ws.db().prepare("SELECT status FROM runs WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        throw Error("no run " + std::to_string(id) + " in " + m_ws.dir().string());
    return parseRunStatus(st.columnText(0));
}

namespace {

// One point from columns key, step, epoch, value, wall_ms starting at `first`.
MetricPoint readPoint(const workspace::Statement &st, int first)
{
    MetricPoint p;
    p.key = st.columnText(first);
    p.step = st.columnInt(first + 1);
    if (!st.columnIsNull(first + 2))
        p.epoch = st.columnInt(first + 2);
    p.value = st.columnDouble(first + 3);
    p.wallMs = st.columnInt(first + 4);
    return p;
}

void insertMetrics(workspace::Database &db, int64_t runId, const std::vector<MetricPoint> &points)
{
    auto st = db.prepare("INSERT INTO metrics(run_id, key, step, epoch, value, wall_ms) "
                         "VALUES(?, ?, ?, ?, ?, ?)");
    for (const auto &p : points) {
        st.bind(1, runId).bind(2, p.key).bind(3, p.step).bind(4, p.epoch).bind(5, p.value);
        st.bind(6, p.wallMs).step();
        st.reset();
    }
}

} // namespace

void RunStore::appendMetrics(int64_t runId, const std::vector<MetricPoint> &points)
{
    if (points.empty())
        return;
    workspace::Transaction transaction(m_ws.db());
    insertMetrics(m_ws.db(), runId, points);
    transaction.commit();
}

void RunStore::commitEpoch(int64_t runId, const std::vector<MetricPoint> &points,
                           const std::string &checkpointBlob, const json &checkpointMeta,
                           const json &summary)
{
    auto &db = m_ws.db();
    workspace::Transaction transaction(db);
    insertMetrics(db, runId, points);
    addArtifact(runId, "checkpoint", checkpointBlob, checkpointMeta);
    setSummary(runId, summary);
    transaction.commit();
}

void RunStore::deleteMetricsAfterEpoch(int64_t runId, int64_t epoch)
{
    m_ws.db()
        .prepare("DELETE FROM metrics WHERE run_id = ? AND epoch > ?")
        .bind(1, runId)
        .bind(2, epoch)
        .step();
}

std::vector<MetricPoint> RunStore::metrics(int64_t runId, const std::string &key)
{
    auto st = m_ws.db().prepare("SELECT key, step, epoch, value, wall_ms FROM metrics "
                                "WHERE run_id = ?1 AND (?2 = '' OR key = ?2) "
                                "ORDER BY key, step, rowid");
    st.bind(1, runId).bind(2, key);
    std::vector<MetricPoint> points;
    while (st.step())
        points.push_back(readPoint(st, 0));
    return points;
}

std::vector<MetricPoint> RunStore::metricsAfter(int64_t runId, int64_t &afterRow)
{
    // Following a live run, "+run_id" keeps SQLite off the (run, key, step) index: the rows
    // after afterRow are the newest few of the whole table, which the rowid range reaches
    // directly. A whole history (afterRow 0) is the run's own rows, which the index reaches.
    auto st = m_ws.db().prepare(afterRow > 0
                                    ? "SELECT rowid, key, step, epoch, value, wall_ms FROM metrics "
                                      "WHERE rowid > ?2 AND +run_id = ?1 ORDER BY rowid"
                                    : "SELECT rowid, key, step, epoch, value, wall_ms FROM metrics "
                                      "WHERE run_id = ?1 AND rowid > ?2 ORDER BY rowid");
    st.bind(1, runId).bind(2, afterRow);
    std::vector<MetricPoint> points;
    while (st.step()) {
        afterRow = st.columnInt(0);
        points.push_back(readPoint(st, 1));
    }
    return points;
}

int64_t RunStore::addArtifact(int64_t runId, const std::string &kind, const std::string &blob,
                              const json &meta)
{
    auto &db = m_ws.db();
    auto st = db.prepare("INSERT INTO artifacts(run_id, kind, blob, meta_json) VALUES(?, ?, ?, ?)");
    st.bind(1, runId).bind(2, kind).bind(3, blob).bind(4, meta.dump()).step();
    return db.lastInsertId();
}

std::vector<ArtifactRecord> RunStore::artifacts(int64_t runId, const std::string &kind)
{
    auto st = m_ws.db().prepare("SELECT id, run_id, kind, blob, meta_json, created_at "
                                "FROM artifacts WHERE run_id = ?1 AND (?2 = '' OR kind = ?2) "
                                "ORDER BY id");
    st.bind(1, runId).bind(2, kind);
    std::vector<ArtifactRecord> out;
    while (st.step())
        out.push_back({st.columnInt(0), st.columnInt(1), st.columnText(2), st.columnText(3),
                       parseOr(st.columnText(4), json::object()), st.columnText(5)});
    return out;
}

RunRecord RunStore::get(int64_t id)
{
    auto st = m_ws.db().prepare(std::string(kRunColumns) + "WHERE r.id = ?");
    st.bind(1, id);
    if (!st.step())
        throw Error("no run " + std::to_string(id) + " in " + m_ws.dir().string());
    return readRun(st);
}

RunRecord RunStore::get(const std::string &idOrName)
{
    auto st = m_ws.db().prepare(std::string(kRunColumns)
                                + "WHERE r.name = ?1 OR CAST(r.id AS TEXT) = ?1 "
                                  "ORDER BY r.id DESC LIMIT 1");
    st.bind(1, idOrName);
    if (!st.step())
        throw Error("no run \"" + idOrName + "\" in " + m_ws.dir().string());
    return readRun(st);
}

std::vector<RunRecord> RunStore::list()
{
    auto st = m_ws.db().prepare(std::string(kRunColumns) + "ORDER BY r.id");
    std::vector<RunRecord> runs;
    while (st.step())
        runs.push_back(readRun(st));
    return runs;
}

} // namespace dllab::training
