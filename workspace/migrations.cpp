#include "migrations.h"

#include <array>

namespace dllab::workspace {

namespace {

constexpr std::string_view kDatasets = R"sql(
CREATE TABLE datasets(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
CREATE TABLE dataset_versions(
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
    number INTEGER NOT NULL,
    parent_id INTEGER REFERENCES dataset_versions(id),
    content_hash TEXT NOT NULL,
    blob TEXT NOT NULL,
    samples INTEGER NOT NULL,
    schema_json TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    source_json TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    UNIQUE(dataset_id, number));
)sql";

// Run tracking; filled by training (runs, metrics, artifacts) and sweeps.
constexpr std::string_view kTracking = R"sql(
CREATE TABLE sweeps(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    spec_json TEXT NOT NULL,
    status TEXT NOT NULL,
    best_run_id INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
CREATE TABLE runs(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK(kind IN ('train','trial')),
    sweep_id INTEGER REFERENCES sweeps(id),
    status TEXT NOT NULL CHECK(status IN
        ('queued','running','paused','finished','failed','cancelled','interrupted')),
    spec_json TEXT NOT NULL,
    dataset_version_id INTEGER REFERENCES dataset_versions(id),
    env_json TEXT NOT NULL DEFAULT '{}',
    error TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    started_at TEXT,
    ended_at TEXT,
    summary_json TEXT NOT NULL DEFAULT '{}');
CREATE TABLE metrics(
    run_id INTEGER NOT NULL REFERENCES runs(id),
    key TEXT NOT NULL,
    step INTEGER NOT NULL,
    epoch INTEGER,
    value REAL NOT NULL,
    wall_ms INTEGER NOT NULL);
CREATE INDEX metrics_by_run_key ON metrics(run_id, key, step);
CREATE TABLE artifacts(
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    kind TEXT NOT NULL CHECK(kind IN ('checkpoint','model','export')),
    blob TEXT NOT NULL,
    meta_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
)sql";

// Training runs: who owns a running run (pid, host, process start) so another process can tell
// a dead owner from a live one, and a control request ('cancel', 'pause') another process sets.
constexpr std::string_view kRunControl = R"sql(
ALTER TABLE runs ADD COLUMN owner_json TEXT;
ALTER TABLE runs ADD COLUMN control TEXT;
)sql";

// Sweeps: who runs one (as for runs), a control another process sets ('pause', 'stop'), and one
// row per trial, so a sweep resumes after a crash with every trial's parameters and outcome.
constexpr std::string_view kSweepTrials = R"sql(
ALTER TABLE sweeps ADD COLUMN owner_json TEXT;
ALTER TABLE sweeps ADD COLUMN control TEXT;
ALTER TABLE sweeps ADD COLUMN ended_at TEXT;
CREATE TABLE sweep_trials(
    sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
    number INTEGER NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    params_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK(state IN
        ('queued','running','complete','pruned','failed','stopped')),
    objective REAL,
    error TEXT,
    PRIMARY KEY(sweep_id, number));
)sql";

// Settings every process shares (the run queue's slot count); an index for the queue's scan;
// and a change counter per part of the catalog, bumped by triggers, so that a reader polling
// for changes (the GUI's WorkspaceMonitor) reads a list again only when it changed.
constexpr std::string_view kSettings = R"sql(
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX runs_by_status ON runs(status);
CREATE TABLE changes(name TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);
INSERT INTO changes(name) VALUES ('runs'), ('sweeps'), ('datasets'), ('metrics_deleted');
CREATE TRIGGER runs_inserted AFTER INSERT ON runs
    BEGIN UPDATE changes SET n = n + 1 WHERE name = 'runs'; END;
CREATE TRIGGER runs_updated AFTER UPDATE ON runs
    BEGIN UPDATE changes SET n = n + 1 WHERE name = 'runs'; END;
CREATE TRIGGER runs_deleted AFTER DELETE ON runs
    BEGIN UPDATE changes SET n = n + 1 WHERE name = 'runs'; END;
CREATE TRIGGER sweeps_inserted AFTER INSERT ON sweeps
    BEGIN UPDATE changes SET n = n + 1 WHERE name = 'sweeps'; END;
CREATE TRIGGER sweeps_updated AFTER UPDATE ON sweeps
    BEGIN UPDATE changes SET n = n + 1 WHERE name = 'sweeps'; END;
CREATE TRIGGER trials_inserted AFTER INSERT ON sweep_trials
    BEGIN UPDATE changes SET n = n + 1 WHERE name = 'sweeps'; END;
CREATE TRIGGER trials_updated AFTER UPDATE ON sweep_trials
    BEGIN UPDATE changes SET n = n + 1 WHERE name = 'sweeps'; END;
CREATE TRIGGER versions_inserted AFTER INSERT ON dataset_versions
    BEGIN UPDATE changes SET n = n + 1 WHERE name = 'datasets'; END;
CREATE TRIGGER versions_deleted AFTER DELETE ON dataset_versions
    BEGIN UPDATE changes SET n = n + 1 WHERE name = 'datasets'; END;
-- A resume deletes the points after its checkpoint, and SQLite may give the next points the
-- deleted rowids: whoever reads on "after row N" must read the run again.
CREATE TRIGGER metrics_deleted AFTER DELETE ON metrics
    BEGIN UPDATE changes SET n = n + 1 WHERE name = 'metrics_deleted'; END;
)sql";

// The highest version number a dataset has given, so that a deleted version's number (which
// runs' specs, exports and notes may still name) never comes back for other content.
constexpr std::string_view kVersionNumbers = R"sql(
ALTER TABLE datasets ADD COLUMN last_number INTEGER NOT NULL DEFAULT 0;
UPDATE datasets SET last_number =
    (SELECT COALESCE(MAX(number), 0) FROM dataset_versions v WHERE v.dataset_id = datasets.id);
)sql";

constexpr std::array<std::string_view, 6> kMigrations{kDatasets,    kTracking, kRunControl,
                                                      kSweepTrials, kSettings, kVersionNumbers};

} // namespace

std::span<const std::string_view> migrations() { return kMigrations; }

} // namespace dllab::workspace
