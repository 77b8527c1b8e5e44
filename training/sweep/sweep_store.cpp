#include "training/sweep/sweep_store.h"

#include "training/json_column.h"
#include "training/process_owner.h"
#include "workspace/error.h"

using nlohmann::json;

namespace dllab::sweep {

namespace {

constexpr const char *kSweepColumns =
    "SELECT id, name, status, spec_json, best_run_id, COALESCE(control, ''), "
    "COALESCE(owner_json, ''), created_at, COALESCE(ended_at, '') FROM sweeps ";

using training::parseOr;

// A sweep no runner holds has no owner.
std::optional<training::ProcessOwner> ownerOf(const std::string &ownerJson)
{
    if (ownerJson.empty())
        return std::nullopt;
    return training::ProcessOwner::fromJson(parseOr(ownerJson, json()));
}

SweepRecord readSweep(workspace::Statement &st)
{
    SweepRecord r;
    r.id = st.columnInt(0);
    r.name = st.columnText(1);
    r.status = parseSweepStatus(st.columnText(2));
    r.spec = parseOr(st.columnText(3), json::object());
    if (!st.columnIsNull(4))
        r.bestRunId = st.columnInt(4);
    r.control = parseSweepControl(st.columnText(5));
    if (const auto owner = ownerOf(st.columnText(6))) {
        r.ownerAlive = owner->mayBeAlive();
        r.ownerPid = owner->pid;
    }
    r.createdAt = st.columnText(7);
    r.endedAt = st.columnText(8);
    return r;
}

} // namespace

int64_t SweepStore::create(const json &spec, const std::string &name)
{
    auto &db = m_ws.db();
    workspace::Transaction transaction(db);
    db.prepare("INSERT INTO sweeps(name, spec_json, status) VALUES(?, ?, 'interrupted')")
        .bind(1, name)
        .bind(2, spec.dump())
        .step();
    const int64_t id = db.lastInsertId();
    transaction.commit();
    return id;
}

std::optional<SweepRecord> SweepStore::findByName(const std::string &name)
{
    auto st =
        m_ws.db().prepare(std::string(kSweepColumns) + "WHERE name = ? ORDER BY id DESC LIMIT 1");
    st.bind(1, name);
    if (!st.step())
        return std::nullopt;
    return readSweep(st);
}

SweepRecord SweepStore::get(int64_t id)
{
    auto st = m_ws.db().prepare(std::string(kSweepColumns) + "WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        throw Error("no sweep " + std::to_string(id) + " in " + m_ws.dir().string());
    return readSweep(st);
}

SweepRecord SweepStore::get(const std::string &idOrName)
{
    auto st = m_ws.db().prepare(std::string(kSweepColumns)
                                + "WHERE name = ?1 OR CAST(id AS TEXT) = ?1 "
                                  "ORDER BY (CAST(id AS TEXT) = ?1) DESC, id DESC LIMIT 1");
    st.bind(1, idOrName);
    if (!st.step())
        throw Error("no sweep \"" + idOrName + "\" in " + m_ws.dir().string());
    return readSweep(st);
}

std::vector<SweepRecord> SweepStore::list()
{
    auto st = m_ws.db().prepare(std::string(kSweepColumns) + "ORDER BY id");
    std::vector<SweepRecord> out;
    while (st.step())
        out.push_back(readSweep(st));
    return out;
}

int SweepStore::recoverInterrupted()
{
    auto &db = m_ws.db();
    std::vector<int64_t> dead;
    {
        // Only the sweeps a runner holds: finished ones are never read, nor their specs parsed.
        auto st = db.prepare("SELECT id, COALESCE(owner_json, '') FROM sweeps "
                             "WHERE status IN ('running', 'paused')");
        while (st.step()) {
            const auto owner = ownerOf(st.columnText(1));
            if (!owner || !owner->mayBeAlive())
                dead.push_back(st.columnInt(0));
        }
    }
    if (dead.empty())
        return 0;
    workspace::Transaction transaction(db);
    for (int64_t id : dead)
        db.prepare("UPDATE sweeps SET status = 'interrupted', owner_json = NULL, control = NULL "
                   "WHERE id = ? AND status IN ('running', 'paused')")
            .bind(1, id)
            .step();
    transaction.commit();
    return int(dead.size());
}

void SweepStore::claim(int64_t id)
{
    auto &db = m_ws.db();
    workspace::Transaction transaction(db);
    // Read under the write lock, so two processes never both claim one sweep.
    const SweepRecord sweep = get(id);
    if (sweep.ownerAlive)
        throw Error("sweep " + sweep.name + " (" + std::to_string(id) + ") is being run by process "
                    + std::to_string(sweep.ownerPid));
    db.prepare("UPDATE sweeps SET status = 'running', owner_json = ?, control = NULL, "
               "ended_at = NULL WHERE id = ?")
        .bind(1, training::ProcessOwner::current().toJson().dump())
        .bind(2, id)
        .step();
    transaction.commit();
}

void SweepStore::setStatus(int64_t id, SweepStatus status)
{
    m_ws.db()
        .prepare("UPDATE sweeps SET status = ? WHERE id = ?")
        .bind(1, statusName(status))
        .bind(2, id)
        .step();
}

void SweepStore::release(int64_t id, SweepStatus status)
{
    m_ws.db()
        .prepare("UPDATE sweeps SET status = ?, owner_json = NULL, control = NULL, "
                 "ended_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?")
        .bind(1, statusName(status))
        .bind(2, id)
        .step();
}

void SweepStore::setBest(int64_t id, std::optional<int64_t> runId)
{
    m_ws.db()
        .prepare("UPDATE sweeps SET best_run_id = ? WHERE id = ?")
        .bind(1, runId)
        .bind(2, id)
        .step();
}

void SweepStore::setControl(int64_t id, SweepControl control)
{
    auto st = m_ws.db().prepare("UPDATE sweeps SET control = ? WHERE id = ?");
    control == SweepControl::None ? st.bindNull(1) : st.bind(1, controlName(control));
    st.bind(2, id).step();
}

void SweepStore::setSpec(int64_t id, const json &spec)
{
    m_ws.db()
        .prepare("UPDATE sweeps SET spec_json = ? WHERE id = ?")
        .bind(1, spec.dump())
        .bind(2, id)
        .step();
}

void SweepStore::addTrial(int64_t sweepId, int number, const hpo::Params &params)
{
    m_ws.db()
        .prepare("INSERT INTO sweep_trials(sweep_id, number, params_json, state) "
                 "VALUES(?, ?, ?, 'queued')")
        .bind(1, sweepId)
        .bind(2, int64_t(number))
        .bind(3, json(params).dump())
        .step();
}

void SweepStore::setTrialRun(int64_t sweepId, int number, int64_t runId)
{
    m_ws.db()
        .prepare("UPDATE sweep_trials SET run_id = ? WHERE sweep_id = ? AND number = ?")
        .bind(1, runId)
        .bind(2, sweepId)
        .bind(3, int64_t(number))
        .step();
}

void SweepStore::setTrialState(int64_t sweepId, int number, TrialState state,
                               std::optional<double> objective, const std::string &error)
{
    auto st = m_ws.db().prepare("UPDATE sweep_trials SET state = ?, objective = ?, error = ? "
                                "WHERE sweep_id = ? AND number = ?");
    st.bind(1, stateName(state));
    objective ? st.bind(2, *objective) : st.bindNull(2);
    error.empty() ? st.bindNull(3) : st.bind(3, error);
    st.bind(4, sweepId).bind(5, int64_t(number)).step();
}

std::vector<TrialRecord> SweepStore::trials(int64_t sweepId)
{
    auto st = m_ws.db().prepare("SELECT number, run_id, params_json, state, objective, "
                                "COALESCE(error, '') FROM sweep_trials WHERE sweep_id = ? "
                                "ORDER BY number");
    st.bind(1, sweepId);
    std::vector<TrialRecord> out;
    while (st.step()) {
        TrialRecord t;
        t.number = int(st.columnInt(0));
        if (!st.columnIsNull(1))
            t.runId = st.columnInt(1);
        t.params = parseOr(st.columnText(2), json::object()).get<hpo::Params>();
        t.state = parseTrialState(st.columnText(3));
        if (!st.columnIsNull(4))
            t.objective = st.columnDouble(4);
        t.error = st.columnText(5);
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace dllab::sweep
