// The workspace: schema migrations, refusal of newer schemas, and the blob store's atomicity.
#include "../datasets/test_files.h"
#include "workspace/error.h"
#include "workspace/migrations.h"
#include "workspace/sha256.h"
#include "workspace/workspace.h"

#include <sqlite3.h>

using namespace dllab;
using namespace dllab::workspace;

TEST(Workspace, CreatesLatestSchemaWithWal)
{
    test::ScratchDir dir;
    Workspace ws(dir / "ws");
    EXPECT_EQ(ws.db().userVersion(), latestSchemaVersion());
    auto mode = ws.db().prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.columnText(0), "wal");
    EXPECT_TRUE(std::filesystem::is_directory(dir / "ws/blobs"));
}

TEST(Workspace, MigratesAnOlderSchemaKeepingItsRows)
{
    test::ScratchDir dir;
    std::filesystem::create_directories(dir / "old");
    {
        // A workspace as the first release wrote it: schema 1 only, with a dataset in it.
        Database db(dir / "old/lab.db");
        db.exec(migrations()[0]);
        db.exec("PRAGMA user_version=1");
        db.exec("INSERT INTO datasets(name) VALUES ('kept')");
    }
    Workspace ws(dir / "old");
    EXPECT_EQ(ws.db().userVersion(), latestSchemaVersion());
    auto rows = ws.db().prepare("SELECT name FROM datasets");
    ASSERT_TRUE(rows.step());
    EXPECT_EQ(rows.columnText(0), "kept");
    ws.db().exec(
        "INSERT INTO runs(name, kind, status, spec_json) VALUES ('r', 'train', 'queued', '{}')");
}

TEST(Workspace, RefusesANewerSchema)
{
    test::ScratchDir dir;
    std::filesystem::create_directories(dir / "new");
    {
        Database db(dir / "new/lab.db");
        db.exec("PRAGMA user_version=99");
    }
    try {
        Workspace ws(dir / "new");
        FAIL() << "a newer schema was opened";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
}

TEST(Workspace, UnwritableFolderIsAClearError)
{
    try {
        Workspace ws("/proc/dllab-cannot-exist");
        FAIL();
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("/proc/dllab-cannot-exist"), std::string::npos);
    }
}

TEST(BlobStore, AddsByContentHashAndVerifies)
{
    test::ScratchDir dir;
    BlobStore store(dir / "blobs");
    auto pending = store.newPending(".bin");
    std::ofstream(pending.path(), std::ios::binary) << "hello blobs";
    const std::string hash = store.add(pending);
    EXPECT_EQ(hash, Sha256::ofFile(store.pathOf(hash)));
    EXPECT_TRUE(store.verify(hash));
    EXPECT_TRUE(std::filesystem::is_empty(dir / "blobs/tmp")) << "the temp file was left behind";

    // One changed byte breaks verification.
    std::filesystem::permissions(store.pathOf(hash), std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
    std::fstream(store.pathOf(hash), std::ios::in | std::ios::out | std::ios::binary) << "J";
    EXPECT_FALSE(store.verify(hash));
}

TEST(BlobStore, AbandonedPendingFileIsRemoved)
{
    test::ScratchDir dir;
    BlobStore store(dir / "blobs");
    {
        auto pending = store.newPending(".bin");
        std::ofstream(pending.path()) << "half";
    }
    EXPECT_TRUE(std::filesystem::is_empty(dir / "blobs/tmp"));
}

TEST(Sha256, KnownVector)
{
    Sha256 sha;
    sha.update(std::string("abc"));
    EXPECT_EQ(sha.hexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
