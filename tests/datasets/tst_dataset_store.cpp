// Dataset versions in a real workspace: import, dedup, lineage, diff, verify, split, atomicity.
#include "datasets/content_hash.h"
#include "datasets/dataset_store.h"
#include "error_checks.h"
#include "test_files.h"
#include "workspace/error.h"

using namespace dllab;
using namespace dllab::datasets;

namespace {

std::string irisLike(int rowsPerClass, int skipVersicolor = 0)
{
    std::string csv = "a,b,species\n";
    const char *names[] = {"setosa", "versicolor", "virginica"};
    for (int c = 0; c < 3; ++c)
        for (int i = (c == 1 ? skipVersicolor : 0); i < rowsPerClass; ++i)
            csv += std::to_string(c) + "." + std::to_string(i) + "," + std::to_string(i) + ","
                   + names[c] + "\n";
    return csv;
}

size_t blobFiles(const std::filesystem::path &ws)
{
    size_t count = 0;
    for (const auto &entry : std::filesystem::recursive_directory_iterator(ws / "blobs"))
        count += entry.is_regular_file() ? 1 : 0;
    return count;
}

struct StoreFixture : ::testing::Test {
    test::ScratchDir dir;
    workspace::Workspace ws{dir / "ws"};
    DatasetStore store{ws};
    ImportResult importCsv(const std::string &file, const std::string &text)
    {
        return store.importFiles("t", {dir.write(file, text)}, {}, "", {});
    }
};

} // namespace

TEST_F(StoreFixture, ImportsMnistWithSplits)
{
    const auto result = store.importFiles("mnist", {test::sharedData() / "mnist-10k"}, {}, "", {});
    ASSERT_TRUE(result.created);
    const VersionInfo &v = result.version;
    EXPECT_EQ(v.ref(), "mnist@v1");
    EXPECT_EQ(v.samples, 10000);
    EXPECT_EQ(v.kind, DatasetKind::Image);
    EXPECT_EQ(v.featureShape, (std::vector<int64_t>{1, 28, 28}));
    EXPECT_EQ(v.classes.size(), 10u);
    EXPECT_EQ(v.splits.at("train"), 8000);
    EXPECT_EQ(v.splits.at("test"), 2000);
    EXPECT_EQ(v.classCounts.at("0"), 823 + 178);
    ASSERT_EQ(v.mean.size(), 1u);
    EXPECT_NEAR(v.mean[0], 0.13, 0.01); // MNIST's well-known pixel mean

    const DatasetContent loaded = store.load("mnist@v1");
    EXPECT_EQ(contentHash(loaded), v.hash);
    EXPECT_TRUE(store.verify("mnist").ok);
}

TEST_F(StoreFixture, SameContentMakesNoVersionChangedContentMakesV2)
{
    ASSERT_TRUE(importCsv("a.csv", irisLike(10)).created);
    // Same numbers from another file name: still no new version.
    const auto again = importCsv("copy.csv", irisLike(10));
    EXPECT_FALSE(again.created);
    EXPECT_EQ(again.version.number, 1);

    const auto changed = importCsv("b.csv", irisLike(12, 3));
    ASSERT_TRUE(changed.created);
    EXPECT_EQ(changed.version.number, 2);
    EXPECT_EQ(changed.version.parent, 1);
    EXPECT_EQ(store.log("t").size(), 2u);

    const DiffResult diff = store.diff("t@v1", "t@v2");
    EXPECT_EQ(diff.added, 2 + 2 + 2 - 0);
    EXPECT_EQ(diff.removed, 3);
    for (const auto &c : diff.classes) {
        if (c.className == "versicolor") {
            EXPECT_EQ(c.added, 2);   // rows 10 and 11
            EXPECT_EQ(c.removed, 3); // rows 0..2
            EXPECT_EQ(c.before, 10);
            EXPECT_EQ(c.after, 9);
        } else {
            EXPECT_EQ(c.added, 2);
            EXPECT_EQ(c.removed, 0);
        }
    }
}

