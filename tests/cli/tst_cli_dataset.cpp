// dllab-cli dataset ... as users script it: JSON output, malformed inputs, concurrent imports.
#include "../cli_process.h"
#include "../datasets/test_files.h"

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <thread>

using dllab::test::ScratchDir;
using dllab::test::sharedData;
using nlohmann::json;

namespace {

using Result = dllab::test::CliResult;

Result cli(const std::filesystem::path &ws, const std::vector<std::string> &args)
{
    return dllab::test::runCli(ws, args);
}

std::string datasetList(const std::filesystem::path &ws)
{
    const Result r = cli(ws, {"dataset", "list", "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
}

} // namespace

TEST(CliDataset, ImportsMnistIdxFolder)
{
    ScratchDir dir;
    const Result r = cli(dir / "ws", {"dataset", "import", (sharedData() / "mnist-10k").string(),
                                      "--name", "mnist", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const json v = r.document();
    EXPECT_EQ(v["samples"], 10000);
    EXPECT_EQ(v["kind"], "image");
    EXPECT_EQ(v["feature_shape"], json({1, 28, 28}));
    EXPECT_EQ(v["classes"].size(), 10u);
    EXPECT_EQ(v["splits"]["train"], 8000);
    EXPECT_EQ(v["splits"]["test"], 2000);
    EXPECT_EQ(v["version"], "v1");
    EXPECT_EQ(v["created"], true);
    EXPECT_TRUE(v["parent"].is_null());
    EXPECT_EQ(v["class_counts"]["1"], 914 + 213);

    const Result again =
        cli(dir / "ws", {"dataset", "import", (sharedData() / "mnist-10k").string(), "--name",
                         "mnist", "--json"});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(again.document()["created"], false);
    EXPECT_EQ(again.document()["version"], "v1");

    const Result verify = cli(dir / "ws", {"dataset", "verify", "mnist@v1", "--json"});
    EXPECT_EQ(verify.status, 0) << verify.err;
    EXPECT_EQ(verify.document()["ok"], true);
}

TEST(CliDataset, ImportsPngFolderAndIris)
{
    ScratchDir dir;
    const Result png =
        cli(dir / "ws", {"dataset", "import", (sharedData() / "mnist-png-500").string(), "--name",
                         "digits", "--json"});
    ASSERT_EQ(png.status, 0) << png.err;
    EXPECT_EQ(png.document()["samples"], 500);
    EXPECT_EQ(png.document()["feature_shape"], json({1, 28, 28}));
    for (const auto &[name, count] : png.document()["class_counts"].items())
        EXPECT_EQ(count, 50) << name;

    const Result iris = cli(dir / "ws", {"dataset", "import", (sharedData() / "iris.csv").string(),
                                         "--name", "iris", "--json"});
    ASSERT_EQ(iris.status, 0) << iris.err;
    const json v = iris.document();
    EXPECT_EQ(v["samples"], 150);
    EXPECT_EQ(v["kind"], "table");
    EXPECT_EQ(v["feature_shape"], json({4}));
    EXPECT_EQ(v["classes"], json({"setosa", "versicolor", "virginica"}));
    EXPECT_EQ(v["class_counts"]["virginica"], 50);

    const json list = json::parse(datasetList(dir / "ws"));
    ASSERT_EQ(list.size(), 2u);
}

// Each malformed input: non-zero exit, "error: " naming the file and the record, and the
// workspace's dataset list unchanged.
TEST(CliDataset, MalformedInputsChangeNothing)
{
    ScratchDir dir;
    ASSERT_EQ(cli(dir / "ws",
                  {"dataset", "import", (sharedData() / "iris.csv").string(), "--name", "iris"})
                  .status,
              0);
    const std::string before = datasetList(dir / "ws");

    std::string png;
    {
        std::ifstream in(sharedData() / "mnist-png-500/3" / "00012.png", std::ios::binary);
        png.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::string idxHeader("\0\0\x08\x03\0\0\0\x05\0\0\0\x1c\0\0\0\x1c", 16);
    struct Case {
        std::string file, bytes, record;
    };
    const std::vector<Case> cases = {
        {"ragged.csv", "a,b,label\n1,2,x\n3,4\n", "line 3"},
        {"empty.csv", "", "empty.csv"},
        {"header.csv", "a,b,label\n", "header.csv"},
        {"text.csv", "a,b,label\n1,zz,x\n", "line 2"},
        {"utf8.csv", "a,b,label\n1,2,\xff\xfe\n", "line 2"},
        {"short-images-idx3-ubyte", std::string("\0\0\x08", 3), "short-images-idx3-ubyte"},
        {"absurd-images-idx3-ubyte",
         std::string("\0\0\x08\x03\x7f\xff\xff\xff\0\0\0\x1c\0\0\0\x1c", 16),
         "absurd-images-idx3-ubyte"},
        {"bad.png", png.substr(0, png.size() / 2), "bad.png"},
        {"empty.png", "", "empty.png"},
    };
    for (const auto &c : cases) {
        SCOPED_TRACE(c.file);
        std::filesystem::path path;
        std::vector<std::string> args;
        if (c.file.ends_with(".png")) {
            // An image folder with one broken image among good ones.
            dir.write("imgs-" + c.file + "/3/good.png", png);
            path = dir.write("imgs-" + c.file + "/3/" + c.file, c.bytes);
            args = {"dataset", "import", path.parent_path().parent_path().string(), "--name",
                    "imgs"};
        } else if (c.file.find("idx") != std::string::npos) {
            path = dir.write(c.file, c.bytes);
            const auto labels =
                dir.write("labels-idx1-ubyte", std::string("\0\0\x08\x01\0\0\0\x05", 8) + "01234");
            args = {"dataset", "import", path.string(), labels.string(), "--name", "idx"};
        } else {
            path = dir.write(c.file, c.bytes);
            args = {"dataset", "import", path.string(), "--name", "bad", "--format", "csv"};
            if (c.file == "text.csv") // inferred, the text would make b categorical
                args.insert(args.end(), {"--column", "b=numeric"});
        }
        const Result r = cli(dir / "ws", args);
        EXPECT_NE(r.status, 0);
        EXPECT_NE(r.err.find("error: "), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(c.file), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(c.record), std::string::npos) << r.err;
        EXPECT_EQ(datasetList(dir / "ws"), before);
    }

    // Image and label counts disagree: 5 images, 3 labels.
    const auto images =
        dir.write("mismatch-images-idx3-ubyte", idxHeader + std::string(5 * 28 * 28, '\0'));
    const auto labels =
        dir.write("mismatch-labels-idx1-ubyte", std::string("\0\0\x08\x01\0\0\0\x03", 8) + "012");
    const Result mismatch =
        cli(dir / "ws", {"dataset", "import", images.string(), labels.string(), "--name", "m"});
    EXPECT_NE(mismatch.status, 0);
    EXPECT_NE(mismatch.err.find("mismatch-"), std::string::npos) << mismatch.err;
    EXPECT_EQ(datasetList(dir / "ws"), before);

    // A folder with no class folders.
    dir.write("flat/readme.txt", "no classes here");
    const Result flat = cli(dir / "ws", {"dataset", "import", (dir / "flat").string(), "--name",
                                         "f", "--format", "imagefolder"});
    EXPECT_NE(flat.status, 0);
    EXPECT_NE(flat.err.find("flat"), std::string::npos) << flat.err;
    EXPECT_EQ(datasetList(dir / "ws"), before);
}

TEST(CliDataset, LineageDiffAndVerify)
{
    ScratchDir dir;
    const auto v1 = dir.write("v1.csv", "x,y\n1,a\n2,a\n3,b\n");
    const auto v2 = dir.write("v2.csv", "x,y\n1,a\n3,b\n4,b\n5,b\n");
    ASSERT_EQ(cli(dir / "ws", {"dataset", "import", v1.string(), "--name", "t"}).status, 0);
    const Result second =
        cli(dir / "ws", {"dataset", "import", v2.string(), "--name", "t", "--json"});
    ASSERT_EQ(second.status, 0) << second.err;
    EXPECT_EQ(second.document()["version"], "v2");
    EXPECT_EQ(second.document()["parent"], "v1");

    const Result diff = cli(dir / "ws", {"dataset", "diff", "t@v1", "t@v2", "--json"});
    ASSERT_EQ(diff.status, 0) << diff.err;
    const json d = diff.document();
    EXPECT_EQ(d["added"], 2);
    EXPECT_EQ(d["removed"], 1);
    for (const auto &c : d["classes"]) {
        if (c["class"] == "a") {
            EXPECT_EQ(c["removed"], 1);
            EXPECT_EQ(c["added"], 0);
        } else {
            EXPECT_EQ(c["added"], 2);
            EXPECT_EQ(c["removed"], 0);
        }
    }

    const Result log = cli(dir / "ws", {"dataset", "log", "t", "--json"});
    ASSERT_EQ(log.document().size(), 2u);
    EXPECT_EQ(log.document()[0]["version"], "v2"); // newest first

    // Change one byte of v2's blob: verify must fail with a non-zero exit.
    const auto blob = dir / "ws/blobs" / second.document()["blob"].get<std::string>().substr(0, 2)
                      / second.document()["blob"].get<std::string>().substr(2);
    std::fstream bytes(blob, std::ios::in | std::ios::out | std::ios::binary);
    bytes.seekp(100);
    bytes.put('\x7f');
    bytes.close();
    const Result verify = cli(dir / "ws", {"dataset", "verify", "t@v2"});
    EXPECT_NE(verify.status, 0);
    EXPECT_NE(verify.err.find("t@v2"), std::string::npos) << verify.err;
    EXPECT_EQ(cli(dir / "ws", {"dataset", "verify", "t@v1"}).status, 0);
}

TEST(CliDataset, DeleteTakesAVersionOutOfTheListAndRefusesOneARunUses)
{
    ScratchDir dir;
    const auto v1 = dir.write("v1.csv", "x,y\n1,a\n2,a\n3,b\n4,b\n");
    const auto v2 = dir.write("v2.csv", "x,y\n1,a\n3,b\n4,b\n5,b\n");
    ASSERT_EQ(cli(dir / "ws", {"dataset", "import", v1.string(), "--name", "t"}).status, 0);
    ASSERT_EQ(cli(dir / "ws", {"dataset", "import", v2.string(), "--name", "t"}).status, 0);
    // A queued run holds its version as much as a finished one.
    const Result queued = cli(dir / "ws", {"train", "--dataset", "t@v1", "--queue"});
    ASSERT_EQ(queued.status, 0) << queued.err;

    const Result refused = cli(dir / "ws", {"dataset", "delete", "t@v1"});
    EXPECT_NE(refused.status, 0);
    EXPECT_NE(refused.err.find("t@v1 is used by 1 run (run-1)"), std::string::npos) << refused.err;
    EXPECT_EQ(cli(dir / "ws", {"dataset", "verify", "t@v1"}).status, 0);

    const Result deleted = cli(dir / "ws", {"dataset", "delete", "t@v2", "--json"});
    ASSERT_EQ(deleted.status, 0) << deleted.err;
    EXPECT_EQ(deleted.document()["deleted"], "t@v2");
    const Result log = cli(dir / "ws", {"dataset", "log", "t", "--json"});
    ASSERT_EQ(log.document().size(), 1u);
    EXPECT_EQ(log.document()[0]["version"], "v1");
    EXPECT_NE(cli(dir / "ws", {"dataset", "delete", "t@v2"}).status, 0); // already gone
}

TEST(CliDataset, ImageSizeChannelsAndTheAugmentationPreview)
{
    ScratchDir dir;
    const std::string pngs = (sharedData() / "mnist-png-500").string();
    const Result sized =
        cli(dir / "ws", {"dataset", "import", pngs, "--name", "small", "--image-size", "20x16",
                         "--resize", "crop", "--channels", "3", "--json"});
    ASSERT_EQ(sized.status, 0) << sized.err;
    EXPECT_EQ(sized.document()["feature_shape"], json({3, 16, 20}));
    const std::string notes = sized.document()["notes"].dump();
    EXPECT_NE(notes.find("500 of 500 images resized to 20x16 (crop"), std::string::npos) << notes;
    EXPECT_NE(notes.find("500 of 500 images are grayscale: repeated in 3 channels"),
              std::string::npos)
        << notes;

    for (const auto &[flags, message] :
         std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"--image-size", "0x16"}, "--image-size 0x16: expected WIDTHxHEIGHT"},
             {{"--image-size", "20"}, "--image-size 20: expected WIDTHxHEIGHT"},
             {{"--resize", "squash"}, "--resize must be fit, crop or stretch, not 'squash'"},
             {{"--channels", "2"}, "--channels must be 1 or 3, not 2"}}) {
        std::vector<std::string> args{"dataset", "import", pngs, "--name", "bad"};
        args.insert(args.end(), flags.begin(), flags.end());
        const Result refused = cli(dir / "ws", args);
        EXPECT_NE(refused.status, 0);
        EXPECT_NE(refused.err.find(message), std::string::npos) << refused.err;
    }
    EXPECT_EQ(datasetList(dir / "ws").find("\"bad\""), std::string::npos);

    const auto spec = dir.write("augment.json", R"({"augment": {"hflip": true, "rotation": 15}})");
    const auto grid = dir / "grid.png";
    const Result preview = cli(dir / "ws", {"dataset", "preview", "small", "--augment",
                                            spec.string(), "--out", grid.string()});
    ASSERT_EQ(preview.status, 0) << preview.err;
    std::ifstream png(grid, std::ios::binary);
    std::string signature(8, '\0');
    png.read(signature.data(), 8);
    EXPECT_EQ(signature, "\x89PNG\r\n\x1a\n");

    const auto bad = dir.write("bad.json", R"({"rotation": 500})");
    const Result refused = cli(dir / "ws", {"dataset", "preview", "small", "--augment",
                                            bad.string(), "--out", (dir / "x.png").string()});
    EXPECT_NE(refused.status, 0);
    EXPECT_NE(refused.err.find("augment.rotation must be a number from 0 to 180"),
              std::string::npos)
        << refused.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "x.png"));

