#pragma once
// A thin RAII layer over one SQLite connection. One Database per thread; it is not shared.
// Errors become dllab::Error naming the database file and the statement.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

struct sqlite3;
struct sqlite3_stmt;

namespace dllab::workspace {

class Statement {
public:
    Statement(sqlite3 *db, std::string_view sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int index, int64_t value);
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view text);
    Statement &bindNull(int index);
    Statement &bind(int index, const std::optional<int64_t> &value);

    // Advances to the next row; false when done. Statements without rows: call once.
    bool step();
    void reset();

    int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    bool columnIsNull(int column) const;

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

class Database {
public:
    // DESIGN.md §3: the GUI thread never waits on SQLite. After forbidThread(id), opening or
    // using a Database on thread `id` prints what it tried and aborts; the GUI sets it for its
    // own thread in debug builds, and every GUI test does (tests/ui/forbid_gui_thread.cpp).
    static void forbidThread(std::thread::id id);
    // While one lives on a thread, that thread may use the workspace even if forbidden: a test
    // reading the store to check what the GUI did, as another process would.
    class ThreadPermit {
    public:
        ThreadPermit();
        ~ThreadPermit();
        ThreadPermit(const ThreadPermit &) = delete;
        ThreadPermit &operator=(const ThreadPermit &) = delete;
    };

    // Opens (creating if needed) with WAL, foreign keys and a busy timeout, so that several
    // processes can share one workspace.
    explicit Database(const std::filesystem::path &file);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    int64_t lastInsertId() const;
    int userVersion();
    const std::filesystem::path &file() const { return m_file; }

private:
    std::filesystem::path m_file;
    sqlite3 *m_db = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() was called. IMMEDIATE takes the write
// lock up front, so two processes never deadlock upgrading read locks.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    void commit();

private:
    Database &m_db;
    bool m_done = false;
};

} // namespace dllab::workspace