TEST_F(StoreFixture, VerifyDetectsOneChangedByte)
{
    const auto v = importCsv("a.csv", irisLike(10)).version;
    ASSERT_TRUE(store.verify("t@v1").ok);
    const auto file = ws.blobs().pathOf(v.blob);
    std::fstream bytes(file, std::ios::in | std::ios::out | std::ios::binary);
    bytes.seekg(-5, std::ios::end);
    const char original = char(bytes.get());
    bytes.seekp(-5, std::ios::end);
    bytes.put(char(original ^ 0x01));
    bytes.close();
    const VerifyResult result = store.verify("t@v1");
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.problem.find(file.string()), std::string::npos) << result.problem;
}

TEST_F(StoreFixture, SplitIsStratifiedSeededAndKeepsAnExistingTestSplit)
{
    importCsv("a.csv", irisLike(20));
    const auto split = store.split("t", 0.2, 0.1, 7, {});
    ASSERT_TRUE(split.created);
    EXPECT_EQ(split.version.splits.at("val"), 12); // 4 per class
    EXPECT_EQ(split.version.splits.at("test"), 6); // 2 per class
    EXPECT_EQ(split.version.splits.at("train"), 42);
    // The same split of the same version is the same content: no new version.
    EXPECT_FALSE(store.split("t@v1", 0.2, 0.1, 7, {}).created);
    EXPECT_TRUE(store.split("t@v1", 0.2, 0.1, 8, {}).created);

    store.importFiles("mnist", {test::sharedData() / "mnist-10k"}, {}, "", {});
    const auto mnist = store.split("mnist", 0.1, 0.0, 0, {}).version;
    EXPECT_EQ(mnist.splits.at("test"), 2000);
    EXPECT_EQ(mnist.splits.at("val") + mnist.splits.at("train"), 8000);
    EXPECT_NEAR(double(mnist.splits.at("val")), 800, 10);
}

TEST_F(StoreFixture, DeleteRemovesTheVersionAndItsFileAndNeverGivesItsNumberAgain)
{
    importCsv("a.csv", irisLike(10));
    importCsv("b.csv", irisLike(12, 3));
    ASSERT_EQ(store.split("t@v2", 0.2, 0.0, 1, {}).version.number, 3);
    const size_t files = blobFiles(dir / "ws");

    EXPECT_EQ(store.remove("t@v2").number, 2);
    EXPECT_EQ(blobFiles(dir / "ws"), files - 1);
    EXPECT_EQ(store.show("t@v3").parent, 1); // the chain closes over the deleted version
    EXPECT_THROW(store.show("t@v2"), Error);
    EXPECT_TRUE(store.verify("t@v3").ok);

    // Deleting the newest version does not free its number for other content.
    store.remove("t@v3");
    EXPECT_EQ(importCsv("c.csv", irisLike(14)).version.number, 4);

    // With every version gone the dataset leaves the list; a new import goes on counting.
    store.remove("t@v1");
    store.remove("t@v4");
    EXPECT_TRUE(store.list().empty());
    EXPECT_EQ(blobFiles(dir / "ws"), 0u);
    EXPECT_EQ(importCsv("a.csv", irisLike(10)).version.number, 5);
}

TEST_F(StoreFixture, DeleteRefusesAVersionARunUsesAndANameWithoutVersion)
{
    const auto v1 = importCsv("a.csv", irisLike(10)).version;
    ws.db().exec("INSERT INTO runs(name, kind, status, spec_json, dataset_version_id) "
                 "SELECT 'run-' || n, 'train', 'finished', '{}', v.id FROM dataset_versions v, "
                 "(SELECT 1 AS n UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 "
                 "UNION SELECT 6 UNION SELECT 7)");
    EXPECT_ERROR_HAS(store.remove("t@v1"), "t@v1 is used by 7 runs (run-1, run-2, run-3, "
                                           "run-4, run-5 and 2 more)");
    EXPECT_TRUE(store.verify("t@v1").ok); // row and file untouched
    EXPECT_EQ(store.show("t").hash, v1.hash);

    EXPECT_ERROR_HAS(store.remove("t"), "say which (e.g. t@v1)");
    EXPECT_THROW(store.remove("t@v9"), Error);
    EXPECT_THROW(store.remove("nope@v1"), Error);
}