    const auto table = dir.write("t.csv", "x,y\n1,a\n2,b\n3,a\n4,b\n");
    ASSERT_EQ(cli(dir / "ws", {"dataset", "import", table.string(), "--name", "t"}).status, 0);
    const Result notImages = cli(dir / "ws", {"dataset", "preview", "t", "--augment", spec.string(),
                                              "--out", (dir / "t.png").string()});
    EXPECT_NE(notImages.err.find("t@v1 is a table; augmentation previews are of image datasets"),
              std::string::npos)
        << notImages.err;
}

TEST(CliDataset, TwoProcessesImportIntoOneWorkspaceAtOnce)
{
    ScratchDir dir;
    cli(dir / "ws", {"dataset", "list"}); // create it first, as a user would have
    Result a, b;
    std::thread first([&] {
        a = cli(dir / "ws", {"dataset", "import", (sharedData() / "mnist-10k").string(), "--name",
                             "m1", "--json"});
    });
    std::thread second([&] {
        b = cli(dir / "ws", {"dataset", "import", (sharedData() / "mnist-png-500").string(),
                             "--name", "m2", "--json"});
    });
    first.join();
    second.join();
    ASSERT_EQ(a.status, 0) << a.err;
    ASSERT_EQ(b.status, 0) << b.err;
    const json list = json::parse(datasetList(dir / "ws"));
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(cli(dir / "ws", {"dataset", "verify", "m1"}).status, 0);
    EXPECT_EQ(cli(dir / "ws", {"dataset", "verify", "m2"}).status, 0);
}
