#include "database.h"

#include "error.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace dllab::workspace {

namespace {

// Waiting beats failing: other processes hold the write lock only for short transactions.
constexpr int kBusyTimeoutMs = 30000;

[[noreturn]] void fail(sqlite3 *db, std::string_view what)
{
    throw Error("database error (" + std::string(what) + "): " + sqlite3_errmsg(db));
}

} // namespace

Statement::Statement(sqlite3 *db, std::string_view sql) : m_db(db)
{
    if (sqlite3_prepare_v2(db, sql.data(), int(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
        fail(db, sql);
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement &Statement::bind(int index, int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, std::string_view text)
{
    sqlite3_bind_text(m_stmt, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement &Statement::bind(int index, const std::optional<int64_t> &value)
{
    return value ? bind(index, *value) : bindNull(index);
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(m_db, sqlite3_sql(m_stmt));
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int64_t Statement::columnInt(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::columnDouble(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string Statement::columnText(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return text ? std::string(text, size_t(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

bool Statement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

namespace {

// A function's static: forbidThread() may run from another file's static initializer, before
// a namespace-scope variable here would have been initialized (and would then be reset).
std::atomic<std::thread::id> &forbidden()
{
    static std::atomic<std::thread::id> id{};
    return id;
}
thread_local int g_permits = 0;

void checkThread(std::string_view what)
{
    if (g_permits > 0 || std::this_thread::get_id() != forbidden().load())
        return;
    std::fprintf(stderr,
                 "dllab: the workspace was used on the GUI thread (%.*s); read it on a "
                 "worker (LatestRead, WorkspaceMonitor)\n",
                 int(std::min<size_t>(what.size(), 200)), what.data());
    std::abort();
}

} // namespace

void Database::forbidThread(std::thread::id id) { forbidden().store(id); }
Database::ThreadPermit::ThreadPermit() { ++g_permits; }
Database::ThreadPermit::~ThreadPermit() { --g_permits; }

Database::Database(const std::filesystem::path &file) : m_file(file)
{
    checkThread(file.native());
    if (sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        throw Error("cannot open workspace database " + file.string() + ": " + message);
    }
    sqlite3_busy_timeout(m_db, kBusyTimeoutMs);
    // Setting the journal mode can meet SQLITE_BUSY without the busy handler being asked: a
    // connection that closes the database last checkpoints and removes the WAL under an exclusive
    // lock. That lasts milliseconds, so wait for it as the busy timeout would.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    while (true) {
        const int rc = sqlite3_exec(m_db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK)
            break;
        if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline)
            exec("PRAGMA journal_mode=WAL"); // throws, naming the file and the error
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    exec("PRAGMA foreign_keys=ON");
    exec("PRAGMA synchronous=NORMAL");
}

Database::~Database() { sqlite3_close(m_db); }

void Database::exec(std::string_view sql)
{
    checkThread(sql);
    char *message = nullptr;
    if (sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        throw Error("database error in " + m_file.string() + ": " + text + " (in "
                    + std::string(sql.substr(0, 60)) + ")");
    }
}

Statement Database::prepare(std::string_view sql)
{
    checkThread(sql);
    return Statement(m_db, sql);
}

int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }

int Database::userVersion()
{
    auto statement = prepare("PRAGMA user_version");
    statement.step();
    return int(statement.columnInt(0));
}

Transaction::Transaction(Database &db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) {
            // A failed rollback leaves SQLite to roll back when the connection closes.
        }
    }
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace dllab::workspace