TEST_F(StoreFixture, BadInputWritesNothing)
{
    importCsv("good.csv", irisLike(5));
    const size_t blobsBefore = blobFiles(dir / "ws");
    EXPECT_THROW(importCsv("ragged.csv", "a,b,c\n1,2,x\n3,4\n"), Error);
    EXPECT_THROW(store.importFiles("other", {dir.write("empty.csv", "")}, {}, "", {}), Error);
    EXPECT_EQ(store.list().size(), 1u);
    EXPECT_EQ(store.log("t").size(), 1u);
    EXPECT_EQ(blobFiles(dir / "ws"), blobsBefore);
}

TEST_F(StoreFixture, CancelledImportWritesNothing)
{
    std::stop_source stop;
    stop.request_stop();
    JobContext ctx{stop.get_token(), {}};
    EXPECT_THROW(store.importFiles("mnist", {test::sharedData() / "mnist-10k"}, {}, "", ctx),
                 Cancelled);
    EXPECT_TRUE(store.list().empty());
    EXPECT_EQ(blobFiles(dir / "ws"), 0u);
}

TEST_F(StoreFixture, UnknownNamesAreClearErrors)
{
    importCsv("a.csv", irisLike(3));
    EXPECT_THROW(store.show("nope"), Error);
    try {
        store.show("t@v9");
        FAIL();
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("no version v9"), std::string::npos) << e.what();
    }
    EXPECT_THROW(store.show("t@x"), Error);
}

// A regression version keeps float targets through HDF5, hashes them, and splits by target
// decile so that val and test span the whole range.
TEST_F(StoreFixture, RegressionVersionsRoundTripAndSplitAcrossTheRange)
{
    std::string csv = "x,price\n";
    for (int i = 0; i < 100; ++i)
        csv += std::to_string(i % 7) + "," + std::to_string(i) + ".5\n";
    const auto imported = importCsv("p.csv", csv);
    EXPECT_EQ(imported.version.task, Task::Regression);
    EXPECT_EQ(imported.version.label, "price");
    EXPECT_TRUE(imported.version.classes.empty());
    EXPECT_DOUBLE_EQ(imported.version.targetStats.at("max").get<double>(), 99.5);
    const DatasetContent content = store.load("t@v1");
    EXPECT_EQ(content.task, Task::Regression);
    ASSERT_EQ(content.targets.size(), 100u);
    EXPECT_EQ(content.targets[3], 3.5f);
    EXPECT_TRUE(store.verify("t@v1").ok);
    // Shown again with the same name, it is the same reloaded version.
    EXPECT_EQ(store.show("t").task, Task::Regression);

    const auto split = store.split("t", 0.2, 0.1, 3, {}).version;
    EXPECT_EQ(split.splits.at("test"), 10); // one per decile
    EXPECT_EQ(split.splits.at("val"), 20);
    const DatasetContent parts = store.load(split.ref());
    const auto &test = parts.splits.at("test");
    float low = 1e9f, high = -1e9f;
    for (int64_t i : test) {
        low = std::min(low, parts.targets[size_t(i)]);
        high = std::max(high, parts.targets[size_t(i)]);
    }
    EXPECT_LT(low, 10.0f);
    EXPECT_GT(high, 90.0f);

    // The same numbers as classes are a different content.
    ImportOptions asClasses;
    asClasses.task = Task::Classification;
    const auto classes = store.importFiles("t", {dir / "p.csv"}, asClasses, "", {});
    EXPECT_TRUE(classes.created);
    EXPECT_EQ(classes.version.classes.size(), 100u);
}
