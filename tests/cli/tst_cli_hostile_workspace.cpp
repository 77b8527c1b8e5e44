// What a careless user (or a hostile file) does to a workspace through dllab-cli: exports aimed at
// the workspace, damaged dataset files, an emptied catalog, abandoned temporary files, and
// checkpoints piling up. Each case failed before the fix it guards.
#include "hostile_util.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

using nlohmann::json;
using namespace dllab::test;
namespace fs = std::filesystem;

namespace {

// The workspace still opens and still knows its run and its dataset.
void expectIntact(const fs::path &ws, const std::string &run)
{
    ASSERT_TRUE(fs::is_regular_file(ws / "lab.db")) << ws;
    const CliResult show = cli(ws, {"runs", "show", run, "--json"});
    ASSERT_EQ(show.status, 0) << show.err;
    EXPECT_EQ(show.document()["status"], "finished");
    EXPECT_EQ(cli(ws, {"dataset", "verify", "iris"}).status, 0);
}

fs::path versionBlob(const fs::path &ws, const std::string &ref)
{
    const json v = cli(ws, {"dataset", "show", ref, "--json"}).document();
    const std::string blob = v["blob"];
    return ws / "blobs" / blob.substr(0, 2) / blob.substr(2);
}

void flipByte(const fs::path &file, std::streamoff offset)
{
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(offset);
    char c = 0;
    f.get(c);
    f.seekp(offset);
    f.put(char(c ^ 0x5a));
}

} // namespace

TEST(CliHostileWorkspace, ExportForceNeverDeletesTheWorkspace)
{
    ScratchDir dir;
    const fs::path ws = dir / "lab" / "ws";
    importIris(ws);
    const std::string run = trainIris(ws);
    ASSERT_FALSE(HasFailure());
    const std::vector<std::string> exportArgs{"export",      run,       "--format",
                                              "torchscript", "--force", "--out"};
    const auto exportTo = [&](const fs::path &out) {
        auto args = exportArgs;
        args.push_back(out.string());
        return cli(ws, args);
    };
    // The workspace itself, its parent (and grandparent), and its own files.
    for (const fs::path &out :
         {ws, ws.parent_path(), dir.path(), ws / "blobs", ws / "blobs/ab", ws / "lab.db"}) {
        const CliResult r = exportTo(out);
        expectOurError(r, {"workspace"});
        expectIntact(ws, run);
    }
    // A symlink to an earlier export is not replaced, nor is the export behind it.
    ASSERT_EQ(exportTo(dir / "first").status, 0);
    fs::create_directory_symlink(dir / "first", dir / "link");
    expectOurError(exportTo(dir / "link"), {"symbolic link"});
    EXPECT_TRUE(fs::is_symlink(dir / "link"));
    EXPECT_TRUE(fs::exists(dir / "first" / "model.pt"));
    // A folder that is not an export is never replaced; a previous export is.
    dir.write("project/notes.txt", "mine");
    expectOurError(exportTo(dir / "project"), {"not a previous export"});
    EXPECT_TRUE(fs::exists(dir / "project" / "notes.txt"));
    const CliResult replaced = exportTo(dir / "first");
    EXPECT_EQ(replaced.status, 0) << replaced.err;
    EXPECT_TRUE(fs::exists(dir / "first" / "model.pt"));
    // <workspace>/exports, the Export dialog's default, is fine, and so is replacing it.
    EXPECT_EQ(exportTo(ws / "exports" / "iris").status, 0);
    EXPECT_EQ(exportTo(ws / "exports" / "iris").status, 0);
    expectIntact(ws, run);
}

TEST(CliHostileWorkspace, DamagedDatasetIsRefusedByTrainExportAndPredict)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    importIris(ws);
    const std::string run = trainIris(ws);
    ASSERT_FALSE(HasFailure());
    flipByte(versionBlob(ws, "iris@v1"), 4000);
    ASSERT_NE(cli(ws, {"dataset", "verify", "iris"}).status, 0);

    expectOurError(cli(ws, {"train", "--dataset", "iris", "--epochs", "1"}),
                   {"iris@v1 failed verification", "no longer match"});
    expectOurError(
        cli(ws, {"export", run, "--format", "torchscript", "--out", (dir / "out").string()}),
        {"iris@v1 failed verification"});
    const fs::path rows = dir.write("rows.csv", "5.1,3.5,1.4,0.2\n");
    expectOurError(cli(ws, {"predict", run, rows.string()}), {"iris@v1 failed verification"});
    EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(CliHostileWorkspace, EmptiedCatalogBesideBlobsIsAnError)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    importIris(ws);
    fs::resize_file(ws / "lab.db", 0);
    fs::remove(ws / "lab.db-wal");
    const CliResult r = cli(ws, {"dataset", "list"});
    expectOurError(r, {ws.string(), "lab.db is empty", "backup", "blobs/"});
    EXPECT_EQ(fs::file_size(ws / "lab.db"), 0u); // nothing was created over it
    // A new, empty folder is still a new workspace.
    EXPECT_EQ(cli(dir / "fresh", {"dataset", "list"}).status, 0);
}

TEST(CliHostileWorkspace, PendingFilesOfDeadProcessesAreRemovedOnOpen)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    importIris(ws);
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    ::waitpid(child, nullptr, 0); // its pid now names no process
    const fs::path dead = ws / "blobs/tmp" / (std::to_string(child) + "-123-0.h5");
    const fs::path live = ws / "blobs/tmp" / (std::to_string(::getpid()) + "-123-0.h5");
    std::ofstream(dead) << "half an import";
    std::ofstream(live) << "an import under way";
    ASSERT_EQ(cli(ws, {"dataset", "list"}).status, 0);
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_TRUE(fs::exists(live));
}

TEST(CliHostileWorkspace, CheckpointsKeepTheLastAndTheBestAndPruneOnRequest)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    importIris(ws);
    const std::string run = trainIris(ws, 6);
    ASSERT_FALSE(HasFailure());
    const json shown = cli(ws, {"runs", "show", run, "--json"}).document();
    std::vector<int64_t> epochs;
    std::string modelBlob;
    for (const auto &a : shown["artifacts"]) {
        if (a["kind"] == "checkpoint")
            epochs.push_back(a["epoch"]);
        if (a["kind"] == "model")
            modelBlob = a["blob"];
    }
    ASSERT_GE(epochs.size(), 1u);
    EXPECT_LE(epochs.size(), 2u); // the last, and the best when that is another epoch
    EXPECT_EQ(epochs.back(), 6);
    EXPECT_TRUE(fs::exists(ws / "blobs" / modelBlob.substr(0, 2) / modelBlob.substr(2)));

    const std::string more = trainIris(ws, 4, {"--set", "keep_checkpoints=10"});
    ASSERT_FALSE(HasFailure());
    const CliResult pruned = cli(ws, {"runs", "prune", "--json"});
    ASSERT_EQ(pruned.status, 0) << pruned.err;
    EXPECT_GE(pruned.document()["checkpoints_removed"].get<int>(), 3);
    // Pruned runs still predict and export: their model is kept.
    const fs::path rows = dir.write("rows.csv", "5.1,3.5,1.4,0.2\n");
    EXPECT_EQ(cli(ws, {"predict", more, rows.string()}).status, 0);
    EXPECT_EQ(cli(ws, {"predict", run, rows.string()}).status, 0);
    int files = 0;
    for (const auto &entry : fs::recursive_directory_iterator(ws / "blobs"))
        files += entry.is_regular_file();
    EXPECT_LE(files, 1 + 2 * 2); // the dataset, and at most a model and a checkpoint per run
}

TEST(CliHostileWorkspace, DiskFullFailsImportAndCheckpointCleanly)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    importIris(ws);
    // A file-size limit (512-byte blocks in sh) as a full disk: 200 KB is less than the digits
    // need, and less than an MNIST MLP's checkpoint.
    const auto limited = [&](const std::vector<std::string> &args) {
        std::string command =
            "ulimit -f 400; " + shellQuote(DLLAB_CLI) + " --workspace " + shellQuote(ws.string());
        for (const auto &arg : args)
            command += " " + shellQuote(arg);
        return runShell(command);
    };
    const fs::path digits = sharedData() / "mnist-png-500";
    expectOurError(limited({"dataset", "import", digits.string(), "--name", "digits"}),
                   {"cannot write", "File too large"});
    EXPECT_EQ(cli(ws, {"dataset", "list", "--json"}).document().size(), 1u);
    ASSERT_EQ(cli(ws, {"dataset", "import", digits.string(), "--name", "digits"}).status, 0);
    const CliResult train = limited({"train", "--dataset", "digits", "--epochs", "1", "--json"});
    EXPECT_NE(train.status, 0);
    EXPECT_NE(train.err.find("File too large"), std::string::npos) << train.err;
    const json runs = cli(ws, {"runs", "list", "--json"}).document();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0]["status"], "failed");
    EXPECT_TRUE(fs::is_empty(ws / "blobs/tmp"));
    EXPECT_EQ(cli(ws, {"dataset", "verify", "digits"}).status, 0);
}
